// test-files: database server (two tills return the last unit of an order at once)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { assertProblem, expectRefusedWithoutWrites } from '../support/bad-input.js';
import { adjust, createApiKey, createChannel, createLocation, createProduct, createTenant, placeOrder, signedInUser, uniqueCode, type OrderJson } from '../support/factories.js';

/**
 * POST /v1/channels/{id}/pos-returns (src/flows/returns/counter-return.ts, ADR 0028): an online
 * order's units handed back at a store's counter: requested, approved, received at the store with
 * their dispositions and closed with a refund or store credit, in one transaction.
 */
let t: TestApp;
let pos: { id: string };
let web: { id: string };
let tillKey: string;
let webKey: string;
const WH = { name: 'Online DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
const SIZE = { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 };

before(async () => {
  t = await buildTestApp();
  assert.equal((await t.call('PUT', '/v1/boxes/PR-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  await createLocation(t, 'PR-WH', { address: WH, cutoff_time: '23:59' });
  await createLocation(t, 'PR-STORE', { type: 'store' });
  await createLocation(t, 'PR-OTHER', { type: 'store' });
  pos = await createChannel(t, 'pos', { locations: ['PR-STORE'] });
  web = await createChannel(t, 'shopify');
  tillKey = (await createApiKey(t, 'channel', { channel: pos.id })).key;
  webKey = (await createApiKey(t, 'channel', { channel: web.id })).key;
});
after(() => t.close());

/** An online order of `quantity` units of a new SKU × 10.00 + 5.00 shipping, paid by a sale (unless `paid` is false), shipped from the warehouse. */
async function shippedOrder(quantity = 2, paid = true): Promise<{ order: OrderJson & { number: number }; sku: string }> {
  const { sku } = await createProduct(t, uniqueCode('PR'), SIZE);
  await adjust(t, sku, 'PR-WH', 10);
  const order = (await placeOrder(t, [{ sku, quantity }], { channel_order_name: `#SH${uniqueCode('').slice(-6)}`, customer: { email: 'counter@shoppers.test', name: 'Counter Customer', phone: null } })) as OrderJson & { number: number };
  if (paid) assert.equal((await t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: (quantity * 10 + 5).toFixed(2), gateway: 'stripe' })).statusCode, 201);
  for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {})).statusCode, 201);
  }
  return { order, sku };
}

async function stock(sku: string, code: string): Promise<{ on_hand: number; quarantined: number }> {
  const [row] = await queryRows<{ on_hand: number; quarantined: number }>(t.database.db, sql`select s.on_hand, s.quarantined from stock_levels s join locations l on l.tenant_id = s.tenant_id and l.id = s.location_id where s.sku = ${sku} and l.code = ${code}`);
  return { on_hand: Number(row?.on_hand ?? 0), quarantined: Number(row?.quarantined ?? 0) };
}

