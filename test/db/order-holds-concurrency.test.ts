import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { captureOrder } from '../../src/flows/capture/steps/capture-order.js';
import { releaseDueFulfillmentOrders } from '../../src/flows/fulfillment/jobs/release-fulfillment-orders.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, orderBody, placeOrder, stockedProduct } from '../support/factories.js';

/**
 * Holds under concurrency (ADR 0025): every writer of an order's holds takes the order's row lock,
 * then its fulfillment orders'; a release is a conditional update. So a hold released by many
 * requests at once is released once (one order.released), and a hold placed while another is
 * released — with the wave job running beside them — never leaves a fulfillment order released
 * while a hold is active. On PostgreSQL (TEST_DATABASE_URL) the requests really race.
 */
const RACERS = 16;
let t: TestApp;

before(async () => {
  t = await buildTestApp({ poolSize: RACERS + 4 });
  await createLocation(t, 'OHC-WH');
});
after(() => t.close());

const newOrder = async () => placeOrder(t, [{ sku: await stockedProduct(t, { 'OHC-WH': 5 }), quantity: 1 }]);
const count = async (type: string, orderId: string) =>
  Number((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from events where type = ${type} and aggregate_id = ${orderId}`))[0]?.n);
const fulfillmentStatuses = async (orderId: string) => (await queryRows<{ status: string }>(t.database.db, sql`select status from fulfillment_orders where order_id = ${orderId}`)).map((r) => r.status);
const activeHolds = async (orderId: string) => Number((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from order_holds where order_id = ${orderId} and released_at is null`))[0]?.n);

test(`a hold released by ${RACERS} requests at once is released once`, async () => {
  const order = await newOrder();
  const hold = (await t.call('POST', `/v1/orders/${order.id}/holds`, { type: 'manual', reason: 'race' })).json() as { id: string };
  const answers = await Promise.all(Array.from({ length: RACERS }, (_, i) => t.call('DELETE', `/v1/orders/${order.id}/holds/${hold.id}`, { note: `racer ${i}` })));
  assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, ...Array<number>(RACERS - 1).fill(409)], answers.map((a) => a.body.slice(0, 120)).join('\n'));
  assert.deepEqual([...new Set(answers.filter((a) => a.statusCode === 409).map((a) => a.json().code))], ['ORDER_HOLD_ALREADY_RELEASED'], 'every loser is told the hold was released');
  assert.equal(await count('order.released', order.id), 1, 'one order.released event');
  assert.deepEqual(await fulfillmentStatuses(order.id), ['released']);
});

test(`placing the same hold ${RACERS} times at once stores one`, async () => {
  const order = await newOrder();
  const answers = await Promise.all(Array.from({ length: RACERS }, () => t.call('POST', `/v1/orders/${order.id}/holds`, { type: 'payment', reason: 'race' })));
  assert.deepEqual(answers.map((a) => a.statusCode).sort(), [...Array<number>(RACERS - 1).fill(200), 201], answers.map((a) => a.body.slice(0, 120)).join('\n'));
  assert.equal(new Set(answers.map((a) => a.json().id)).size, 1, 'every answer is the same hold');
  assert.equal(await count('order.held', order.id), 1);
});

test('placing and releasing racing (with the wave job) never leaves fulfillment released while a hold is active', async () => {
  for (let round = 0; round < 12; round++) {
    const order = await newOrder();
    const first = (await t.call('POST', `/v1/orders/${order.id}/holds`, { type: 'manual', reason: `round ${round}` })).json() as { id: string };
    const [released, placed] = await Promise.all([
      t.call('DELETE', `/v1/orders/${order.id}/holds/${first.id}`, { note: 'go' }),
      t.call('POST', `/v1/orders/${order.id}/holds`, { type: 'fraud_review', reason: 'second thoughts' }),
      releaseDueFulfillmentOrders(t.database.db, new Date()),
    ]);
    assert.equal(released.statusCode, 200, released.body);
    assert.equal(placed.statusCode, 201, placed.body);
    assert.equal(await activeHolds(order.id), 1, 'the second hold is active');
    assert.deepEqual(await fulfillmentStatuses(order.id), ['on_hold'], `round ${round}: held, whichever came first`);
  }
});

test('capture can create an order with initial holds in its transaction: its fulfillment orders start on_hold', async () => {
  const sku = await stockedProduct(t, { 'OHC-WH': 3 });
  const result = await captureOrder(t.database.db, { tenantId: t.tenantId, actorId: 'system:address-review' }, orderBody([{ sku, quantity: 2 }]) as never, new Date(), undefined, {
    initialHolds: [{ type: 'address_review', reason: 'PO box for a carrier that cannot deliver there' }],
  });
  assert.equal(result.statusCode, 201);
  assert.equal(result.body.held, true);
  assert.deepEqual(result.body.holds.map((h) => [h.type, h.placed_by]), [['address_review', 'system:address-review']]);
  assert.equal(result.body.status, 'allocated', 'stock is reserved under the hold');
  assert.deepEqual(await fulfillmentStatuses(result.body.id), ['on_hold']);
  const types = (await queryRows<{ type: string }>(t.database.db, sql`select type from events where aggregate_id = ${result.body.id} order by seq`)).map((r) => r.type);
  assert.ok(types.indexOf('order.created') < types.indexOf('order.held'), types.join(', '));
  const view = (await t.call('GET', `/v1/orders/${result.body.id}`)).json() as { holds: { id: string }[] };
  assert.equal((await t.call('DELETE', `/v1/orders/${result.body.id}/holds/${view.holds[0]?.id}`, { note: 'address fixed' })).statusCode, 200);
  assert.deepEqual(await fulfillmentStatuses(result.body.id), ['released']);
});
