import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, createTenant, placeOrder, uniqueCode, type OrderJson } from '../support/factories.js';

/**
 * Store credit (ADR 0022): an inspected return closed with store credit issues exactly the refund
 * preview's amount to the order's customer e-mail, once; the order's ledger gets a refund on gateway
 * `store_credit`; the balance never goes below zero.
 */
let t: TestApp;
const WH = { name: 'Credit DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };

before(async () => {
  t = await buildTestApp();
  assert.equal((await t.call('PUT', '/v1/boxes/SC-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  await createLocation(t, 'SC-WH', { address: WH, cutoff_time: '23:59' });
});
after(() => t.close());

const email = () => `${uniqueCode('buyer').toLowerCase().replace(/[^a-z0-9]/g, '')}@shop.test`;

/** An order of 2 × 10.00 + 5.00 shipping for `customer`, paid, shipped, with a return of both units received and inspected. */
async function inspectedReturn(customer: string | null, reason = 'changed_mind'): Promise<{ order: OrderJson; id: string }> {
  const { sku } = await createProduct(t, uniqueCode('SC'), { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 });
  await adjust(t, sku, 'SC-WH', 5);
  const order = await placeOrder(t, [{ sku, quantity: 2 }], { customer: customer === null ? null : { email: customer, name: 'Ada' } });
  assert.equal((await t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '25.00', gateway: 'stripe' })).statusCode, 201);
  for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {})).statusCode, 201);
  }
  const ret = await t.call('POST', `/v1/orders/${order.id}/returns`, { lines: [{ order_line_id: order.lines[0]?.id, quantity: 2, reason }], outcome: 'store_credit' });
  assert.equal(ret.statusCode, 201, ret.body);
  const id = ret.json().id as string;
  assert.equal((await t.call('POST', `/v1/returns/${id}/approve`, { location: 'SC-WH' })).statusCode, 200);
  const received = await t.call('POST', `/v1/returns/${id}/receipts`, { lines: [{ return_line_id: ret.json().lines[0].id, quantity: 2, disposition: 'restock' }] });
  assert.equal(received.json().status, 'inspected', received.body);
  return { order, id };
}

