import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { flagOverdueExchanges } from '../../src/flows/returns/jobs/overdue-exchanges.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, createTenant, placeOrder, uniqueCode, type OrderJson } from '../support/factories.js';

/**
 * Exchanges of returns (ADR 0022): the replacement is a new order captured by the normal capture,
 * linked to the return; the returned units' credit pays for it; a positive difference stays owed on
 * the new order, a negative one goes back to the card or to store credit; instant exchanges are
 * flagged when the parcel does not move; out of stock answers 409 offering the other outcomes and
 * writes nothing.
 */
let t: TestApp;
const WH = { name: 'Exchange DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
const SIZE = { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 };

before(async () => {
  t = await buildTestApp();
  assert.equal((await t.call('PUT', '/v1/boxes/EX-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  await createLocation(t, 'EX-WH', { address: WH, cutoff_time: '23:59' });
});
after(() => t.close());

async function product(price: string, onHand: number): Promise<string> {
  const { sku } = await createProduct(t, uniqueCode('EX'), { ...SIZE, price });
  if (onHand > 0) await adjust(t, sku, 'EX-WH', onHand);
  return sku;
}
const customer = () => `${uniqueCode('swap').toLowerCase().replace(/[^a-z0-9]/g, '')}@shop.test`;

/** 2 × 10.00 + 5.00 shipping, paid 25.00 by stripe, shipped; a return of both units (changed mind), approved. */
async function approvedReturn(email = customer()): Promise<{ order: OrderJson; id: string; lineId: string; email: string }> {
  const sku = await product('10.00', 5);
  const order = await placeOrder(t, [{ sku, quantity: 2 }], { customer: { email, name: 'Grace' }, channel: 'web' });
  assert.equal((await t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '25.00', gateway: 'stripe' })).statusCode, 201);
  for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {})).statusCode, 201);
  }
  const ret = await t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 2, reason: 'changed_mind' }], outcome: 'exchange', override_note: 'exchange offered' });
  assert.equal(ret.statusCode, 201, ret.body);
  const id = ret.json().id as string;
  assert.equal((await t.call('POST', `/v1/returns/${id}/approve`, { location: 'EX-WH' })).statusCode, 200);
  return { order, id, lineId: ret.json().lines[0].id as string, email };
}

async function inspectedReturn(email?: string) {
  const r = await approvedReturn(email);
  const received = await t.call('POST', `/v1/returns/${r.id}/receipts`, { lines: [{ return_line_id: r.lineId, quantity: 2, disposition: 'restock' }] });
  assert.equal(received.json().status, 'inspected', received.body);
  return r;
}

function problem(res: { statusCode: number; body: string; json(): unknown }, status: number, code: string, field?: string) {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json() as { code: string; errors?: { field: string }[] };
  assert.equal(body.code, code, res.body);
  if (field) assert.ok(body.errors?.some((e) => e.field === field), `names ${field}: ${res.body}`);
}
const count = async (table: string) => Number((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]?.n);
const written = async () => {
  const counts: number[] = [];
  for (const table of ['orders', 'return_exchanges', 'order_transactions', 'store_credit_entries', 'return_refunds', 'reservations']) counts.push(await count(table));
  return counts;
};
type Txn = { kind: string; gateway: string; amount: string };
const ledger = async (orderId: string) => (await t.call('GET', `/v1/orders/${orderId}/transactions`)).json() as { data: Txn[]; summary: { financial_status: string; balance: string } };

