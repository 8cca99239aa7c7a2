import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, placeOrder, uniqueCode } from '../support/factories.js';

/**
 * A return received twice at once restocks once, and twenty refunds of one return at once (with one
 * Idempotency-Key, and with twenty) record one refund: every returns flow locks the order, then the
 * return, and a line takes receipts only while settled ≤ quantity (a conditional update); a return
 * has at most one refund (a unique index). On PostgreSQL the requests really race (a pool of
 * connections); on PGlite they queue on its one connection.
 */
const RACERS = 20;
let t: TestApp;
const WH = { name: 'Race DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };

before(async () => {
  t = await buildTestApp({ poolSize: RACERS + 4 });
  assert.equal((await t.call('PUT', '/v1/boxes/RACE-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  await createLocation(t, 'RACE-RET', { address: WH, cutoff_time: '23:59' });
});
after(() => t.close());

/** A paid order of 2 units, shipped, with a return of both approved at RACE-RET: its id, line and SKU. */
async function approvedReturn(): Promise<{ id: string; lineId: string; sku: string; orderId: string }> {
  const { sku } = await createProduct(t, uniqueCode('RACE'), { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 });
  await adjust(t, sku, 'RACE-RET', 5);
  const order = await placeOrder(t, [{ sku, quantity: 2 }]); // 25.00
  assert.equal((await t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '25.00', gateway: 'stripe' })).statusCode, 201);
  for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {})).statusCode, 201);
  }
  const ret = await t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 2, reason: 'defective' }] });
  assert.equal(ret.statusCode, 201, ret.body);
  assert.equal((await t.call('POST', `/v1/returns/${ret.json().id}/approve`, { location: 'RACE-RET' })).statusCode, 200);
  return { id: ret.json().id, lineId: ret.json().lines[0].id, sku, orderId: order.id };
}

const onHand = async (sku: string) => Number((await queryRows<{ on_hand: number }>(t.database.db, sql`select on_hand from stock_levels where sku = ${sku}`))[0]?.on_hand);
const returnedMoves = async (sku: string) => Number((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from inventory_movements where sku = ${sku} and reason = 'returned'`))[0]?.n);

test('the same receipt sent twice at once restocks once; the other is 409', async () => {
  const r = await approvedReturn();
  const before = await onHand(r.sku);
  const body = { lines: [{ return_line_id: r.lineId, quantity: 2, disposition: 'restock' }] };
  const answers = await Promise.all([t.call('POST', `/v1/returns/${r.id}/receipts`, body), t.call('POST', `/v1/returns/${r.id}/receipts`, body)]);
  assert.deepEqual(answers.map((a) => a.statusCode).sort(), [201, 409], answers.map((a) => a.body.slice(0, 160)).join('\n'));
  // Behind the first, the second finds the line settled (RETURN_OVER_RECEIPT) or, once the first committed, the return inspected.
  assert.ok(['RETURN_OVER_RECEIPT', 'RETURN_ILLEGAL_TRANSITION'].includes(answers.find((a) => a.statusCode === 409)?.json().code), answers.map((a) => a.body.slice(0, 160)).join('\n'));
  assert.equal(await onHand(r.sku), before + 2, 'two units back on hand, not four');
  assert.equal(await returnedMoves(r.sku), 1, 'one ledger row');
});

test(`${RACERS} concurrent receipts of one unit each of a 2-unit return settle exactly 2`, async () => {
  const r = await approvedReturn();
  const before = await onHand(r.sku);
  const answers = await Promise.all(Array.from({ length: RACERS }, () => t.call('POST', `/v1/returns/${r.id}/receipts`, { lines: [{ return_line_id: r.lineId, quantity: 1, disposition: 'restock' }] })));
  assert.equal(answers.filter((a) => a.statusCode === 201).length, 2, answers.map((a) => `${a.statusCode} ${a.body.slice(0, 100)}`).join('\n'));
  assert.ok(answers.every((a) => a.statusCode === 201 || (a.statusCode === 409 && ['RETURN_OVER_RECEIPT', 'RETURN_ILLEGAL_TRANSITION'].includes(a.json().code))), answers.map((a) => a.statusCode).join(','));
  assert.equal(await onHand(r.sku), before + 2);
  assert.equal((await t.call('GET', `/v1/returns/${r.id}`)).json().status, 'inspected');
});

async function inspectedReturn() {
  const r = await approvedReturn();
  assert.equal((await t.call('POST', `/v1/returns/${r.id}/receipts`, { lines: [{ return_line_id: r.lineId, quantity: 2, disposition: 'restock' }] })).statusCode, 201);
  return r;
}
const refundsOf = async (orderId: string) => ((await t.call('GET', `/v1/orders/${orderId}/transactions`)).json().data as { kind: string }[]).filter((x) => x.kind === 'refund').length;

test(`${RACERS} concurrent refunds of one return with different keys: one refund`, async () => {
  const r = await inspectedReturn();
  const answers = await Promise.all(Array.from({ length: RACERS }, (_, i) => t.call('POST', `/v1/returns/${r.id}/refunds`, {}, { headers: { 'idempotency-key': `race-${r.id}-${i}` } })));
  assert.equal(answers.filter((a) => a.statusCode === 201).length, 1, answers.map((a) => `${a.statusCode} ${a.body.slice(0, 100)}`).join('\n'));
  assert.ok(answers.every((a) => a.statusCode === 201 || (a.statusCode === 409 && a.json().code === 'RETURN_NOT_REFUNDABLE')), answers.map((a) => a.statusCode).join(','));
  assert.equal(await refundsOf(r.orderId), 1);
  assert.equal(Number((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from return_refunds where return_id = ${r.id}`))[0]?.n), 1);
});

test(`${RACERS} concurrent refunds of one return with one key: one refund, every success the same`, async () => {
  const r = await inspectedReturn();
  const headers = { 'idempotency-key': `race-one-${r.id}` };
  const answers = await Promise.all(Array.from({ length: RACERS }, () => t.call('POST', `/v1/returns/${r.id}/refunds`, {}, { headers })));
  const ids = new Set(answers.filter((a) => a.statusCode === 201).map((a) => a.json().refund.id as string));
  assert.equal(ids.size, 1, answers.map((a) => `${a.statusCode} ${a.body.slice(0, 100)}`).join('\n'));
  assert.ok(answers.every((a) => a.statusCode === 201 || (a.statusCode === 422 && a.json().code === 'REQUEST_IDEMPOTENCY_KEY_REUSED')), answers.map((a) => a.statusCode).join(','));
  assert.equal(await refundsOf(r.orderId), 1);
});

test(`${RACERS} concurrent requests for the last units of a line: only one return holds them`, async () => {
  const { sku } = await createProduct(t, uniqueCode('RACE'), { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 });
  await adjust(t, sku, 'RACE-RET', 5);
  const order = await placeOrder(t, [{ sku, quantity: 1 }]);
  for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {})).statusCode, 201);
  }
  const answers = await Promise.all(Array.from({ length: RACERS }, () => t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 1, reason: 'defective' }] })));
  assert.equal(answers.filter((a) => a.statusCode === 201).length, 1, answers.map((a) => `${a.statusCode} ${a.body.slice(0, 100)}`).join('\n'));
  assert.ok(answers.every((a) => a.statusCode === 201 || a.json().code === 'RETURN_EXCEEDS_SHIPPED'), answers.map((a) => a.statusCode).join(','));
});