const returnCount = async (orderId: string) => Number((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from returns where order_id = ${orderId}`))[0]?.n);
const url = () => `/v1/channels/${pos.id}/pos-returns`;

describe('a return at the counter', () => {
  test('by the channel’s order name and SKU: 1 restocked at the store, 1 damaged to quarantine, refunded to the card, in one answer', async () => {
    const { order, sku } = await shippedOrder(2);
    const name = ((await t.call('GET', `/v1/orders/${order.id}`)).json() as { channel_order_name: string }).channel_order_name;
    const res = await t.call(
      'POST',
      url(),
      {
        order: name.toLowerCase(),
        location: 'PR-STORE',
        lines: [
          { sku, quantity: 1, reason: 'defective', disposition: 'restock' },
          { sku, quantity: 1, reason: 'defective', disposition: 'quarantine', condition_note: 'cracked case' },
        ],
        close: { outcome: 'refund' },
      },
      { key: tillKey, headers: { 'idempotency-key': `pr-${order.id}` } },
    );
    assert.equal(res.statusCode, 201, res.body);
    const ret = res.json();
    const storeId = ((await t.call('GET', '/v1/locations/PR-STORE')).json() as { id: string }).id;
    assert.deepEqual([ret.order_id, ret.status, ret.location_id, ret.lines.length, ret.lines[0].quantity, ret.lines[0].settled], [order.id, 'closed', storeId, 1, 2, 2]);
    assert.deepEqual(ret.dispositions.map((d: { disposition: string; location_id: string }) => [d.disposition, d.location_id]).sort(), [['quarantine', storeId], ['restock', storeId]]);
    // 2 × 10.00 + 5.00 shipping back for a merchant's-fault reason, to the sale's gateway.
    assert.equal(ret.refund.amount, '25.00');
    assert.deepEqual(await stock(sku, 'PR-STORE'), { on_hand: 1, quarantined: 1 }, 'one unit on the store’s shelf, one kept apart');
    assert.deepEqual(await stock(sku, 'PR-WH'), { on_hand: 8, quarantined: 0 }, 'the warehouse is untouched');

    const ledger = (await t.call('GET', `/v1/orders/${order.id}/transactions`)).json().data as { kind: string; gateway: string; amount: string; source: string }[];
    const refund = ledger.find((x) => x.kind === 'refund');
    assert.deepEqual([refund?.gateway, refund?.amount, refund?.source], ['stripe', '25.00', 'api']);
    assert.equal((await t.call('GET', `/v1/orders/${order.id}`)).json().status, 'returned');

    const events = await queryRows<{ type: string; actor: string }>(t.database.db, sql`select type, actor from events where aggregate_id = ${ret.id} order by seq`);
    assert.deepEqual(
      events.map((e) => e.type),
      ['return.requested', 'return.approved', 'return.units_received', 'return.received', 'return.inspected', 'return.closed'],
    );
    assert.ok(events.every((e) => e.actor && e.actor !== 'system'), `every move names who: ${JSON.stringify(events)}`);

    // The till retries with the same key: the first answer, nothing twice.
    const again = await t.call('POST', url(), { order: name.toLowerCase(), location: 'PR-STORE', lines: [{ sku, quantity: 1, reason: 'defective', disposition: 'restock' }, { sku, quantity: 1, reason: 'defective', disposition: 'quarantine', condition_note: 'cracked case' }], close: { outcome: 'refund' } }, { key: tillKey, headers: { 'idempotency-key': `pr-${order.id}` } });
    assert.deepEqual([again.statusCode, again.json().id], [201, ret.id]);
    assert.equal(await returnCount(order.id), 1);
    assert.equal((await stock(sku, 'PR-STORE')).on_hand, 1);
  });

  test('by the order number, left open, then closed with store credit by the usual route', async () => {
    const { order, sku } = await shippedOrder(3);
    const res = await t.call('POST', url(), { order: `#${order.number}`, location: 'PR-STORE', lines: [{ order_line_id: order.lines[0]?.id, quantity: 1, reason: 'changed_mind', disposition: 'restock' }] }, { key: tillKey });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual([res.json().status, res.json().refund], ['inspected', null]);
    assert.equal((await stock(sku, 'PR-STORE')).on_hand, 1);
    const credited = await t.call('POST', `/v1/returns/${res.json().id}/store-credit`, {});
    assert.deepEqual([credited.statusCode, credited.json().status], [201, 'closed'], credited.body);
    assert.equal((await t.call('GET', `/v1/orders/${order.id}`)).json().status, 'partially_returned');
  });

  test('closed with store credit at the counter: the customer’s account is credited, the ledger’s refund is on gateway store_credit', async () => {
    const { order, sku } = await shippedOrder(1);
    const res = await t.call('POST', url(), { order: order.id, location: 'PR-STORE', lines: [{ sku, quantity: 1, reason: 'changed_mind', disposition: 'restock' }], close: { outcome: 'store_credit' } }, { key: tillKey });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().status, 'closed');
    const ledger = (await t.call('GET', `/v1/orders/${order.id}/transactions`)).json().data as { kind: string; gateway: string; amount: string }[];
    assert.deepEqual(ledger.filter((x) => x.kind === 'refund').map((x) => [x.gateway, x.amount]), [['store_credit', '10.00']]);
    const [entry] = await queryRows<{ amount_minor: number }>(t.database.db, sql`select amount_minor from store_credit_entries where return_id = ${res.json().id} and kind = 'issue'`);
    assert.equal(Number(entry?.amount_minor), 1000);
  });

  test('a staff member at the console may return at any POS channel’s store; the policy’s refusal needs their note', async () => {
    const { order, sku } = await shippedOrder(1);
    const policy = (await t.call('GET', '/v1/return-policy')).json();
    assert.equal((await t.call('PUT', '/v1/return-policy', { ...policy, final_sale_skus: [sku] })).statusCode, 200);
    const staff = await signedInUser(t, 'operator');
    const body = { order: order.id, location: 'PR-STORE', lines: [{ sku, quantity: 1, reason: 'changed_mind', disposition: 'restock' }] };
    const refused = await staff.call('POST', url(), body);
    assertProblem(refused, { status: 422, code: 'RETURN_NOT_ELIGIBLE', field: 'lines' });
    assert.equal(await returnCount(order.id), 0, 'a refused return writes nothing');
    const accepted = await staff.call('POST', url(), { ...body, override_note: 'manager approved at the counter' });
    assert.equal(accepted.statusCode, 201, accepted.body);
    assert.deepEqual([accepted.json().override_note, accepted.json().eligibility.eligible, accepted.json().created_by], ['manager approved at the counter', false, staff.id]);
  });

  test('two tills returning the last unit at once: one return, the other is told the unit is already under return', async () => {
    const { order, sku } = await shippedOrder(1);
    const body = { order: order.id, location: 'PR-STORE', lines: [{ sku, quantity: 1, reason: 'defective', disposition: 'restock' }], close: { outcome: 'refund' } };
    const answers = await Promise.all([t.call('POST', url(), body, { key: tillKey }), t.call('POST', url(), body, { key: tillKey })]);
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [201, 422], answers.map((a) => a.body.slice(0, 200)).join('\n'));
    assertProblem(answers.find((a) => a.statusCode === 422) as (typeof answers)[number], { status: 422, code: 'RETURN_EXCEEDS_SHIPPED', field: 'lines[0].quantity' });
    assert.equal(await returnCount(order.id), 1);
    assert.equal((await stock(sku, 'PR-STORE')).on_hand, 1, 'restocked once');
  });
});

