import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, placeOrder, stockedProduct } from '../support/factories.js';

/**
 * Review cases under concurrency (ADR 0031): a close takes the case's order row lock, then closes
 * the case with a conditional update. So of many closes at once one wins and the rest get 409;
 * a close racing a cancel either cancels the order itself (reject) or finds the case closed as
 * cancelled — never a closed case beside an active hold, never stock released twice. On
 * PostgreSQL (TEST_DATABASE_URL) the requests really race.
 */
const RACERS = 16;
let t: TestApp;

before(async () => {
  t = await buildTestApp({ poolSize: RACERS + 4 });
  await createLocation(t, 'RVC-WH');
});
after(() => t.close());

const heldOrder = async (sku: string) => {
  const order = await placeOrder(t, [{ sku, quantity: 1 }]);
  assert.equal((await t.call('POST', `/v1/orders/${order.id}/holds`, { type: 'fraud_review', reason: 'race' })).statusCode, 201);
  const [c] = (await t.call('GET', `/v1/reviews?order_id=${order.id}`)).json().data as { id: string }[];
  return { order, caseId: c?.id as string };
};
const count = async (type: string, orderId: string) => Number((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from events where type = ${type} and aggregate_id = ${orderId}`))[0]?.n);
const activeHolds = async (orderId: string) => Number((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from order_holds where order_id = ${orderId} and released_at is null`))[0]?.n);
const reserved = async (sku: string) => Number((await queryRows<{ n: number }>(t.database.db, sql`select coalesce(sum(reserved), 0)::int as n from stock_levels where sku = ${sku}`))[0]?.n);

test(`${RACERS} closes of one case at once: one wins, the others 409`, async () => {
  const sku = await stockedProduct(t, { 'RVC-WH': 5 });
  const { order, caseId } = await heldOrder(sku);
  const answers = await Promise.all(
    Array.from({ length: RACERS }, (_, i) => t.call('POST', `/v1/reviews/${caseId}/close`, { resolution: i % 2 ? 'approved' : 'rejected', reason: `racer ${i}` })),
  );
  assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, ...Array<number>(RACERS - 1).fill(409)], answers.map((a) => a.body.slice(0, 160)).join('\n'));
  assert.deepEqual([...new Set(answers.filter((a) => a.statusCode === 409).map((a) => a.json().code))], ['REVIEW_CASE_CLOSED']);
  const winner = answers.find((a) => a.statusCode === 200)?.json() as { resolution: string };
  assert.equal(await count('review.closed', order.id), 1, 'one review.closed');
  assert.equal(await activeHolds(order.id), 0, 'the hold ended either way');
  const status = (await t.call('GET', `/v1/orders/${order.id}`)).json().status;
  assert.equal(status, winner.resolution === 'rejected' ? 'cancelled' : 'allocated');
  assert.equal(await reserved(sku), winner.resolution === 'rejected' ? 0 : 1, 'stock released once, or kept');
});

test('a close racing a cancel of its order: the two agree, nothing is left half done', async () => {
  for (let round = 0; round < 10; round++) {
    const sku = await stockedProduct(t, { 'RVC-WH': 5 });
    const { order, caseId } = await heldOrder(sku);
    const resolution = round % 2 ? 'approved' : 'rejected';
    const [closed, cancelled] = await Promise.all([
      t.call('POST', `/v1/reviews/${caseId}/close`, { resolution, reason: `round ${round}` }),
      t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: `customer cancelled, round ${round}` }),
    ]);
    const c = (await t.call('GET', `/v1/reviews/${caseId}`)).json() as { status: string; resolution: string };
    assert.equal(c.status, 'closed');
    if (closed.statusCode === 200) {
      assert.equal(c.resolution, resolution);
      // A rejection cancelled the order first: the cancel then finds it cancelled (409).
      assert.equal(cancelled.statusCode, resolution === 'rejected' ? 409 : 200, cancelled.body);
    } else {
      assert.deepEqual([closed.statusCode, closed.json().code, c.resolution], [409, 'REVIEW_CASE_CLOSED', 'cancelled'], closed.body);
      assert.equal(cancelled.statusCode, 200, cancelled.body);
    }
    assert.equal((await t.call('GET', `/v1/orders/${order.id}`)).json().status, 'cancelled', 'cancelled in every interleaving');
    assert.equal(await activeHolds(order.id), 0, 'no active hold on a cancelled order');
    assert.equal(await reserved(sku), 0, 'its stock released once');
    assert.equal(await count('review.closed', order.id), 1);
  }
});