describe('exchanging an inspected return', () => {
  test('a dearer variant: a new order captured, allocated and linked; the credit pays 20.00 of 25.00, 5.00 stays owed; the return closes', async () => {
    const r = await inspectedReturn();
    const variant = await product('12.50', 3);
    const res = await t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: r.lineId, sku: variant, quantity: 2 }] }, { headers: { 'idempotency-key': `ex-${r.id}` } });
    assert.equal(res.statusCode, 201, res.body);
    const ex = res.json().exchange;
    assert.equal(res.json().status, 'closed');
    assert.deepEqual([ex.credit, ex.replacement_total, ex.difference, ex.difference_to, ex.instant], ['20.00', '25.00', '5.00', null, false]);

    const replacement = (await t.call('GET', `/v1/orders/${ex.replacement_order_id}`)).json();
    assert.equal(replacement.status, 'allocated', 'captured and allocated like any order');
    assert.deepEqual(replacement.lines.map((l: { sku: string; quantity: number; allocated: number }) => [l.sku, l.quantity, l.allocated]), [[variant, 2, 2]]);
    assert.equal(replacement.channel, 'web');
    assert.equal(replacement.customer.email, r.email);
    assert.equal(replacement.shipping_address.line1, '12 Analytical Way');
    assert.match(replacement.notes, new RegExp(r.id), 'the new order names the return');
    const fos = (await t.call('GET', `/v1/fulfillment-orders?order_id=${ex.replacement_order_id}`)).json().data;
    assert.equal(fos.length, 1, 'routed to a location like any other order');

    const newLedger = await ledger(ex.replacement_order_id);
    assert.deepEqual(newLedger.data.map((x) => [x.kind, x.gateway, x.amount]), [['sale', 'exchange', '20.00']]);
    assert.equal(newLedger.summary.balance, '-5.00', 'the difference is owed on the new order (balance = paid − total: negative is due, ADR 0018)');
    assert.equal(newLedger.summary.financial_status, 'partially_paid');
    const oldLedger = await ledger(r.order.id);
    assert.deepEqual(oldLedger.data.map((x) => [x.kind, x.gateway, x.amount]), [['sale', 'stripe', '25.00'], ['refund', 'exchange', '20.00']]);

    const replay = await t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: r.lineId, sku: variant, quantity: 2 }] }, { headers: { 'idempotency-key': `ex-${r.id}` } });
    assert.deepEqual([replay.statusCode, replay.json().exchange.replacement_order_id], [201, ex.replacement_order_id], 'a replay answers the first');
    const before = await written();
    problem(await t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: r.lineId, sku: variant, quantity: 2 }] }), 409, 'RETURN_NOT_EXCHANGEABLE');
    problem(await t.call('POST', `/v1/returns/${r.id}/refunds`, {}), 409, 'RETURN_NOT_REFUNDABLE');
    assert.deepEqual(await written(), before, 'one replacement only');

    const events = await queryRows<{ type: string; data: { replacement_order_id?: string } }>(t.database.db, sql`select type, data from events where aggregate_id = ${r.id} order by seq`);
    assert.deepEqual(events.slice(-2).map((e) => e.type), ['return.exchanged', 'return.closed']);
    assert.equal(events.at(-2)?.data.replacement_order_id, ex.replacement_order_id);
  });

  test('a cheaper SKU: the rest refunded to the card, or issued as store credit', async () => {
    const cheap = await product('7.00', 10);
    const card = await inspectedReturn();
    const toCard = await t.call('POST', `/v1/returns/${card.id}/exchange`, { lines: [{ return_line_id: card.lineId, sku: cheap, quantity: 2 }] });
    assert.equal(toCard.statusCode, 201, toCard.body);
    assert.deepEqual([toCard.json().exchange.difference, toCard.json().exchange.difference_to], ['-6.00', 'original_payment']);
    assert.deepEqual((await ledger(card.order.id)).data.map((x) => [x.kind, x.gateway, x.amount]), [['sale', 'stripe', '25.00'], ['refund', 'exchange', '14.00'], ['refund', 'stripe', '6.00']]);
    const newOrder = await ledger(toCard.json().exchange.replacement_order_id);
    assert.deepEqual([newOrder.summary.balance, newOrder.summary.financial_status], ['0.00', 'paid']);

    const credit = await inspectedReturn();
    const toCredit = await t.call('POST', `/v1/returns/${credit.id}/exchange`, { lines: [{ return_line_id: credit.lineId, sku: cheap, quantity: 1 }], difference_to: 'store_credit' });
    assert.equal(toCredit.statusCode, 201, toCredit.body);
    assert.deepEqual([toCredit.json().exchange.difference, toCredit.json().exchange.difference_to], ['-13.00', 'store_credit']);
    assert.deepEqual((await ledger(credit.order.id)).data.map((x) => [x.kind, x.gateway, x.amount]), [['sale', 'stripe', '25.00'], ['refund', 'exchange', '7.00'], ['refund', 'store_credit', '13.00']]);
    const balance = (await t.call('GET', `/v1/store-credit?email=${credit.email}`)).json();
    assert.deepEqual(balance.balances.map((b: { balance: string }) => b.balance), ['13.00']);
  });
});

