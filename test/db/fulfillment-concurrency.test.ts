import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { releaseDueFulfillmentOrders } from '../../src/flows/fulfillment/jobs/release-fulfillment-orders.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, orderBody, type OrderJson } from '../support/factories.js';

/**
 * Many workers releasing, rejecting (re-routing), cancelling and capturing at once. Afterwards:
 * every order line is whole (allocated + backordered + cancelled == quantity, unless the order is
 * on hold), the live fulfillment orders hold exactly the allocated units of each line at the
 * locations that reserve them, and reserved == the sum of reservations for every stock row.
 * Runs on PostgreSQL with TEST_DATABASE_URL, on PGlite otherwise.
 */
const ORDERS = 60;
const OPS = 160;
const CONCURRENCY = 16;
const LOCATIONS = ['FC-1', 'FC-2', 'FC-3', 'FC-4'];
const SKUS = ['FC-A', 'FC-B', 'FC-C'];
const REASONS = ['not_in_stock', 'capacity', 'damaged', 'mismatch'];

let t: TestApp;
let seed = 11;
/** mulberry32: deterministic, and its low bits are as random as its high ones. */
const rand = (n: number) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return (((x ^ (x >>> 14)) >>> 0) % n);
};

before(async () => {
  t = await buildTestApp({ poolSize: CONCURRENCY + 4 });
  for (const [i, code] of LOCATIONS.entries()) await createLocation(t, code, { priority: i + 1 });
  for (const [i, sku] of SKUS.entries()) await createProduct(t, sku, { backorderable: i === 0 });
  for (const code of LOCATIONS) for (const sku of SKUS) await adjust(t, sku, code, 20);
  assert.equal((await t.call('PATCH', '/v1/settings', { accept_unfillable_orders_on_hold: true, fulfillment_release: 'review' })).statusCode, 200);
});
after(() => t.close());

async function runWithConcurrency(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < jobs.length) await (jobs[next++] as () => Promise<void>)();
    }),
  );
}