function problem(res: { statusCode: number; body: string; json(): unknown }, status: number, code: string, field?: string) {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json() as { code: string; errors?: { field: string }[] };
  assert.equal(body.code, code, res.body);
  if (field) assert.ok(body.errors?.some((e) => e.field === field), `names ${field}: ${res.body}`);
}
const entryCount = async () => Number((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from store_credit_entries`))[0]?.n);

describe('closing a return with store credit', () => {
  test('issues exactly the preview’s amount to the lower-cased e-mail, once; the ledger refunds on gateway store_credit', async () => {
    const customer = email();
    const { order, id } = await inspectedReturn(customer.toUpperCase());
    await t.call('PUT', '/v1/return-policy', { ...((await t.call('GET', '/v1/return-policy')).json() as Record<string, unknown>), restocking_fee_bps: 1000 });
    const preview = (await t.call('GET', `/v1/returns/${id}/refund-preview`)).json();
    await t.call('PUT', '/v1/return-policy', { ...((await t.call('GET', '/v1/return-policy')).json() as Record<string, unknown>), restocking_fee_bps: 0 });
    const plain = (await t.call('GET', `/v1/returns/${id}/refund-preview`)).json();
    assert.notEqual(preview.amount, plain.amount, 'the fee changes the preview (so the amount below is the computation, not a constant)');
    assert.equal(plain.amount, '20.00', 'changed mind: the goods, no shipping, no fee');

    const credited = await t.call('POST', `/v1/returns/${id}/store-credit`, {}, { headers: { 'idempotency-key': `sc-${id}` } });
    assert.equal(credited.statusCode, 201, credited.body);
    assert.deepEqual([credited.json().status, credited.json().refund.amount], ['closed', plain.amount]);
    const replay = await t.call('POST', `/v1/returns/${id}/store-credit`, {}, { headers: { 'idempotency-key': `sc-${id}` } });
    assert.deepEqual([replay.statusCode, replay.json().refund.id], [201, credited.json().refund.id], 'a replay answers the first');
    const before = await entryCount();
    problem(await t.call('POST', `/v1/returns/${id}/store-credit`, {}, { headers: { 'idempotency-key': `sc2-${id}` } }), 409, 'RETURN_NOT_REFUNDABLE');
    problem(await t.call('POST', `/v1/returns/${id}/refunds`, {}), 409, 'RETURN_NOT_REFUNDABLE');
    assert.equal(await entryCount(), before, 'nothing more issued');

    const ledger = (await t.call('GET', `/v1/orders/${order.id}/transactions`)).json();
    assert.deepEqual(ledger.data.map((x: { kind: string; amount: string; gateway: string }) => [x.kind, x.gateway, x.amount]), [['sale', 'stripe', '25.00'], ['refund', 'store_credit', '20.00']]);
    assert.equal(ledger.summary.financial_status, 'partially_refunded');

    const balance = await t.call('GET', `/v1/store-credit?email=${encodeURIComponent(customer.toUpperCase())}`);
    assert.equal(balance.statusCode, 200, balance.body);
    assert.equal(balance.json().email, customer);
    assert.deepEqual(balance.json().balances.map((b: { currency: string; balance: string }) => [b.currency, b.balance]), [['USD', '20.00']]);
    const customerId = (await t.call('GET', `/v1/orders/${order.id}`)).json().customer_id;
    assert.ok(customerId, 'the order has its customer');
    assert.equal(balance.json().balances[0].customer_id, customerId, 'the account opened for the return is the order’s customer’s');
    assert.deepEqual(balance.json().entries.map((e: { kind: string; amount: string; return_id: string }) => [e.kind, e.amount, e.return_id]), [['issue', '20.00', id]]);

    const events = await queryRows<{ type: string; actor: string; data: { amount_minor?: number; email?: string } }>(t.database.db, sql`select type, actor, data from events where type = 'store_credit.issued' and data->>'return_id' = ${id}`);
    assert.equal(events.length, 1);
    assert.deepEqual([events[0]?.data.amount_minor, events[0]?.data.email], [2000, customer]);
    const refundCreated = await queryRows<{ n: number }>(t.database.db, sql`select jsonb_array_length(data->'lines')::int as n from events where type = 'refund.created' and data->>'order_id' = ${order.id}`);
    assert.deepEqual(refundCreated.map((r) => r.n), [1], 'the credit is itemised: accounting books a credit note');
  });

  test('refused before inspection, without an e-mail, or for another tenant: nothing written', async () => {
    const { sku } = await createProduct(t, uniqueCode('SC'), { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 });
    await adjust(t, sku, 'SC-WH', 5);
    const noMail = await inspectedReturn(null);
    const before = await entryCount();
    problem(await t.call('POST', `/v1/returns/${noMail.id}/store-credit`, {}), 422, 'RETURN_NO_CUSTOMER_EMAIL', 'order.customer.email');
    const other = await createTenant(t);
    problem(await t.call('POST', `/v1/returns/${(await inspectedReturn(email())).id}/store-credit`, {}, { key: other.key }), 404, 'RETURN_NOT_FOUND');
    assert.equal(await entryCount(), before);
    assert.equal((await t.call('GET', `/v1/returns/${noMail.id}`)).json().status, 'inspected');
  });
});

describe('store-credit adjustments', () => {
  test('add and take away with a reason; never below zero (409, nothing written)', async () => {
    const customer = email();
    const added = await t.call('POST', '/v1/store-credit/adjustments', { email: customer, currency: 'USD', amount: '7.50', reason: 'goodwill' });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.json().balances[0].balance, '7.50');
    const before = await entryCount();
    problem(await t.call('POST', '/v1/store-credit/adjustments', { email: customer, currency: 'USD', amount: '-7.51', reason: 'typo' }), 409, 'STORE_CREDIT_INSUFFICIENT', 'amount');
    problem(await t.call('POST', '/v1/store-credit/adjustments', { email: customer, currency: 'USD', amount: '0', reason: 'nothing' }), 422, 'STORE_CREDIT_INVALID', 'amount');
    assert.equal(await entryCount(), before);
    const taken = await t.call('POST', '/v1/store-credit/adjustments', { email: customer, currency: 'USD', amount: '-7.50', reason: 'used in store' });
    assert.deepEqual([taken.json().balances[0].balance, taken.json().entries.map((e: { amount: string }) => e.amount)], ['0.00', ['-7.50', '7.50']]);
    assert.deepEqual((await t.call('GET', `/v1/store-credit?email=${customer}`, undefined, { key: (await createTenant(t)).key })).json().balances, [], 'another tenant sees nothing');
  });
});