describe('instant exchanges', () => {
  test('the replacement ships before the parcel; not moved by the due date → flagged (field, event, list filter); received later → closed', async () => {
    const r = await approvedReturn();
    const variant = await product('10.00', 3);
    const res = await t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: r.lineId, sku: variant, quantity: 2 }], instant: true });
    assert.equal(res.statusCode, 201, res.body);
    const ex = res.json().exchange;
    assert.deepEqual([res.json().status, ex.instant, ex.credit, ex.difference, ex.overdue], ['approved', true, '20.00', '0.00', false]);
    const dueIn = (Date.parse(ex.due_at) - Date.parse(ex.created_at)) / 86_400_000;
    assert.equal(dueIn, 14, 'the default policy gives the parcel 14 days');

    assert.equal((await flagOverdueExchanges(t.database.db, new Date(Date.parse(ex.due_at) - 1000))).handled, 0, 'not before the due date');
    const flagged = await flagOverdueExchanges(t.database.db, new Date(Date.parse(ex.due_at) + 1000));
    assert.ok(flagged.handled >= 1, `flags the due exchange: ${JSON.stringify(flagged)}`);
    assert.equal((await flagOverdueExchanges(t.database.db, new Date(Date.parse(ex.due_at) + 2000))).handled, 0, 'flagged once');
    const after = (await t.call('GET', `/v1/returns/${r.id}`)).json();
    assert.equal(after.exchange.overdue, true);
    const listed = (await t.call('GET', '/v1/returns?exchange_overdue=true&limit=200')).json().data.map((x: { id: string }) => x.id);
    assert.ok(listed.includes(r.id), 'the list filter finds it');
    const notListed = (await t.call('GET', '/v1/returns?exchange_overdue=false&limit=200')).json().data.map((x: { id: string }) => x.id);
    assert.ok(!notListed.includes(r.id), 'the opposite filter leaves it out');
    const events = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from events where aggregate_id = ${r.id} and type = 'return.exchange_overdue'`);
    assert.equal(events[0]?.n, 1);

    const received = await t.call('POST', `/v1/returns/${r.id}/receipts`, { lines: [{ return_line_id: r.lineId, quantity: 2, disposition: 'restock' }] });
    assert.equal(received.statusCode, 201, received.body);
    assert.deepEqual([received.json().status, received.json().exchange.overdue], ['closed', false], 'back and inspected: the exchange is done');
  });

  test('the policy sets the days', async () => {
    const policy = (await t.call('GET', '/v1/return-policy')).json() as Record<string, unknown>;
    assert.equal((await t.call('PUT', '/v1/return-policy', { ...policy, instant_exchange_days: 3 })).statusCode, 200);
    try {
      const r = await approvedReturn();
      const ex = (await t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: r.lineId, sku: await product('10.00', 2), quantity: 1 }], instant: true })).json().exchange;
      assert.equal((Date.parse(ex.due_at) - Date.parse(ex.created_at)) / 86_400_000, 3);
    } finally {
      assert.equal((await t.call('PUT', '/v1/return-policy', policy)).statusCode, 200);
    }
  });
});

describe('refused exchanges write nothing', () => {
  test('out of stock: 409 naming refund and store credit, no order, no reservation, no ledger row', async () => {
    const r = await inspectedReturn();
    const none = await product('10.00', 1);
    const before = await written();
    const res = await t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: r.lineId, sku: none, quantity: 2 }] });
    problem(res, 409, 'RETURN_EXCHANGE_OUT_OF_STOCK');
    const body = res.json() as { detail: string; alternatives: { outcome: string }[] };
    assert.match(body.detail, /refund/);
    assert.match(body.detail, /store credit/);
    assert.deepEqual(body.alternatives.map((a) => a.outcome), ['refund', 'store_credit']);
    assert.deepEqual(await written(), before, 'nothing written');
    assert.equal((await t.call('GET', `/v1/returns/${r.id}`)).json().status, 'inspected');
    const backorderable = await product('10.00', 0);
    await t.call('PUT', `/v1/products/${backorderable}`, { name: 'B', price: '10.00', currency: 'USD', ...SIZE, backorderable: true });
    problem(await t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: r.lineId, sku: backorderable, quantity: 1 }] }), 409, 'RETURN_EXCHANGE_OUT_OF_STOCK');
    assert.deepEqual(await written(), before, 'no silent backorder');
  });

  test('bad input names the field: unknown SKU, quantity 0 or more than returned, not a line of the return, not back without instant', async () => {
    const r = await inspectedReturn();
    const early = await approvedReturn();
    const ok = await product('10.00', 5);
    const before = await written();
    problem(await t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: r.lineId, sku: 'NO-SUCH-SKU', quantity: 1 }] }), 422, 'RETURN_EXCHANGE_INVALID', 'lines[0].sku');
    problem(await t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: r.lineId, sku: ok, quantity: 3 }] }), 422, 'RETURN_EXCHANGE_INVALID', 'lines[0].quantity');
    const zero = await t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: r.lineId, sku: ok, quantity: 0 }] });
    assert.equal(zero.statusCode, 400, zero.body);
    assert.ok((zero.json() as { errors: { field: string }[] }).errors.some((e) => e.field.includes('quantity')), zero.body);
    problem(await t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: 'rtl_0000000000000000000000000a', sku: ok, quantity: 1 }] }), 422, 'RETURN_EXCHANGE_INVALID', 'lines[0].return_line_id');
    problem(await t.call('POST', `/v1/returns/${early.id}/exchange`, { lines: [{ return_line_id: early.lineId, sku: ok, quantity: 1 }] }), 409, 'RETURN_NOT_EXCHANGEABLE', 'instant');
    assert.deepEqual(await written(), before, 'nothing written');
  });

  test('declined, cancelled, another tenant’s: refused, nothing written', async () => {
    const ok = await product('10.00', 5);
    const declined = await approvedReturn();
    const requested = await t.call('POST', `/v1/orders/${declined.order.id}/returns`, { lines: [{ order_line_id: declined.order.lines[0]?.id, quantity: 1, reason: 'changed_mind' }] });
    assert.equal(requested.statusCode, 422, 'both units are under the first return already');
    const d = await approvedReturn();
    assert.equal((await t.call('POST', `/v1/returns/${d.id}/cancel`, { reason: 'customer kept it' })).statusCode, 200);
    const before = await written();
    problem(await t.call('POST', `/v1/returns/${d.id}/exchange`, { lines: [{ return_line_id: d.lineId, sku: ok, quantity: 1 }], instant: true }), 409, 'RETURN_NOT_EXCHANGEABLE', 'id');
    const fresh = await t.call('POST', `/v1/orders/${declined.order.id}/returns`, { lines: [{ order_line_id: declined.order.lines[0]?.id, quantity: 1, reason: 'changed_mind' }], override_note: 'x' });
    assert.equal(fresh.statusCode, 422);
    const other = await createTenant(t);
    problem(await t.call('POST', `/v1/returns/${declined.id}/exchange`, { lines: [{ return_line_id: declined.lineId, sku: ok, quantity: 1 }], instant: true }, { key: other.key }), 404, 'RETURN_NOT_FOUND');
    assert.deepEqual(await written(), before, 'nothing written');
  });
});
