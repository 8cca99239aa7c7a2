// test-files: database server (a POS sale sent twice at once is recorded once)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { assertProblem, expectRefusedWithoutWrites, snapshot } from '../support/bad-input.js';
import { adjust, createLocation, createProduct, orderBody, orderViewOf, stockOf, uniqueCode, type OrderJson } from '../support/factories.js';

/** POST /v1/channels/{id}/pos-sales: a sale already handed over at a store (src/flows/capture/pos-sale.ts). */

let t: TestApp;
let pos: { id: string };
let shop: { id: string };
let closed: { id: string };
const store: Record<string, string> = {};
let channelKey: string;
let viewerKey: string;
let store2Key: string;
let shopKey: string;

interface SaleJson extends OrderJson {
  channel: string;
  external_id: string;
  lines: (OrderJson['lines'][number] & { shipped: number; unit_price: string })[];
  discrepancies: { sku: string; location: string; missing: number }[];
}

async function key(role: string, binding: { location?: string; channel?: string } = {}): Promise<string> {
  const res = await t.call('POST', '/v1/api-keys', { name: `pos ${role} ${JSON.stringify(binding)}`, role, ...binding });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().key as string;
}

async function channel(body: Record<string, unknown>): Promise<{ id: string }> {
  const res = await t.call('POST', '/v1/channels', body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

let receiptSeq = 0;
function sale(lines: { sku: string; quantity: number; unit_price?: string }[], overrides: Record<string, unknown> = {}) {
  receiptSeq += 1;
  return {
    external_id: `R-${process.pid}-${receiptSeq}`,
    location: 'POS-STORE-1',
    lines: lines.map((l) => ({ unit_price: '12.50', ...l })),
    currency: 'USD',
    placed_at: '2026-11-27T10:15:00Z',
    customer: { email: 'Walk.In@example.com', name: 'Walk-in customer', phone: null },
    notes: 'till 3',
    ...overrides,
  };
}

const at = (s: Awaited<ReturnType<typeof stockOf>>, code: string) => s.locations.find((l) => l.location === code) ?? { on_hand: 0, reserved: 0, available: 0 };

async function orderCount(): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(t.database.db, sql`select count(*) as n from orders`);
  return Number(row?.n);
}

async function stockEvents(type: string, orderId: string) {
  return queryRows<{ aggregate_id: string; data: Record<string, unknown> }>(
    t.database.db,
    sql`select aggregate_id, data from events where type = ${type} and data->>'order_id' = ${orderId} order by seq`,
  );
}

before(async () => {
  t = await buildTestApp();
  for (const code of ['POS-STORE-1', 'POS-STORE-2']) store[code] = (await createLocation(t, code, { type: 'store' })).id;
  store['POS-WH'] = (await createLocation(t, 'POS-WH')).id;
  await createProduct(t, 'POS-A');
  await createProduct(t, 'POS-C');
  await adjust(t, 'POS-A', 'POS-STORE-1', 10);
  await adjust(t, 'POS-A', 'POS-STORE-2', 10);
  await adjust(t, 'POS-A', 'POS-WH', 10);
  await adjust(t, 'POS-C', 'POS-STORE-1', 5);
  pos = await channel({ type: 'pos', name: 'Store tills', locations: ['POS-STORE-1', 'POS-STORE-2'] });
  shop = await channel({ type: 'shopify', name: 'Web shop' });
  closed = await channel({ type: 'pos', name: 'Closed store tills' });
  assert.equal((await t.call('DELETE', `/v1/channels/${closed.id}`)).statusCode, 204);
  channelKey = await key('channel', { channel: pos.id });
  viewerKey = await key('viewer');
  store2Key = await key('channel', { location: 'POS-STORE-2' });
  shopKey = await key('channel', { channel: shop.id });
});
after(() => t.close());

describe('POST /v1/channels/{id}/pos-sales', () => {
  test('the till’s discounts and tax-inclusive taxes are the order’s money, to the cent', async () => {
    // Its own product and stock: the other tests count POS-A's units.
    const sku = uniqueCode('POS-M');
    await createProduct(t, sku);
    await adjust(t, sku, 'POS-STORE-1', 5);
    const body = sale([{ sku, quantity: 3, discounts: [{ title: 'Staff', source: 'manual', amount: '1.00' }], taxes: [{ title: 'VAT', rate: '0.2', amount: '6.08' }] } as never], {
      taxes_included: true,
      channel_totals: { total: '36.50' },
    });
    const res = await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, body, { key: channelKey });
    assert.equal(res.statusCode, 201, res.body);
    const order = res.json() as { totals: Record<string, string>; money_discrepancy: unknown; lines: { discount_total: string; tax_total: string }[] };
    assert.deepEqual([order.totals.subtotal, order.totals.discount_total, order.totals.tax_total, order.totals.total], ['37.50', '1.00', '6.08', '36.50']);
    assert.deepEqual([order.lines[0]?.discount_total, order.lines[0]?.tax_total], ['1.00', '6.08']);
    assert.equal(order.money_discrepancy, null);
  });

  test('a sale is paid at the till: one sale of its total on gateway pos, or the tenders it names', async () => {
    const sku = uniqueCode('POS-P');
    await createProduct(t, sku);
    await adjust(t, sku, 'POS-STORE-1', 5);
    const plain = await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, sale([{ sku, quantity: 1, unit_price: '12.00' } as never]), { key: channelKey });
    assert.equal(plain.statusCode, 201, plain.body);
    assert.deepEqual([plain.json().payment.financial_status, plain.json().payment.paid], ['paid', '12.00']);
    const tenders = [
      { kind: 'sale', amount: '10.00', gateway: 'adyen_pos', gateway_reference: 'psp-881' },
      { kind: 'sale', amount: '14.00', gateway: 'cash' },
    ];
    const split = await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, sale([{ sku, quantity: 2, unit_price: '12.00' } as never], { transactions: tenders }), { key: channelKey });
    assert.equal(split.statusCode, 201, split.body);
    const ledger = (await t.call('GET', `/v1/orders/${split.json().id}/transactions`)).json();
    assert.deepEqual(ledger.data.map((x: Record<string, unknown>) => [x.gateway, x.amount, x.gateway_reference]), [['adyen_pos', '10.00', 'psp-881'], ['cash', '14.00', null]]);
    assert.equal(ledger.summary.financial_status, 'paid');
  });

  test('a sale decrements only that store, with ledger rows, and is a delivered order with no fulfillment or shipment', async () => {
    const before = await stockOf(t, 'POS-A');
    const body = sale([{ sku: 'POS-A', quantity: 3 }, { sku: 'POS-C', quantity: 1, unit_price: '4.99' }]);
    const res = await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, body, { key: channelKey });
    assert.equal(res.statusCode, 201, res.body);
    const order = res.json() as SaleJson;
    assert.deepEqual([order.status, order.channel, order.external_id], ['delivered', pos.id, body.external_id]);
    assert.deepEqual(
      order.lines.map((l) => [l.sku, l.quantity, l.unit_price, l.allocated, l.backordered, l.cancelled, l.shipped]),
      [['POS-A', 3, '12.50', 3, 0, 0, 3], ['POS-C', 1, '4.99', 1, 0, 0, 1]],
    );
    assert.deepEqual(order.totals, { subtotal: '42.49', discount_total: '0.00', tax_total: '0.00', shipping: '0.00', shipping_total: '0.00', duties_total: '0.00', total: '42.49', cancelled: '0.00' });
    assert.deepEqual(order.allocations, [], 'nothing is reserved');
    assert.deepEqual(order.discrepancies, []);

    const after = await stockOf(t, 'POS-A');
    assert.deepEqual(at(after, 'POS-STORE-1'), { ...at(before, 'POS-STORE-1'), on_hand: at(before, 'POS-STORE-1').on_hand - 3, available: at(before, 'POS-STORE-1').available - 3 });
    assert.deepEqual(at(after, 'POS-STORE-2'), at(before, 'POS-STORE-2'), 'the other store is untouched');
    assert.deepEqual(at(after, 'POS-WH'), at(before, 'POS-WH'));
    assert.equal(at(await stockOf(t, 'POS-C'), 'POS-STORE-1').on_hand, 4);

    const ledger = await queryRows<{ sku: string; location_id: string; delta: number; on_hand_after: number; reason: string }>(
      t.database.db,
      sql`select sku, location_id, delta, on_hand_after, reason from inventory_movements where reference = ${order.id} order by sku`,
    );
    assert.deepEqual(ledger, [
      { sku: 'POS-A', location_id: store['POS-STORE-1'], delta: -3, on_hand_after: 7, reason: 'pos_sale' },
      { sku: 'POS-C', location_id: store['POS-STORE-1'], delta: -1, on_hand_after: 4, reason: 'pos_sale' },
    ]);

    const got = await t.call('GET', `/v1/orders/${order.id}`);
    const { discrepancies: _, ...view } = order;
    assert.deepEqual(orderViewOf(got.json()), view, 'the answer is the order view of GET /v1/orders/{id}');
    assert.deepEqual((await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data, []);
    assert.deepEqual((await t.call('GET', `/v1/shipments?order_id=${order.id}`)).json().data, []);
    const [reservations] = await queryRows<{ n: number | string }>(t.database.db, sql`select count(*) as n from reservations where order_id = ${order.id}`);
    assert.equal(Number(reservations?.n), 0);

    const timeline = (await t.call('GET', `/v1/orders/${order.id}/events`)).json().data as { type: string; data: Record<string, unknown> }[];
    assert.deepEqual(timeline.map((e) => e.type), ['order.created', 'order.allocated', 'order.shipped', 'order.delivered', 'order.transaction_recorded']);
    assert.equal(timeline[0]?.data.source, 'pos');
    assert.deepEqual(timeline.slice(1, 4).map((e) => [e.data.from, e.data.to]), [['received', 'allocated'], ['allocated', 'shipped'], ['shipped', 'delivered']]);
    assert.deepEqual([timeline[4]?.data.kind, timeline[4]?.data.gateway, timeline[4]?.data.financial_status], ['sale', 'pos', 'paid'], 'paid at the till');
    const adjusted = await stockEvents('inventory.adjusted', order.id);
    assert.deepEqual(adjusted.map((e) => [e.aggregate_id, e.data.delta, e.data.reason]), [[`POS-A@${store['POS-STORE-1']}`, -3, 'pos_sale'], [`POS-C@${store['POS-STORE-1']}`, -1, 'pos_sale']]);
  });

  test('selling more than the system had: recorded anyway, on hand down to what an online order reserved, a discrepancy event', async () => {
    // SKUs of its own: two units of B and five of C at the store. An online order reserves one of the B.
    const [b, c] = [uniqueCode('POS-B'), uniqueCode('POS-C')];
    await createProduct(t, b, { low_stock_threshold: 0 });
    await createProduct(t, c);
    await adjust(t, b, 'POS-STORE-1', 2);
    await adjust(t, c, 'POS-STORE-1', 5);
    const online = await t.call('POST', '/v1/orders', orderBody([{ sku: b, quantity: 1 }]));
    assert.equal(online.statusCode, 201, online.body);
    const onlineOrder = online.json() as OrderJson;
    assert.deepEqual(onlineOrder.allocations.map((a) => [a.location, a.quantity]), [['POS-STORE-1', 1]]);
    const held = at(await stockOf(t, b), 'POS-STORE-1');
    assert.deepEqual([held.on_hand, held.reserved, held.available], [2, 1, 1]);

    const res = await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, sale([{ sku: b, quantity: 5 }, { sku: c, quantity: 1 }]), { key: channelKey });
    assert.equal(res.statusCode, 201, res.body);
    const order = res.json() as SaleJson;
    assert.equal(order.status, 'delivered');
    assert.deepEqual(order.lines.map((l) => [l.sku, l.allocated, l.shipped]), [[b, 5, 5], [c, 1, 1]]);
    assert.deepEqual(order.discrepancies, [{ sku: b, location: 'POS-STORE-1', missing: 4 }]);

    const level = at(await stockOf(t, b), 'POS-STORE-1');
    assert.deepEqual([level.on_hand, level.reserved, level.available], [1, 1, 0], 'on hand falls to what is reserved, never below');
    const stillOnline = (await t.call('GET', `/v1/orders/${onlineOrder.id}`)).json() as OrderJson;
    assert.deepEqual([stillOnline.status, stillOnline.allocations.map((a) => [a.location, a.quantity])], ['allocated', [['POS-STORE-1', 1]]], 'the online reservation is intact');

    const ledger = await queryRows<{ sku: string; delta: number; on_hand_after: number }>(t.database.db, sql`select sku, delta, on_hand_after from inventory_movements where reference = ${order.id} order by sku`);
    assert.deepEqual(ledger, [{ sku: b, delta: -1, on_hand_after: 1 }, { sku: c, delta: -1, on_hand_after: 4 }]);
    const discrepancy = await stockEvents('inventory.discrepancy', order.id);
    assert.equal(discrepancy.length, 1);
    assert.equal(discrepancy[0]?.aggregate_id, `${b}@${store['POS-STORE-1']}`);
    assert.deepEqual([discrepancy[0]?.data.sku, discrepancy[0]?.data.location, discrepancy[0]?.data.sold, discrepancy[0]?.data.missing], [b, 'POS-STORE-1', 5, 4]);
    const outOfStock = await queryRows<{ aggregate_id: string }>(t.database.db, sql`select aggregate_id from events where type = 'inventory.out_of_stock' and aggregate_id = ${`${b}@${store['POS-STORE-1']}`}`);
    assert.equal(outOfStock.length, 1, 'the store ran out of B: alerted like any other decrement');

    // A SKU the other store never stocked: all of it is a discrepancy, and no stock row or ledger row appears.
    const none = await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, sale([{ sku: c, quantity: 2 }], { location: 'POS-STORE-2' }), { key: channelKey });
    assert.equal(none.statusCode, 201, none.body);
    assert.deepEqual((none.json() as SaleJson).discrepancies, [{ sku: c, location: 'POS-STORE-2', missing: 2 }]);
    assert.equal(at(await stockOf(t, c), 'POS-STORE-2').on_hand, 0);
    assert.deepEqual(await queryRows(t.database.db, sql`select id from inventory_movements where reference = ${(none.json() as SaleJson).id}`), []);
  });

  test('the same receipt again answers 200 with the same order and changes nothing; an Idempotency-Key replays', async () => {
    const body = sale([{ sku: 'POS-A', quantity: 2 }]);
    const first = await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, body, { key: channelKey });
    assert.equal(first.statusCode, 201, first.body);
    const stock = await stockOf(t, 'POS-A');
    const count = await orderCount();
    const snap = await snapshot(t);
    for (const again of [body, { ...body, lines: [{ sku: 'POS-A', quantity: 7, unit_price: '1.00' }] }]) {
      const res = await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, again, { key: channelKey });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().id, first.json().id);
      assert.deepEqual(res.json().lines, first.json().lines);
    }
    assert.deepEqual(await stockOf(t, 'POS-A'), stock);
    assert.equal(await orderCount(), count);
    assert.deepEqual(await snapshot(t), snap, 'a repeated receipt wrote nothing');

    // Two copies of one receipt at the same moment (a till retrying): one order, stock taken once.
    const racing = sale([{ sku: 'POS-A', quantity: 1 }]);
    const onHand = at(await stockOf(t, 'POS-A'), 'POS-STORE-1').on_hand;
    const both = await Promise.all([0, 1].map(() => t.call('POST', `/v1/channels/${pos.id}/pos-sales`, racing, { key: channelKey })));
    assert.deepEqual(both.map((r) => r.statusCode).sort(), [200, 201], both.map((r) => r.body).join('\n'));
    assert.equal(both[0]?.json().id, both[1]?.json().id);
    assert.equal(at(await stockOf(t, 'POS-A'), 'POS-STORE-1').on_hand, onHand - 1);

    // The duplicate answer still tells what was missing when the sale was recorded (a SKU the store has none of).
    const { sku: none } = await createProduct(t, uniqueCode('POS-NONE'));
    const short = sale([{ sku: none, quantity: 1 }]);
    const recorded = await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, short, { key: channelKey });
    assert.deepEqual([recorded.statusCode, recorded.json().discrepancies], [201, [{ sku: none, location: 'POS-STORE-1', missing: 1 }]]);
    const repeated = await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, short, { key: channelKey });
    assert.deepEqual([repeated.statusCode, repeated.json().discrepancies], [200, [{ sku: none, location: 'POS-STORE-1', missing: 1 }]]);

    const keyed = sale([{ sku: 'POS-A', quantity: 1 }]);
    const headers = { 'idempotency-key': `pos-${process.pid}-keyed` };
    const a = await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, keyed, { key: channelKey, headers });
    assert.equal(a.statusCode, 201, a.body);
    const afterFirst = await snapshot(t);
    const b = await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, keyed, { key: channelKey, headers });
    assert.deepEqual([b.statusCode, b.json()], [201, a.json()], 'the first answer, replayed');
    assert.deepEqual(await snapshot(t), afterFirst);
    assertProblem(await t.call('POST', `/v1/channels/${pos.id}/pos-sales`, { ...keyed, notes: 'other' }, { key: channelKey, headers }), { status: 422, code: 'REQUEST_IDEMPOTENCY_KEY_REUSED' });
  });

  test('bad input is refused naming the field, and nothing changes', async () => {
    const url = `/v1/channels/${pos.id}/pos-sales`;
    const good = () => sale([{ sku: 'POS-A', quantity: 1 }]);
    const stock = await stockOf(t, 'POS-A');
    const count = await orderCount();
    const cases = [
      { name: 'unknown SKU', body: sale([{ sku: 'POS-A', quantity: 1 }, { sku: 'POS-NO-SUCH', quantity: 1 }]), status: 422, code: 'PRODUCT_UNKNOWN_SKU', field: 'lines[1].sku' },
      { name: 'location not of the channel', body: { ...good(), location: 'POS-WH' }, status: 422, code: 'CHANNEL_LOCATION_NOT_LINKED', field: 'location' },
      { name: 'unknown location', body: { ...good(), location: 'POS-NOWHERE' }, status: 422, code: 'LOCATION_UNKNOWN', field: 'location' },
      { name: 'more decimals than the currency has', body: sale([{ sku: 'POS-A', quantity: 1, unit_price: '12.505' }]), status: 400, code: 'REQUEST_INVALID', field: 'lines[0].unit_price', only: true },
      { name: 'decimals in a currency without minor units', body: { ...sale([{ sku: 'POS-A', quantity: 1, unit_price: '1200.5' }]), currency: 'JPY' }, status: 400, code: 'REQUEST_INVALID', field: 'lines[0].unit_price', only: true },
      { name: 'quantity 0', body: sale([{ sku: 'POS-A', quantity: 0 }]), status: 400, code: 'REQUEST_INVALID', field: 'lines[0].quantity', only: true },
      { name: 'missing receipt id', body: (({ external_id: _, ...rest }) => rest)(good()), status: 400, code: 'REQUEST_INVALID', field: 'external_id' },
      { name: 'unknown field', body: { ...good(), shipping_address: { country: 'US' } }, status: 400, code: 'REQUEST_INVALID', field: 'shipping_address' },
      { name: 'a channel that is not pos', url: `/v1/channels/${shop.id}/pos-sales`, body: good(), status: 422, code: 'CHANNEL_TYPE_MISMATCH' },
      { name: 'a deactivated pos channel', url: `/v1/channels/${closed.id}/pos-sales`, body: good(), status: 409, code: 'CHANNEL_INACTIVE' },
      { name: 'no such channel', url: '/v1/channels/chn_00000000000000000000000000/pos-sales', body: good(), status: 404, code: 'CHANNEL_NOT_FOUND' },
    ];
    for (const c of cases) await expectRefusedWithoutWrites(t, c, { method: 'POST', url }).catch((error: unknown) => assert.fail(`${c.name}: ${String(error)}`));
    assert.deepEqual(await stockOf(t, 'POS-A'), stock);
    assert.equal(await orderCount(), count);
  });

  test('the pos channel’s key may record sales; another channel’s key, a store’s location key and a viewer key may not', async () => {
    const url = `/v1/channels/${pos.id}/pos-sales`;
    const snap = await snapshot(t);
    assertProblem(await t.call('POST', url, sale([{ sku: 'POS-A', quantity: 1 }]), { key: viewerKey }), { status: 403, code: 'AUTH_FORBIDDEN' });
    // A location key ships its store's fulfillment orders; it does not capture sales.
    assertProblem(await t.call('POST', url, sale([{ sku: 'POS-A', quantity: 1 }], { location: 'POS-STORE-2' }), { key: store2Key }), { status: 403, code: 'AUTH_FORBIDDEN' });
    // Another channel's key is told the pos channel does not exist, as for an id that does not.
    assertProblem(await t.call('POST', url, sale([{ sku: 'POS-A', quantity: 1 }]), { key: shopKey }), { status: 404, code: 'CHANNEL_NOT_FOUND' });
    assert.deepEqual(await snapshot(t), snap, 'refused sales wrote nothing');
    const before = at(await stockOf(t, 'POS-A'), 'POS-STORE-2').on_hand;
    const ok = await t.call('POST', url, sale([{ sku: 'POS-A', quantity: 1 }], { location: 'POS-STORE-2' }), { key: channelKey });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(at(await stockOf(t, 'POS-A'), 'POS-STORE-2').on_hand, before - 1);
  });
});
