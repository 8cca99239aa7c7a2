import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, placeOrder, uniqueCode } from '../support/factories.js';

/**
 * Racing exchanges and store credit (ADR 0022). Every returns flow takes the Idempotency-Key, then
 * the original order's row, then the return's; a return has one exchange (unique index) and one
 * refund row, so N exchange requests for one return — with one key or with N — make one replacement
 * order; an exchange, a refund and store credit racing for one return: one wins. A store-credit
 * balance drained by concurrent adjustments stops at zero. On PostgreSQL the requests really race.
 */
const RACERS = 12;
let t: TestApp;
const WH = { name: 'Swap DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
const SIZE = { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 };

before(async () => {
  t = await buildTestApp({ poolSize: RACERS + 4 });
  assert.equal((await t.call('PUT', '/v1/boxes/SWAP-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  await createLocation(t, 'SWAP-WH', { address: WH, cutoff_time: '23:59' });
});
after(() => t.close());

/** A paid, shipped order of 2 units with their return received and inspected; a replacement SKU with plenty of stock. */
async function inspectedReturn(): Promise<{ id: string; lineId: string; orderId: string; replacement: string }> {
  const { sku } = await createProduct(t, uniqueCode('SWAP'), SIZE);
  await adjust(t, sku, 'SWAP-WH', 5);
  const { sku: replacement } = await createProduct(t, uniqueCode('SWAP'), SIZE);
  await adjust(t, replacement, 'SWAP-WH', 100);
  const order = await placeOrder(t, [{ sku, quantity: 2 }], { customer: { email: `${uniqueCode('race').toLowerCase().replace(/[^a-z0-9]/g, '')}@shop.test` } });
  assert.equal((await t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '25.00', gateway: 'stripe' })).statusCode, 201);
  for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {})).statusCode, 201);
  }
  const ret = await t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 2, reason: 'defective' }] });
  assert.equal(ret.statusCode, 201, ret.body);
  const id = ret.json().id as string;
  const lineId = ret.json().lines[0].id as string;
  assert.equal((await t.call('POST', `/v1/returns/${id}/approve`, { location: 'SWAP-WH' })).statusCode, 200);
  assert.equal((await t.call('POST', `/v1/returns/${id}/receipts`, { lines: [{ return_line_id: lineId, quantity: 2, disposition: 'restock' }] })).json().status, 'inspected');
  return { id, lineId, orderId: order.id, replacement };
}

const replacementOrders = async (returnId: string) => Number((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from orders where notes like ${`%${returnId}%`}`))[0]?.n);
const reserved = async (sku: string) => Number((await queryRows<{ n: number }>(t.database.db, sql`select coalesce(sum(reserved), 0)::int as n from stock_levels where sku = ${sku}`))[0]?.n);
const show = (answers: { statusCode: number; body: string }[]) => answers.map((a) => `${a.statusCode} ${a.body.slice(0, 120)}`).join('\n');

test(`${RACERS} concurrent exchanges of one return with different keys: one replacement order`, async () => {
  const r = await inspectedReturn();
  const body = { lines: [{ return_line_id: r.lineId, sku: r.replacement, quantity: 2 }] };
  const answers = await Promise.all(Array.from({ length: RACERS }, (_, i) => t.call('POST', `/v1/returns/${r.id}/exchange`, body, { headers: { 'idempotency-key': `swap-${r.id}-${i}` } })));
  assert.equal(answers.filter((a) => a.statusCode === 201).length, 1, show(answers));
  assert.ok(answers.every((a) => a.statusCode === 201 || (a.statusCode === 409 && ['RETURN_NOT_EXCHANGEABLE', 'RETURN_ILLEGAL_TRANSITION'].includes(a.json().code))), show(answers));
  assert.equal(await replacementOrders(r.id), 1, 'one replacement order');
  assert.equal(await reserved(r.replacement), 2, 'its units reserved once');
});

test(`${RACERS} concurrent exchanges of one return with one key: one replacement order, every success the same`, async () => {
  const r = await inspectedReturn();
  const headers = { 'idempotency-key': `swap-one-${r.id}` };
  const body = { lines: [{ return_line_id: r.lineId, sku: r.replacement, quantity: 2 }], instant: true };
  const answers = await Promise.all(Array.from({ length: RACERS }, () => t.call('POST', `/v1/returns/${r.id}/exchange`, body, { headers })));
  const ids = new Set(answers.filter((a) => a.statusCode === 201).map((a) => a.json().exchange.replacement_order_id as string));
  assert.equal(ids.size, 1, show(answers));
  assert.ok(answers.every((a) => a.statusCode === 201 || (a.statusCode === 422 && a.json().code === 'REQUEST_IDEMPOTENCY_KEY_REUSED')), show(answers));
  assert.equal(await replacementOrders(r.id), 1);
  assert.equal(await reserved(r.replacement), 2);
});

test('an exchange, a refund and store credit racing for one return: exactly one outcome', async () => {
  const r = await inspectedReturn();
  const answers = await Promise.all(
    Array.from({ length: RACERS }, (_, i) =>
      i % 3 === 0
        ? t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: r.lineId, sku: r.replacement, quantity: 1 }] })
        : i % 3 === 1
          ? t.call('POST', `/v1/returns/${r.id}/refunds`, {})
          : t.call('POST', `/v1/returns/${r.id}/store-credit`, {}),
    ),
  );
  assert.equal(answers.filter((a) => a.statusCode === 201).length, 1, show(answers));
  const rows = await queryRows<{ refunds: number; exchanges: number; credits: number }>(
    t.database.db,
    sql`select (select count(*)::int from return_refunds where return_id = ${r.id}) as refunds, (select count(*)::int from return_exchanges where return_id = ${r.id}) as exchanges, (select count(*)::int from store_credit_entries where return_id = ${r.id}) as credits`,
  );
  const row = rows[0] as { refunds: number; exchanges: number; credits: number };
  assert.equal(row.refunds, 1, 'one refund row, whichever won');
  assert.ok(row.exchanges + row.credits <= 1, JSON.stringify(row));
  assert.equal(await replacementOrders(r.id), row.exchanges);
});

test(`${RACERS} concurrent withdrawals of 1.00 from 5.00 of store credit: five succeed, the balance stops at zero`, async () => {
  const email = `${uniqueCode('drain').toLowerCase().replace(/[^a-z0-9]/g, '')}@shop.test`;
  assert.equal((await t.call('POST', '/v1/store-credit/adjustments', { email, currency: 'USD', amount: '5.00', reason: 'goodwill' })).statusCode, 201);
  const answers = await Promise.all(Array.from({ length: RACERS }, () => t.call('POST', '/v1/store-credit/adjustments', { email, currency: 'USD', amount: '-1.00', reason: 'spent' })));
  assert.equal(answers.filter((a) => a.statusCode === 201).length, 5, show(answers));
  assert.ok(answers.every((a) => a.statusCode === 201 || (a.statusCode === 409 && a.json().code === 'STORE_CREDIT_INSUFFICIENT')), show(answers));
  const view = (await t.call('GET', `/v1/store-credit?email=${email}`)).json();
  assert.equal(view.balances[0].balance, '0.00');
  const entries = view.entries as { amount: string; balance_after: string }[];
  assert.equal(entries.length, 6);
  assert.ok(entries.every((e) => !e.balance_after.startsWith('-')), 'never negative');
});
