import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { assertProblem, expectRefusedWithoutWrites } from '../support/bad-input.js';
import { adjust, createLocation, createProduct, placeOrder, uniqueCode } from '../support/factories.js';

/**
 * The policy's `allowed_outcomes` hold when a return is closed, not only when it is requested
 * (ADR 0028): refund, store credit and exchange each refuse an outcome the policy does not offer,
 * naming it and what is offered; staff close anyway with `override_note`, recorded in return.closed.
 */
let t: TestApp;
const WH = { name: 'Outcome DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
const POLICY = { window_days: 30, assumed_transit_days: 5, final_sale_skus: [], restocking_fee_bps: 0, return_shipping: 'free', keep_item_threshold_minor: 0, return_locations: ['OUT-WH'], overrides: [] };

before(async () => {
  t = await buildTestApp();
  assert.equal((await t.call('PUT', '/v1/boxes/OUT-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  await createLocation(t, 'OUT-WH', { address: WH, cutoff_time: '23:59' });
});
after(() => t.close());

const offer = async (allowed: string[]) => assert.equal((await t.call('PUT', '/v1/return-policy', { ...POLICY, allowed_outcomes: allowed })).statusCode, 200);

/** A paid, shipped order of 1 unit (10.00 + 5.00) with a return requested for `outcome` (and `override_note`), approved and received: inspected. Its id and SKU. */
async function inspectedReturn(outcome = 'refund', overrideNote?: string): Promise<{ id: string; sku: string }> {
  const { sku } = await createProduct(t, uniqueCode('OUT'), { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 });
  await adjust(t, sku, 'OUT-WH', 10);
  const order = await placeOrder(t, [{ sku, quantity: 1 }], { customer: { email: 'outcomes@shoppers.test', name: 'Out Come', phone: null } });
  assert.equal((await t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '15.00', gateway: 'stripe' })).statusCode, 201);
  for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {})).statusCode, 201);
  }
  const requested = await t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 1, reason: 'defective' }], outcome, ...(overrideNote ? { override_note: overrideNote } : {}) });
  assert.equal(requested.statusCode, 201, requested.body);
  const id = requested.json().id as string;
  assert.equal((await t.call('POST', `/v1/returns/${id}/approve`, { location: 'OUT-WH' })).statusCode, 200);
  const received = await t.call('POST', `/v1/returns/${id}/receipts`, { lines: [{ return_line_id: requested.json().lines[0].id, quantity: 1, disposition: 'restock' }] });
  assert.equal(received.json().status, 'inspected', received.body);
  return { id, sku };
}

const closedEvent = async (id: string) => (await queryRows<{ data: Record<string, unknown> }>(t.database.db, sql`select data from events where aggregate_id = ${id} and type = 'return.closed'`))[0]?.data;

describe('allowed_outcomes at close', () => {
  test('store credit and exchange are refused when the policy offers only refunds; nothing is written; the problem names both', async () => {
    await offer(['refund', 'store_credit', 'exchange']);
    const r = await inspectedReturn();
    await offer(['refund']);
    await expectRefusedWithoutWrites(t, { name: 'store credit not offered', url: `/v1/returns/${r.id}/store-credit`, body: {}, status: 422, code: 'RETURN_OUTCOME_NOT_OFFERED', field: 'override_note' }, { method: 'POST', url: '' });
    const refused = await t.call('POST', `/v1/returns/${r.id}/store-credit`, {});
    const body = assertProblem(refused, { status: 422, code: 'RETURN_OUTCOME_NOT_OFFERED' });
    assert.deepEqual([body.outcome, body.allowed_outcomes], ['store_credit', ['refund']]);
    assert.match(String(body.detail), /"store_credit" is not offered; this store offers refund/);
    const ret = (await t.call('GET', `/v1/returns/${r.id}`)).json();
    const exchange = await t.call('POST', `/v1/returns/${r.id}/exchange`, { lines: [{ return_line_id: ret.lines[0].id, sku: r.sku, quantity: 1 }] });
    assert.deepEqual([assertProblem(exchange, { status: 422, code: 'RETURN_OUTCOME_NOT_OFFERED', field: 'override_note' }).outcome], ['exchange']);
    assert.equal((await t.call('GET', `/v1/returns/${r.id}`)).json().status, 'inspected');

    const refunded = await t.call('POST', `/v1/returns/${r.id}/refunds`, {});
    assert.deepEqual([refunded.statusCode, refunded.json().status], [201, 'closed'], refunded.body);
    assert.equal((await closedEvent(r.id))?.outcome_override_note, undefined, 'an offered outcome records no override');
  });

  test('a refund is refused when the policy offers only store credit; staff close with a note, recorded in return.closed', async () => {
    await offer(['refund', 'store_credit']);
    const r = await inspectedReturn();
    await offer(['store_credit']);
    assertProblem(await t.call('POST', `/v1/returns/${r.id}/refunds`, {}), { status: 422, code: 'RETURN_OUTCOME_NOT_OFFERED', field: 'override_note' });
    const overridden = await t.call('POST', `/v1/returns/${r.id}/refunds`, { override_note: 'customer has no account: manager approved a card refund' });
    assert.deepEqual([overridden.statusCode, overridden.json().status, overridden.json().refund?.amount], [201, 'closed', '15.00'], overridden.body);
    assert.equal((await closedEvent(r.id))?.outcome_override_note, 'customer has no account: manager approved a card refund');
  });

  test('an outcome staff accepted against the policy when the return was requested needs no second note', async () => {
    await offer(['refund']);
    const r = await inspectedReturn('store_credit', 'loyal customer: credit instead');
    const credited = await t.call('POST', `/v1/returns/${r.id}/store-credit`, {});
    assert.deepEqual([credited.statusCode, credited.json().status], [201, 'closed'], credited.body);
    assert.equal((await closedEvent(r.id))?.outcome_override_note, 'loyal customer: credit instead');
  });

  test('an instant exchange is refused the same way before anything is captured', async () => {
    await offer(['refund', 'store_credit']);
    const { sku } = await createProduct(t, uniqueCode('OUT-I'), { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 });
    await adjust(t, sku, 'OUT-WH', 10);
    const order = await placeOrder(t, [{ sku, quantity: 1 }]);
    assert.equal((await t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '15.00', gateway: 'stripe' })).statusCode, 201);
    for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {})).statusCode, 201);
    }
    const ret = (await t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 1, reason: 'defective' }] })).json();
    const body = { instant: true, lines: [{ return_line_id: ret.lines[0].id, sku, quantity: 1 }] };
    await expectRefusedWithoutWrites(t, { name: 'instant exchange not offered', url: `/v1/returns/${ret.id}/exchange`, body, status: 422, code: 'RETURN_OUTCOME_NOT_OFFERED', field: 'override_note' }, { method: 'POST', url: '' });
    const done = await t.call('POST', `/v1/returns/${ret.id}/exchange`, { ...body, override_note: 'size swap approved by the store manager' });
    assert.equal(done.statusCode, 201, done.body);
    const replacementId = done.json().exchange?.replacement_order_id as string;
    assert.ok(replacementId, 'the replacement order was made');
    // The orders link to each other through the return (GET /v1/orders/{id}).
    const original = (await t.call('GET', `/v1/orders/${order.id}`)).json();
    assert.deepEqual([original.returns, original.replaces_return], [[{ id: ret.id, status: 'requested', outcome: 'refund' }], null]);
    const replacement = (await t.call('GET', `/v1/orders/${replacementId}`)).json();
    assert.deepEqual([replacement.returns, replacement.replaces_return], [[], { return_id: ret.id, order_id: order.id, order_number: original.number }]);
  });
});