test('concurrent releases, rejections, cancels and captures never double-allocate and never lose a line', async () => {
  const orderIds: string[] = [];
  const capture = async () => {
    const lines = Array.from({ length: 1 + rand(2) }, () => ({ sku: SKUS[rand(SKUS.length)] as string, quantity: 1 + rand(4) }));
    const res = await t.call('POST', '/v1/orders', orderBody(lines));
    assert.equal(res.statusCode, 201, res.body);
    orderIds.push((res.json() as OrderJson).id);
  };
  for (let i = 0; i < ORDERS; i++) await capture();
  // From here new fulfillment orders are released at once; the pending ones race the job and releases.
  assert.equal((await t.call('PATCH', '/v1/settings', { fulfillment_release: 'immediate' })).statusCode, 200);
  const fos = (await queryRows<{ id: string }>(t.database.db, sql`select id from fulfillment_orders order by id`)).map((r) => r.id);

  const unexpected: string[] = [];
  const expect = (res: { statusCode: number; body: string }, ok: number[], what: string) => {
    if (!ok.includes(res.statusCode)) unexpected.push(`${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  };
  const someFo = async () => {
    const live = await queryRows<{ id: string }>(t.database.db, sql`select id from fulfillment_orders where status in ('pending', 'released', 'accepted') order by id`);
    return live[rand(Math.max(live.length, 1))]?.id ?? fos[rand(fos.length)];
  };
  const jobs: (() => Promise<void>)[] = [];
  for (let i = 0; i < OPS; i++) {
    const kind = rand(8);
    jobs.push(async () => {
      const id = await someFo();
      switch (kind) {
        case 0:
        case 1:
          return expect(await t.call('POST', `/v1/fulfillment-orders/${id}/release`, {}), [200, 409], 'release');
        case 2:
        case 3: {
          const body = rand(3) === 0 ? { reason: REASONS[rand(4)], lines: [{ sku: SKUS[rand(SKUS.length)], quantity: 1 }] } : { reason: REASONS[rand(4)] };
          // 422: the fulfillment order does not hold that SKU (any more); 409: not rejectable now or lost a race.
          return expect(await t.call('POST', `/v1/fulfillment-orders/${id}/reject`, body), [200, 409, 422], 'reject');
        }
        case 4:
          return expect(await t.call('POST', `/v1/fulfillment-orders/${id}/accept`, {}), [200, 409], 'accept');
        case 5:
          return expect(await t.call('POST', `/v1/fulfillment-orders/${id}/cancel`, {}), [200, 409], 'cancel fulfillment order');
        case 6: {
          if (rand(2) === 0) return capture();
          const orderId = orderIds[rand(orderIds.length)];
          return expect(await t.call('POST', `/v1/orders/${orderId}/cancel`, { reason: 'race' }), [200, 409], 'cancel order');
        }
        default: {
          if (rand(2) === 0) {
            await releaseDueFulfillmentOrders(t.database.db, new Date());
            return;
          }
          const res = await t.call('POST', '/v1/inventory/adjustments', { sku: SKUS[rand(SKUS.length)], location: LOCATIONS[rand(LOCATIONS.length)], delta: 3, reason: 'received' });
          return expect(res, [201], 'receipt');
        }
      }
    });
  }
  await runWithConcurrency(jobs, CONCURRENCY);
  assert.deepEqual(unexpected, []);

  const db = t.database.db;
  const rejected = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from fulfillment_orders where status = 'rejected'`);
  const statuses = await queryRows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from fulfillment_orders group by 1 order by 1`);
  assert.ok((rejected[0]?.n ?? 0) > 5, `the test must re-route to prove anything: ${JSON.stringify(statuses)}`);

  const stock = await queryRows<{ sku: string; location_id: string; on_hand: number; reserved: number; live: number }>(
    db,
    sql`select s.sku, s.location_id, s.on_hand, s.reserved,
               coalesce((select sum(r.quantity) from reservations r where r.tenant_id = s.tenant_id and r.sku = s.sku and r.location_id = s.location_id), 0)::int as live
        from stock_levels s where s.sku like 'FC-%'`,
  );
  for (const s of stock) {
    assert.equal(s.reserved, s.live, `${s.sku}@${s.location_id}: reserved ${s.reserved} but reservations sum to ${s.live}`);
    assert.ok(s.reserved <= s.on_hand && s.reserved >= 0, `${s.sku}@${s.location_id}: reserved ${s.reserved}, on hand ${s.on_hand}`);
  }

  const lines = await queryRows<{ id: string; status: string; sku: string; quantity: number; allocated: number; backordered: number; cancelled: number; reserved: number; in_fos: number }>(
    db,
    sql`select l.id, o.status, l.sku, l.quantity, l.allocated, l.backordered, l.cancelled,
               coalesce((select sum(r.quantity) from reservations r where r.tenant_id = l.tenant_id and r.order_line_id = l.id), 0)::int as reserved,
               coalesce((select sum(fl.quantity) from fulfillment_order_lines fl join fulfillment_orders f on f.tenant_id = fl.tenant_id and f.id = fl.fulfillment_order_id
                         where fl.tenant_id = l.tenant_id and fl.order_line_id = l.id and f.status not in ('rejected', 'cancelled')), 0)::int as in_fos
        from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id where l.sku like 'FC-%'`,
  );
  assert.ok(lines.length >= ORDERS, `every order has its lines: ${lines.length} of at least ${ORDERS}`);
  for (const l of lines) {
    const whole = l.allocated + l.backordered + l.cancelled;
    if (l.status === 'on_hold') assert.ok(whole <= l.quantity, `line ${l.id} (on hold) over-counted: ${whole} > ${l.quantity}`);
    else assert.equal(whole, l.quantity, `line ${l.id} (${l.status}) lost units: ${l.allocated}+${l.backordered}+${l.cancelled} != ${l.quantity}`);
    assert.equal(l.reserved, l.allocated, `line ${l.id}: reserved ${l.reserved} != allocated ${l.allocated}`);
    assert.equal(l.in_fos, l.allocated, `line ${l.id}: live fulfillment orders hold ${l.in_fos}, allocated ${l.allocated}`);
  }
  // Per line and location: what is reserved there is what that location's live fulfillment orders hold.
  const mismatched = await queryRows<{ order_line_id: string }>(
    db,
    sql`with r as (select order_line_id, location_id, sum(quantity)::int as q from reservations where sku like 'FC-%' group by 1, 2),
             f as (select fl.order_line_id, fo.location_id, sum(fl.quantity)::int as q from fulfillment_order_lines fl
                   join fulfillment_orders fo on fo.tenant_id = fl.tenant_id and fo.id = fl.fulfillment_order_id
                   where fo.status not in ('rejected', 'cancelled') and fl.sku like 'FC-%' group by 1, 2)
        select coalesce(r.order_line_id, f.order_line_id) as order_line_id from r full join f on r.order_line_id = f.order_line_id and r.location_id = f.location_id
        where coalesce(r.q, 0) <> coalesce(f.q, 0)`,
  );
  assert.deepEqual(mismatched, []);
});