describe('bad input at the counter writes nothing', () => {
  test('unknown order, too many units, a SKU not on the order, a store not of the channel, neither SKU nor line, a refund with no payment', async () => {
    const { order, sku } = await shippedOrder(2);
    const unpaid = await shippedOrder(1, false);
    const line = (over: Record<string, unknown> = {}) => ({ sku, quantity: 1, reason: 'defective', disposition: 'restock', ...over });
    const cases = [
      { name: 'unknown order number', body: { order: '#999999999', location: 'PR-STORE', lines: [line()] }, status: 404, code: 'ORDER_NOT_FOUND', field: 'order' },
      { name: 'too many units', body: { order: order.id, location: 'PR-STORE', lines: [line({ quantity: 3 })] }, status: 422, code: 'RETURN_EXCEEDS_SHIPPED', field: 'lines[0].quantity' },
      { name: 'too many units over two counter lines', body: { order: order.id, location: 'PR-STORE', lines: [line({ quantity: 2 }), line({ disposition: 'quarantine' })] }, status: 422, code: 'RETURN_EXCEEDS_SHIPPED', field: 'lines[0].quantity' },
      { name: 'a SKU the order does not have', body: { order: order.id, location: 'PR-STORE', lines: [line({ sku: 'NOT-ON-IT' })] }, status: 422, code: 'RETURN_LINE_INVALID', field: 'lines[0].sku' },
      { name: 'two reasons for one order line', body: { order: order.id, location: 'PR-STORE', lines: [line(), line({ reason: 'changed_mind' })] }, status: 422, code: 'RETURN_LINE_INVALID', field: 'lines[1].reason' },
      { name: 'neither SKU nor order line', body: { order: order.id, location: 'PR-STORE', lines: [{ quantity: 1, reason: 'defective', disposition: 'restock' }] }, status: 422, code: 'RETURN_LINE_INVALID', field: 'lines[0]' },
      { name: 'a store that is not the channel’s', body: { order: order.id, location: 'PR-OTHER', lines: [line()] }, status: 422, code: 'CHANNEL_LOCATION_NOT_LINKED', field: 'location' },
      { name: 'missing is not a counter disposition', body: { order: order.id, location: 'PR-STORE', lines: [line({ disposition: 'missing' })] }, status: 400, field: 'lines[0].disposition' },
      { name: 'a refund of an order never paid rolls everything back', body: { order: unpaid.order.id, location: 'PR-STORE', lines: [line({ sku: unpaid.sku })], close: { outcome: 'refund' } }, status: 409, code: 'RETURN_NO_CAPTURED_PAYMENT' },
    ];
    for (const c of cases) await expectRefusedWithoutWrites(t, { ...c, headers: { authorization: `Bearer ${tillKey}` } }, { method: 'POST', url: url() });
  });

  test('a channel that is not a POS, another till’s channel, another tenant’s order', async () => {
    const { order, sku } = await shippedOrder(1);
    const body = { order: order.id, location: 'PR-STORE', lines: [{ sku, quantity: 1, reason: 'defective', disposition: 'restock' }] };
    await expectRefusedWithoutWrites(t, { name: 'a shopify channel', url: `/v1/channels/${web.id}/pos-returns`, body, status: 422, code: 'CHANNEL_TYPE_MISMATCH' }, { method: 'POST', url: url() });
    // A till's key is bound to its channel: another channel answers as one that does not exist.
    const other = await t.call('POST', url(), body, { key: webKey });
    assertProblem(other, { status: 404, code: 'CHANNEL_NOT_FOUND' });
    const missing = await t.call('POST', `/v1/channels/chn_00000000000000000000000000/pos-returns`, body, { key: tillKey });
    assertProblem(missing, { status: 404, code: 'CHANNEL_NOT_FOUND' });

    const b = await createTenant(t);
    await createLocation(t, 'PR-B-STORE', { type: 'store' }, b.key);
    const bPos = await createChannel(t, 'pos', { locations: ['PR-B-STORE'] }, b.key);
    const asB = await t.call('POST', `/v1/channels/${bPos.id}/pos-returns`, { ...body, location: 'PR-B-STORE' }, { key: b.key });
    assertProblem(asB, { status: 404, code: 'ORDER_NOT_FOUND', field: 'order' });
    const byNumber = await t.call('POST', `/v1/channels/${bPos.id}/pos-returns`, { ...body, order: String(order.number), location: 'PR-B-STORE' }, { key: b.key });
    assertProblem(byNumber, { status: 404, code: 'ORDER_NOT_FOUND', field: 'order' });
    assert.equal(await returnCount(order.id), 0);
  });
});
