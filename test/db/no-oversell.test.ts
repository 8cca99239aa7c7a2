import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createLocation, createProduct, adjust, orderBody, type OrderJson } from '../support/factories.js';

/**
 * The no-oversell property under real concurrency: many captures (plus receipts and cancels)
 * race for a handful of scarce SKUs across several locations. Afterwards the database must be
 * exactly consistent: reserved == sum of live reservations <= on_hand for every SKU × location,
 * and every order is whole (each line allocated, backordered or cancelled; rejected orders absent).
 */
const CAPTURES = 240;
const CONCURRENCY = 32;
const LOCATIONS = ['N', 'S', 'E', 'W'];
const SKUS = ['HOT-1', 'HOT-2', 'HOT-3', 'HOT-4', 'HOT-5'];

let t: TestApp;
let seed = 7;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};

before(async () => {
  t = await buildTestApp({ poolSize: CONCURRENCY + 4 });
  for (const [i, code] of LOCATIONS.entries()) await createLocation(t, code, { priority: i + 1 });
  for (const [i, sku] of SKUS.entries()) await createProduct(t, sku, { backorderable: i % 2 === 0 });
  for (const code of LOCATIONS) for (const sku of SKUS) await adjust(t, sku, code, 3 + rand(6));
});
after(() => t.close());

async function runWithConcurrency<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await (jobs[i] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

test(`${CAPTURES} concurrent captures, receipts and (partial) cancels never oversell and never half-write`, async () => {
  const captured: string[] = [];
  const firstLines: { orderId: string; lineId: string }[] = [];
  const jobs: (() => Promise<{ kind: string; status: number; body: string }>)[] = [];
  for (let i = 0; i < CAPTURES; i++) {
    const lines = Array.from({ length: 1 + rand(3) }, () => ({ sku: SKUS[rand(SKUS.length)] as string, quantity: 1 + rand(3) }));
    const body = orderBody(lines);
    jobs.push(async () => {
      const res = await t.call('POST', '/v1/orders', body);
      if (res.statusCode === 201) {
        const order = res.json() as OrderJson;
        captured.push(order.id);
        firstLines.push({ orderId: order.id, lineId: order.lines[0]?.id as string });
      }
      return { kind: 'capture', status: res.statusCode, body: res.body };
    });
    if (i % 12 === 5) {
      const sku = SKUS[rand(SKUS.length)] as string;
      const location = LOCATIONS[rand(LOCATIONS.length)] as string;
      jobs.push(async () => {
        const res = await t.call('POST', '/v1/inventory/adjustments', { sku, location, delta: 2, reason: 'received' });
        return { kind: 'receipt', status: res.statusCode, body: res.body };
      });
    }
    if (i % 10 === 4) {
      jobs.push(async () => {
        const target = firstLines[rand(Math.max(firstLines.length, 1))];
        if (!target) return { kind: 'cancel', status: 200, body: '' };
        const res = await t.call('POST', `/v1/orders/${target.orderId}/cancel`, { reason: 'one unit less', lines: [{ line_id: target.lineId, quantity: 1 }] });
        // 422: the line has no unit left to cancel (an earlier cancel took it).
        return { kind: 'cancel', status: res.statusCode === 422 ? 409 : res.statusCode, body: res.body };
      });
    }
    if (i % 10 === 9) {
      jobs.push(async () => {
        const id = captured[rand(Math.max(captured.length, 1))];
        if (!id) return { kind: 'cancel', status: 200, body: '' };
        const res = await t.call('POST', `/v1/orders/${id}/cancel`, { reason: 'race test' });
        return { kind: 'cancel', status: res.statusCode, body: res.body };
      });
    }
  }
  const results = await runWithConcurrency(jobs, CONCURRENCY);

  for (const r of results) {
    if (r.kind === 'capture') assert.ok(r.status === 201 || (r.status === 409 && JSON.parse(r.body).code === 'INVENTORY_INSUFFICIENT'), `capture answered ${r.status}: ${r.body}`);
    if (r.kind === 'receipt') assert.equal(r.status, 201, r.body);
    // A cancel may lose a race to another cancel of the same order (409), never anything else.
    if (r.kind === 'cancel') assert.ok(r.status === 200 || r.status === 409, `cancel answered ${r.status}: ${r.body}`);
  }
  const accepted = results.filter((r) => r.kind === 'capture' && r.status === 201).length;
  const rejected = results.filter((r) => r.kind === 'capture' && r.status === 409).length;
  assert.ok(accepted > 20, `only ${accepted} captures succeeded`);
  assert.ok(rejected > 0, 'the test must exhaust stock to prove anything');

  const db = t.database.db;
  const stock = await queryRows<{ sku: string; location_id: string; on_hand: number; reserved: number; live: number }>(
    db,
    sql`select s.sku, s.location_id, s.on_hand, s.reserved,
               coalesce((select sum(r.quantity) from reservations r where r.tenant_id = s.tenant_id and r.sku = s.sku and r.location_id = s.location_id), 0)::int as live
        from stock_levels s where s.sku like 'HOT-%'`,
  );
  for (const s of stock) {
    assert.equal(s.reserved, s.live, `${s.sku}@${s.location_id}: reserved ${s.reserved} but live reservations sum to ${s.live}`);
    assert.ok(s.reserved <= s.on_hand, `${s.sku}@${s.location_id}: reserved ${s.reserved} > on_hand ${s.on_hand}`);
    assert.ok(s.reserved >= 0, `reserved never negative: ${JSON.stringify(s)}`);
  }

  const lines = await queryRows<{ order_id: string; status: string; sku: string; quantity: number; allocated: number; backordered: number; cancelled: number; reserved: number }>(
    db,
    sql`select l.order_id, o.status, l.sku, l.quantity, l.allocated, l.backordered, l.cancelled,
               coalesce((select sum(r.quantity) from reservations r where r.tenant_id = l.tenant_id and r.order_line_id = l.id), 0)::int as reserved
        from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id where l.sku like 'HOT-%'`,
  );
  for (const l of lines) {
    assert.equal(l.allocated, l.reserved, `order ${l.order_id} line ${l.sku}: allocated ${l.allocated} but reserved ${l.reserved}`);
    assert.equal(l.allocated + l.backordered + l.cancelled, l.quantity, `order ${l.order_id} line ${l.sku} is half-written`);
    if (l.status === 'cancelled') assert.equal(l.allocated + l.backordered, 0);
    const backorderable = SKUS.indexOf(l.sku) % 2 === 0;
    if (!backorderable) assert.equal(l.backordered, 0, `${l.sku} is not backorderable`);
  }
  const orderCount = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from orders where channel = 'web'`);
  assert.equal(orderCount[0]?.n, accepted, 'every 201 is one stored order, every 409 stored nothing');
  const timeline = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from events where type = 'order.created'`);
  assert.equal(timeline[0]?.n, accepted);
});
