import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, placeOrder, stockedProduct } from '../support/factories.js';

/**
 * Twenty refunds of the whole captured amount at once record one refund: every write to an order's
 * ledger takes the order's row lock, and the rules read the ledger under it. On PostgreSQL the
 * requests really race (a pool of connections); on PGlite they queue on its one connection.
 */
const RACERS = 20;
let t: TestApp;

before(async () => {
  t = await buildTestApp({ poolSize: RACERS + 4 });
  await createLocation(t, 'RACE-WH');
});
after(() => t.close());

async function paidOrder(): Promise<string> {
  const order = await placeOrder(t, [{ sku: await stockedProduct(t, { 'RACE-WH': 5 }), quantity: 2 }]); // 25.00
  const sale = await t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '25.00', gateway: 'stripe' });
  assert.equal(sale.statusCode, 201, sale.body);
  return order.id;
}

const refundsOf = async (orderId: string) => ((await t.call('GET', `/v1/orders/${orderId}/transactions`)).json() as { data: { kind: string }[]; summary: { financial_status: string; refunded: string } });

test(`${RACERS} concurrent full refunds without a key: one is recorded, the others are refused 409 naming amount`, async () => {
  const orderId = await paidOrder();
  const answers = await Promise.all(Array.from({ length: RACERS }, (_, i) => t.call('POST', `/v1/orders/${orderId}/transactions`, { kind: 'refund', amount: '25.00', gateway: 'stripe', reason: `racer ${i}` })));
  const codes = answers.map((a) => a.statusCode).sort();
  assert.deepEqual(codes, [201, ...Array<number>(RACERS - 1).fill(409)], answers.map((a) => a.body.slice(0, 120)).join('\n'));
  for (const a of answers.filter((x) => x.statusCode === 409)) assert.deepEqual([a.json().code, a.json().errors[0].field], ['PAYMENT_AMOUNT_EXCEEDS_REMAINING', 'amount']);
  const ledger = await refundsOf(orderId);
  assert.equal(ledger.data.filter((x) => x.kind === 'refund').length, 1);
  assert.deepEqual([ledger.summary.financial_status, ledger.summary.refunded], ['refunded', '25.00']);
});

test(`${RACERS} concurrent full refunds with one Idempotency-Key: one is recorded, every answer is that one`, async () => {
  const orderId = await paidOrder();
  const headers = { 'idempotency-key': `race-${orderId}` };
  const body = { kind: 'refund', amount: '25.00', gateway: 'stripe', reason: 'customer asked' };
  const answers = await Promise.all(Array.from({ length: RACERS }, () => t.call('POST', `/v1/orders/${orderId}/transactions`, body, { headers })));
  // A duplicate that arrives while the first is still open waits for it and replays its answer;
  // the platform answers 422 REQUEST_IDEMPOTENCY_KEY_REUSED only if it cannot see the first finished.
  const ids = new Set(answers.filter((a) => a.statusCode === 201).map((a) => a.json().transaction.id as string));
  assert.equal(ids.size, 1, answers.map((a) => `${a.statusCode} ${a.body.slice(0, 120)}`).join('\n'));
  assert.ok(answers.every((a) => a.statusCode === 201 || (a.statusCode === 422 && a.json().code === 'REQUEST_IDEMPOTENCY_KEY_REUSED')), answers.map((a) => a.statusCode).join(','));
  const ledger = await refundsOf(orderId);
  assert.equal(ledger.data.filter((x) => x.kind === 'refund').length, 1);
  assert.equal(ledger.summary.refunded, '25.00');
});
