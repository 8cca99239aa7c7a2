import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, orderBody, stockedProduct, uniqueCode } from '../support/factories.js';

/**
 * Fraud screening under concurrency (ADR 0030): captures racing on one e-mail and one card each
 * store exactly one decision and one set of velocity keys; each counts itself and every order
 * committed before its velocity statement, never more than the orders that exist, never another's
 * twice; an order after them all counts every one. On PostgreSQL (TEST_DATABASE_URL) they race.
 */
const RACERS = 16;
let t: TestApp;
let sku: string;

before(async () => {
  t = await buildTestApp({ poolSize: RACERS + 4, fraudScreening: true });
  await createLocation(t, 'RVC-WH');
  sku = await stockedProduct(t, { 'RVC-WH': 1000 });
});
after(() => t.close());

interface Velocity {
  email: Record<string, { orders: number; cards: number; addresses: number }>;
  card: Record<string, { orders: number }>;
}

test(`${RACERS} captures on one e-mail and card at once: one decision each, counts between itself and all`, async () => {
  const email = `${uniqueCode('race').toLowerCase()}@shop.test`;
  const body = () =>
    orderBody([{ sku, quantity: 1 }], {
      placed_at: new Date().toISOString(),
      customer: { email },
      transactions: [{ kind: 'sale', amount: '15.00', gateway: 'stripe', payment_details: { card_fingerprint: `fp_${email}` } }],
    });
  const answers = await Promise.all(Array.from({ length: RACERS }, () => t.call('POST', '/v1/orders', body())));
  assert.deepEqual([...new Set(answers.map((a) => a.statusCode))], [201], answers.map((a) => a.body.slice(0, 200)).join('\n'));
  const ids = answers.map((a) => a.json().id as string);

  const decisions = await queryRows<{ order_id: string; velocity: Velocity }>(t.database.db, sql`select order_id, input -> 'velocity' as velocity from risk_decisions where order_id = any(${sql.param(ids)}::text[])`);
  assert.deepEqual(decisions.map((d) => d.order_id).sort(), [...ids].sort(), 'exactly one decision per order');
  const keys = await queryRows<{ kind: string; n: number; orders: number }>(t.database.db, sql`select kind, count(*)::int as n, count(distinct order_id)::int as orders from risk_velocity_keys where order_id = any(${sql.param(ids)}::text[]) group by kind order by kind`);
  assert.deepEqual(keys.map((k) => [k.kind, k.n, k.orders]), ['address', 'card', 'email'].map((kind) => [kind, RACERS, RACERS]), 'one key of each kind per order');
  for (const d of decisions) {
    const seen = d.velocity.email['1h'];
    assert.ok(seen && seen.orders >= 1 && seen.orders <= RACERS, `${d.order_id} counts itself and at most the racers: ${JSON.stringify(seen)}`);
    assert.equal(d.velocity.card['1h']?.orders, seen.orders, 'the e-mail and the card were on the same orders');
    assert.deepEqual([seen.cards, seen.addresses], [1, 1], 'one card, one address');
  }
  // Commit order is a total order: the last to commit saw all that committed before its statement.
  // What is guaranteed afterwards: the next order counts every one of them.
  const next = await t.call('POST', '/v1/orders', body());
  assert.equal(next.statusCode, 201, next.body);
  const [after] = await queryRows<{ velocity: Velocity }>(t.database.db, sql`select input -> 'velocity' as velocity from risk_decisions where order_id = ${next.json().id}`);
  assert.equal(after?.velocity.email['1h']?.orders, RACERS + 1, 'every committed order is counted, and itself');
  assert.equal(next.json().risk.action, 'reject', 'more than three orders on one e-mail within the hour');
});
