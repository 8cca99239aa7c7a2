import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { jobs } from '../../src/apps/worker/jobs.js';
import { expireCheckoutReservations } from '../../src/modules/inventory/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, orderBody } from '../support/factories.js';

/**
 * Expired checkout reservations are released by any number of workers at once (claimed with FOR
 * UPDATE SKIP LOCKED), racing clients that release them themselves: each ends exactly once, and
 * the stock comes back exactly (reserved == sum of live reservations, never negative).
 * On PostgreSQL (TEST_DATABASE_URL) the workers really run in parallel; on PGlite they interleave.
 */
const WORKERS = 6;
const BATCH = 3;
const EXPIRING = 40;
const LASTING = 5;
const LOCATIONS = ['HX-1', 'HX-2', 'HX-3'];
const SKUS = ['HX-A', 'HX-B'];

let t: TestApp;
before(async () => {
  t = await buildTestApp({ poolSize: WORKERS + 8 });
  for (const [i, code] of LOCATIONS.entries()) await createLocation(t, code, { priority: i + 1 });
  for (const sku of SKUS) {
    await createProduct(t, sku);
    for (const code of LOCATIONS) await adjust(t, sku, code, 30);
  }
});
after(() => t.close());

interface Level {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  live: number;
}

const levels = () =>
  queryRows<Level>(
    t.database.db,
    sql`select s.sku, s.location_id, s.on_hand, s.reserved,
               coalesce((select sum(r.quantity) from reservations r where r.tenant_id = s.tenant_id and r.sku = s.sku and r.location_id = s.location_id), 0)::int as live
        from stock_levels s order by s.sku, s.location_id`,
  );

async function reserveForCheckout(sku: string, quantity: number, ttl: number): Promise<string> {
  const res = await t.call('POST', '/v1/reservations', { sku, quantity, ttl_seconds: ttl });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

test(`${WORKERS} workers and client releases race over ${EXPIRING} expired checkout reservations: each ends once, stock comes back exactly`, async () => {
  // An order's reservations are there before and after: the sweep must not touch them.
  assert.equal((await t.call('POST', '/v1/orders', orderBody([{ sku: 'HX-A', quantity: 4 }, { sku: 'HX-B', quantity: 2 }]))).statusCode, 201);
  const baseline = await levels();

  const expiring: string[] = [];
  for (let i = 0; i < EXPIRING; i++) expiring.push(await reserveForCheckout(SKUS[i % 2] as string, 1 + (i % 3), 60));
  const lasting: { id: string; sku: string; quantity: number }[] = [];
  for (let i = 0; i < LASTING; i++) lasting.push({ id: await reserveForCheckout('HX-A', 2, 3_600), sku: 'HX-A', quantity: 2 });
  const during = await levels();
  assert.ok(during.some((l, i) => l.reserved > (baseline[i] as Level).reserved), 'the checkout reservations reserved stock');

  const later = new Date(Date.now() + 120_000);
  const handled: number[] = [];
  const worker = async () => {
    for (;;) {
      const round = await expireCheckoutReservations(t.database.db, later, BATCH);
      handled.push(round.handled);
      if (!round.more) return;
    }
  };
  // A client releasing some of the same checkout reservations meanwhile (DELETE also locks the row first).
  const released = expiring.filter((_, i) => i % 7 === 0);
  const deletes = released.map(async (id) => {
    const res = await t.call('DELETE', `/v1/reservations/${id}`);
    assert.equal(res.statusCode, 204, res.body);
  });
  await Promise.all([...Array.from({ length: WORKERS }, worker), ...deletes]);
  // Whatever a worker skipped (locked by a DELETE that then found it already ended) is swept now,
  // by the job the worker process really runs.
  const job = jobs.find((j) => j.name === 'inventory-expire-checkout-reservations');
  assert.ok(job, 'the expiry job is registered');
  handled.push((await job.run(t.database.db, later)).handled);
  assert.equal((await expireCheckoutReservations(t.database.db, later, BATCH)).handled, 0, 'nothing is left to expire');

  const rows = await queryRows<{ id: string; status: string }>(t.database.db, sql`select id, status from checkout_reservations`);
  const status = new Map(rows.map((r) => [r.id, r.status]));
  for (const id of expiring) assert.ok(status.get(id) === 'expired' || (status.get(id) === 'released' && released.includes(id)), `${id} is ${status.get(id)}`);
  for (const l of lasting) assert.equal(status.get(l.id), 'active');
  const expiredCount = expiring.filter((id) => status.get(id) === 'expired').length;
  assert.ok(expiredCount >= EXPIRING - released.length, `expired ${expiredCount}, at least ${EXPIRING - released.length} (those not released first)`);
  // The workers together handled each expired checkout reservation once: no double release.
  assert.equal(handled.reduce((a, b) => a + b, 0), expiredCount);

  const ends = await queryRows<{ aggregate_id: string; n: number }>(
    t.database.db,
    sql`select aggregate_id, count(*)::int as n from events where type in ('checkout_reservation.expired', 'checkout_reservation.released', 'checkout_reservation.consumed') group by aggregate_id`,
  );
  const endCount = new Map(ends.map((e) => [e.aggregate_id, e.n]));
  for (const id of expiring) assert.equal(endCount.get(id), 1, `${id} ended ${endCount.get(id) ?? 0} times`);
  for (const l of lasting) assert.equal(endCount.get(l.id), undefined);
  const expiredEvents = await queryRows<{ actor: string }>(t.database.db, sql`select distinct actor from events where type = 'checkout_reservation.expired'`);
  assert.deepEqual(expiredEvents.map((e) => e.actor), ['system:checkout-reservation-expiry']);

  const owned = await queryRows<{ checkout_reservation_id: string }>(t.database.db, sql`select checkout_reservation_id from reservations where checkout_reservation_id is not null`);
  assert.deepEqual([...new Set(owned.map((r) => r.checkout_reservation_id))].sort(), lasting.map((l) => l.id).sort());

  const after = await levels();
  const lastingPerRow = new Map<string, number>();
  const lastingRows = await queryRows<{ sku: string; location_id: string; q: number }>(t.database.db, sql`select sku, location_id, sum(quantity)::int as q from reservations where checkout_reservation_id is not null group by sku, location_id`);
  for (const r of lastingRows) lastingPerRow.set(`${r.sku}@${r.location_id}`, r.q);
  assert.equal([...lastingPerRow.values()].reduce((a, b) => a + b, 0), LASTING * 2);
  for (const [i, level] of after.entries()) {
    const base = baseline[i] as Level;
    assert.equal(level.sku, base.sku);
    assert.equal(level.reserved, base.reserved + (lastingPerRow.get(`${level.sku}@${level.location_id}`) ?? 0), `${level.sku}@${level.location_id}: reserved back to where it was`);
    assert.equal(level.reserved, level.live, `${level.sku}@${level.location_id}: reserved == live reservations`);
    assert.ok(level.reserved >= 0 && level.reserved <= level.on_hand, `0 <= reserved <= on_hand: ${JSON.stringify(level)}`);
  }
});
