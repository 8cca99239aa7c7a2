import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { startWorkers } from '../../src/apps/worker/runner.js';
import { jobs } from '../../src/apps/worker/jobs.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { expectRefusedWithoutWrites, type BadRequestCase } from '../support/bad-input.js';
import { adjust, createLocation, createProduct, orderBody, stockOf, type OrderJson } from '../support/factories.js';

interface FoJson {
  id: string;
  order_id: string;
  location: string;
  status: string;
  lines: { sku: string; quantity: number; order_line_id: string }[];
  reject_reason: string | null;
  released_at: string | null;
}

let t: TestApp;
let seq = 0;
/** Each test uses its own SKUs and locations so tests do not see each other's stock. */
const fresh = (p: string) => `${p}-${++seq}`;

before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

async function place(lines: { sku: string; quantity: number }[]): Promise<OrderJson> {
  const res = await t.call('POST', '/v1/orders', orderBody(lines));
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as OrderJson;
}

async function fosOf(orderId: string, key?: string): Promise<FoJson[]> {
  const res = await t.call('GET', `/v1/fulfillment-orders?order_id=${orderId}`, undefined, key ? { key } : {});
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { data: FoJson[] }).data;
}

async function order(id: string): Promise<OrderJson> {
  const res = await t.call('GET', `/v1/orders/${id}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as OrderJson;
}

async function setRelease(policy: 'immediate' | 'waves' | 'review', waves: string[] = []) {
  const res = await t.call('PATCH', '/v1/settings', { fulfillment_release: policy, release_waves: waves });
  assert.equal(res.statusCode, 200, res.body);
}

/** Three locations of falling priority, each holding `units` of a new SKU. */
async function threeLocations(units: number, backorderable = false) {
  const sku = fresh('SKU');
  const locs = [fresh('L1'), fresh('L2'), fresh('L3')];
  await createProduct(t, sku, { backorderable });
  for (const [i, code] of locs.entries()) {
    await createLocation(t, code, { priority: i + 1 });
    await adjust(t, sku, code, units);
  }
  return { sku, locs };
}

describe('creation and release', () => {
  test('a split order gets one fulfillment order per location, released at once by default', async () => {
    const [a, b] = [fresh('A'), fresh('B')];
    const [la, lb] = [fresh('LA'), fresh('LB')];
    await createProduct(t, a);
    await createProduct(t, b);
    await createLocation(t, la);
    await createLocation(t, lb);
    await adjust(t, a, la, 5);
    await adjust(t, b, lb, 5);
    const o = await place([{ sku: a, quantity: 2 }, { sku: b, quantity: 3 }]);
    const fos = await fosOf(o.id);
    assert.equal(fos.length, 2, 'one fulfillment order per location');
    const byLoc = new Map(fos.map((f) => [f.location, f]));
    assert.deepEqual(byLoc.get(la)?.lines.map((l) => [l.sku, l.quantity]), [[a, 2]]);
    assert.deepEqual(byLoc.get(lb)?.lines.map((l) => [l.sku, l.quantity]), [[b, 3]]);
    for (const f of fos) {
      assert.equal(f.status, 'released');
      assert.ok(f.released_at, `${f.id} has released_at`);
    }
    const one = await t.call('GET', `/v1/fulfillment-orders/${fos[0]?.id}`);
    assert.equal(one.statusCode, 200, one.body);
    assert.deepEqual(one.json(), fos[0]);
    const byLocation = await t.call('GET', `/v1/fulfillment-orders?location=${la}&status=released`);
    assert.deepEqual((byLocation.json() as { data: FoJson[] }).data.map((f) => f.id), [byLoc.get(la)?.id]);
  });

  test('review: pending until released by hand; accept then works', async () => {
    await setRelease('review');
    try {
      const { sku } = await threeLocations(5);
      const o = await place([{ sku, quantity: 1 }]);
      const [fo] = await fosOf(o.id);
      assert.equal(fo?.status, 'pending');
      assert.equal(fo?.released_at, null);
      const early = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/accept`, {});
      assert.equal(early.statusCode, 409, early.body);
      assert.equal(early.json().code, 'FULFILLMENT_ILLEGAL_TRANSITION');
      const released = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/release`, {});
      assert.equal(released.statusCode, 200, released.body);
      assert.equal(released.json().status, 'released');
      const accepted = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/accept`, {});
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().status, 'accepted');
      const events = (await t.call('GET', `/v1/orders/${o.id}/events`)).json().data as { type: string }[];
      assert.ok(events.length > 0, 'the order has a timeline');
      const foEvents = await queryRows<{ type: string }>(t.database.db, sql`select type from events where aggregate_id = ${fo?.id as string} order by seq`);
      assert.deepEqual(foEvents.map((e) => e.type), ['fulfillment_order.created', 'fulfillment_order.released', 'fulfillment_order.accepted']);
    } finally {
      await setRelease('immediate');
    }
  });

  test('waves: pending until the wave job runs after a wave time', async () => {
    await setRelease('waves', ['09:00', '15:00']);
    try {
      const { sku } = await threeLocations(5);
      const o = await place([{ sku, quantity: 1 }]);
      const [fo] = await fosOf(o.id);
      assert.equal(fo?.status, 'pending');
      const created = await queryRows<{ created_at: Date }>(t.database.db, sql`select created_at from fulfillment_orders where id = ${fo?.id as string}`);
      const createdAt = new Date(created[0]?.created_at as Date);
      const job = jobs.find((j) => j.name === 'fulfillment-release-waves');
      assert.ok(job, 'the fulfillment-release-waves job is registered');
      // The same instant: no wave has passed since creation (unless creation was exactly at a wave).
      const nextWave = (() => {
        for (let d = 0; d < 2; d++) {
          for (const hm of ['09:00', '15:00']) {
            const at = new Date(`${new Date(createdAt.getTime() + d * 86_400_000).toISOString().slice(0, 10)}T${hm}:00Z`);
            if (at > createdAt) return at;
          }
        }
        throw new Error('no wave');
      })();
      await job.run(t.database.db, new Date(nextWave.getTime() - 1000));
      assert.equal((await fosOf(o.id))[0]?.status, 'pending');
      const workers = startWorkers(t.database.db, () => new Date(nextWave.getTime() + 1000), { info: () => {}, error: (d) => assert.fail(String(d.err)) }, [job], { timers: false });
      await workers.tick();
      await workers.stop();
      const [after] = await fosOf(o.id);
      assert.equal(after?.status, 'released');
      assert.equal(after?.released_at, new Date(nextWave.getTime() + 1000).toISOString());
    } finally {
      await setRelease('immediate');
    }
  });
});

describe('reject and re-route', () => {
  test('not_in_stock re-routes to the next location, zeroes the rejecting one with a ledger row', async () => {
    const { sku, locs } = await threeLocations(5);
    const o = await place([{ sku, quantity: 2 }]);
    const [fo] = await fosOf(o.id);
    assert.equal(fo?.location, locs[0]);
    const res = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/reject`, { reason: 'not_in_stock' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'rejected');
    assert.equal(res.json().reject_reason, 'not_in_stock');
    const fos = await fosOf(o.id);
    const live = fos.filter((f) => f.status === 'released');
    assert.deepEqual(live.map((f) => [f.location, f.lines[0]?.quantity]), [[locs[1], 2]]);
    const stock = await stockOf(t, sku);
    const at = (code: string | undefined) => stock.locations.find((l) => l.location === code);
    assert.deepEqual([at(locs[0])?.on_hand, at(locs[0])?.reserved], [0, 0]);
    assert.deepEqual([at(locs[1])?.on_hand, at(locs[1])?.reserved], [5, 2]);
    const ledger = await queryRows<{ delta: number; reason: string; reference: string }>(t.database.db, sql`select delta, reason, reference from inventory_movements where sku = ${sku} and reason = 'rejected_not_in_stock'`);
    assert.deepEqual(ledger.map((m) => [Number(m.delta), m.reference]), [[-5, fo?.id]]);
    const after = await order(o.id);
    assert.equal(after.status, 'allocated');
    assert.deepEqual(after.allocations.map((a) => [a.location, a.quantity]), [[locs[1], 2]]);
  });

  test('a chain of two rejections ends at the third location', async () => {
    const { sku, locs } = await threeLocations(5);
    const o = await place([{ sku, quantity: 2 }]);
    let [fo] = await fosOf(o.id);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/reject`, { reason: 'capacity' })).statusCode, 200);
    fo = (await fosOf(o.id)).find((f) => f.status === 'released');
    assert.equal(fo?.location, locs[1]);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/accept`, {})).statusCode, 200);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/reject`, { reason: 'damaged' })).statusCode, 200);
    const fos = await fosOf(o.id);
    assert.deepEqual(fos.map((f) => [f.location, f.status]), [[locs[0], 'rejected'], [locs[1], 'rejected'], [locs[2], 'released']]);
    // capacity / damaged do not touch on hand: the first location still has its 5, none reserved.
    const first = (await stockOf(t, sku)).locations.find((l) => l.location === locs[0]);
    assert.deepEqual([first?.on_hand, first?.reserved], [5, 0]);
    const after = await order(o.id);
    assert.deepEqual(after.allocations.map((a) => [a.location, a.quantity]), [[locs[2], 2]]);
  });

  test('rejecting some units splits off a rejected part; the rest stays', async () => {
    const { sku, locs } = await threeLocations(5);
    const o = await place([{ sku, quantity: 3 }]);
    const [fo] = await fosOf(o.id);
    const res = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/reject`, { reason: 'damaged', lines: [{ sku, quantity: 1 }] });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'released');
    assert.equal(res.json().lines[0].quantity, 2);
    const fos = await fosOf(o.id);
    assert.deepEqual(fos.map((f) => [f.location, f.status, f.lines[0]?.quantity]).sort(), [[locs[0], 'rejected', 1], [locs[0], 'released', 2], [locs[1], 'released', 1]].sort());
    const after = await order(o.id);
    assert.equal(after.lines[0]?.allocated, 3);
  });

  test('nothing left anywhere: backordered when the SKU allows it', async () => {
    const { sku } = await threeLocations(1, true);
    const o = await place([{ sku, quantity: 1 }]);
    for (let i = 0; i < 3; i++) {
      const fo = (await fosOf(o.id)).find((f) => f.status === 'released');
      assert.ok(fo, `round ${i}`);
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/reject`, { reason: 'not_in_stock' })).statusCode, 200);
    }
    const after = await order(o.id);
    assert.equal(after.status, 'backordered');
    assert.deepEqual([after.lines[0]?.allocated, after.lines[0]?.backordered], [0, 1]);
  });

  test('nothing left anywhere and not backorderable: the order goes on hold, saying why', async () => {
    const { sku } = await threeLocations(1);
    const o = await place([{ sku, quantity: 1 }]);
    for (let i = 0; i < 3; i++) {
      const fo = (await fosOf(o.id)).find((f) => f.status === 'released');
      assert.ok(fo, `round ${i}`);
      assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/reject`, { reason: 'mismatch' })).statusCode, 200);
    }
    const after = await order(o.id);
    assert.equal(after.status, 'on_hold');
    assert.equal(after.lines[0]?.quantity, 1);
    const events = (await t.call('GET', `/v1/orders/${o.id}/events`)).json().data as { type: string; data: { reason?: string } }[];
    const held = events.find((e) => e.type === 'order.on_hold');
    assert.match(held?.data.reason ?? '', /no other location can fill/);
  });
});

describe('backorders', () => {
  test('stock arriving for a backorder joins the order’s open fulfillment order at that location, or makes one', async () => {
    const sku = fresh('BO');
    const [la, lb] = [fresh('LA'), fresh('LB')];
    await createProduct(t, sku, { backorderable: true });
    await createLocation(t, la, { priority: 1 });
    await createLocation(t, lb, { priority: 2 });
    await adjust(t, sku, la, 1);
    const o = await place([{ sku, quantity: 4 }]);
    assert.equal(o.status, 'partially_allocated');
    assert.deepEqual((await fosOf(o.id)).map((f) => [f.location, f.lines[0]?.quantity]), [[la, 1]]);
    await adjust(t, sku, la, 1);
    await adjust(t, sku, lb, 5);
    const fos = await fosOf(o.id);
    assert.deepEqual(fos.map((f) => [f.location, f.status, f.lines[0]?.quantity]), [[la, 'released', 2], [lb, 'released', 2]]);
    assert.equal((await order(o.id)).status, 'allocated');
  });
});

describe('cancellation', () => {
  test('cancelling a fulfillment order re-routes its units elsewhere', async () => {
    const { sku, locs } = await threeLocations(5);
    const o = await place([{ sku, quantity: 2 }]);
    const [fo] = await fosOf(o.id);
    const res = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/cancel`, { reason: 'carrier strike' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'cancelled');
    const live = (await fosOf(o.id)).filter((f) => f.status === 'released');
    assert.deepEqual(live.map((f) => f.location), [locs[1]]);
    const again = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/cancel`, {});
    assert.equal(again.statusCode, 409, again.body);
  });

  test('cancelling the order cancels released and asks accepted ones to cancel; a line cancel shrinks them', async () => {
    const [a, b] = [fresh('A'), fresh('B')];
    const [la, lb] = [fresh('LA'), fresh('LB')];
    await createProduct(t, a);
    await createProduct(t, b);
    await createLocation(t, la);
    await createLocation(t, lb);
    await adjust(t, a, la, 5);
    await adjust(t, b, lb, 5);
    const o = await place([{ sku: a, quantity: 3 }, { sku: b, quantity: 1 }]);
    const lineA = o.lines.find((l) => l.sku === a)?.id;
    const partial = await t.call('POST', `/v1/orders/${o.id}/cancel`, { reason: 'customer', lines: [{ line_id: lineA, quantity: 1 }] });
    assert.equal(partial.statusCode, 200, partial.body);
    let fos = await fosOf(o.id);
    assert.deepEqual(fos.find((f) => f.location === la)?.lines.map((l) => l.quantity), [2]);
    const foB = fos.find((f) => f.location === lb);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${foB?.id}/accept`, {})).statusCode, 200);
    assert.equal((await t.call('POST', `/v1/orders/${o.id}/cancel`, { reason: 'customer' })).statusCode, 200);
    fos = await fosOf(o.id);
    assert.equal(fos.find((f) => f.location === la)?.status, 'cancelled');
    assert.equal(fos.find((f) => f.location === lb)?.status, 'cancel_requested');
    const confirm = await t.call('POST', `/v1/fulfillment-orders/${foB?.id}/cancel`, {});
    assert.equal(confirm.statusCode, 200, confirm.body);
    assert.equal(confirm.json().status, 'cancelled');
    assert.equal((await order(o.id)).status, 'cancelled');
  });
});

describe('location-scoped keys', () => {
  test('a channel key scoped to a location sees and answers only that location’s fulfillment orders', async () => {
    const [a, b] = [fresh('A'), fresh('B')];
    const [la, lb] = [fresh('LA'), fresh('LB')];
    await createProduct(t, a);
    await createProduct(t, b);
    await createLocation(t, la, { type: '3pl' });
    await createLocation(t, lb);
    await adjust(t, a, la, 5);
    await adjust(t, b, lb, 5);
    const o = await place([{ sku: a, quantity: 1 }, { sku: b, quantity: 1 }]);
    const issued = await t.call('POST', '/v1/api-keys', { name: '3pl', role: 'channel', location: la });
    assert.equal(issued.statusCode, 201, issued.body);
    assert.equal(issued.json().location, la);
    const key = issued.json().key as string;
    const listed = ((await t.call('GET', '/v1/api-keys?limit=500')).json().data as { id: string; location_id: string | null }[]).find((k) => k.id === issued.json().id);
    assert.equal(listed?.location_id, (await t.call('GET', `/v1/locations/${la}`)).json().id);
    const seen = await fosOf(o.id, key);
    assert.deepEqual(seen.map((f) => f.location), [la]);
    const other = (await fosOf(o.id)).find((f) => f.location === lb);
    assert.equal((await t.call('GET', `/v1/fulfillment-orders/${other?.id}`, undefined, { key })).statusCode, 404);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${other?.id}/accept`, {}, { key })).statusCode, 404);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${other?.id}/reject`, { reason: 'capacity' }, { key })).statusCode, 404);
    // Another location's code answers as an unknown one would: no oracle for the tenant's locations.
    const otherCode = await t.call('GET', `/v1/fulfillment-orders?location=${lb}`, undefined, { key });
    const unknownCode = await t.call('GET', '/v1/fulfillment-orders?location=NO-SUCH-LOC', undefined, { key });
    assert.deepEqual([otherCode.statusCode, otherCode.json().code], [422, 'LOCATION_UNKNOWN']);
    assert.deepEqual([unknownCode.statusCode, unknownCode.json().code], [422, 'LOCATION_UNKNOWN']);
    assert.equal((await t.call('GET', `/v1/fulfillment-orders?location=${la}`, undefined, { key })).json().data.length, 1);
    assert.equal((await fosOf(o.id)).find((f) => f.location === lb)?.status, 'released');
    const mine = seen[0];
    const accepted = await t.call('POST', `/v1/fulfillment-orders/${mine?.id}/accept`, {}, { key });
    assert.equal(accepted.statusCode, 200, accepted.body);
    // Operator actions stay with operators.
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${mine?.id}/cancel`, {}, { key })).statusCode, 403);
    // It captures no orders: that is a channel key's work.
    assert.equal((await t.call('POST', '/v1/orders', orderBody([{ sku: a, quantity: 1 }]), { key })).statusCode, 403);
  });

  test('only a channel key may be scoped to a location', async () => {
    const code = fresh('LX');
    await createLocation(t, code);
    await expectRefusedWithoutWrites(t, { name: 'operator with location', body: { name: 'x', role: 'operator', location: code }, status: 422, code: 'API_KEY_LOCATION_NOT_CHANNEL', field: 'location' }, { method: 'POST', url: '/v1/api-keys' });
    await expectRefusedWithoutWrites(t, { name: 'unknown location', body: { name: 'x', role: 'channel', location: 'NOPE-1' }, status: 422, code: 'LOCATION_UNKNOWN', field: 'location' }, { method: 'POST', url: '/v1/api-keys' });
  });
});

describe('bad input changes nothing', () => {
  let foId = '';
  let rejectedId = '';
  let sku = '';
  before(async () => {
    const made = await threeLocations(5);
    sku = made.sku;
    const o = await place([{ sku, quantity: 2 }]);
    foId = (await fosOf(o.id))[0]?.id as string;
    const other = await place([{ sku, quantity: 1 }]);
    rejectedId = (await fosOf(other.id))[0]?.id as string;
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${rejectedId}/reject`, { reason: 'capacity' })).statusCode, 200);
  });
  const cases = (): BadRequestCase[] => [
    { name: 'unknown reason', body: { reason: 'lazy' }, status: 400, code: 'REQUEST_INVALID', field: 'reason' },
    { name: 'missing reason', body: {}, status: 400, code: 'REQUEST_INVALID', field: 'reason' },
    { name: 'unknown field', body: { reason: 'damaged', why: 'x' }, status: 400, code: 'REQUEST_INVALID', field: 'why' },
    { name: 'quantity 0', body: { reason: 'damaged', lines: [{ sku, quantity: 0 }] }, status: 400, code: 'REQUEST_INVALID', field: 'lines[0].quantity' },
    { name: 'a SKU the fulfillment order does not hold', body: { reason: 'damaged', lines: [{ sku: 'NOT-HERE', quantity: 1 }] }, status: 422, code: 'FULFILLMENT_LINE_UNKNOWN', field: 'lines[0].sku' },
    { name: 'more units than it holds', body: { reason: 'not_in_stock', lines: [{ sku, quantity: 3 }] }, status: 422, code: 'FULFILLMENT_LINE_UNKNOWN', field: 'lines[0].quantity' },
    { name: 'malformed id', url: '/v1/fulfillment-orders/ful_nope/reject', body: { reason: 'damaged' }, status: 400, code: 'REQUEST_INVALID', field: 'params.id' },
    { name: 'unknown id', url: '/v1/fulfillment-orders/ful_00000000000000000000000000/reject', body: { reason: 'damaged' }, status: 404, code: 'FULFILLMENT_ORDER_NOT_FOUND' },
  ];
  test('POST …/reject', async () => {
    for (const c of cases()) await expectRefusedWithoutWrites(t, c, { method: 'POST', url: `/v1/fulfillment-orders/${foId}/reject` });
  });
  test('illegal transitions', async () => {
    for (const action of ['accept', 'release', 'reject', 'cancel']) {
      const body = action === 'reject' ? { reason: 'damaged' } : {};
      await expectRefusedWithoutWrites(t, { name: `${action} a rejected one`, body, status: 409, code: 'FULFILLMENT_ILLEGAL_TRANSITION' }, { method: 'POST', url: `/v1/fulfillment-orders/${rejectedId}/${action}` });
    }
  });
  test('list filters', async () => {
    const get = { method: 'GET' as const, url: '/v1/fulfillment-orders' };
    await expectRefusedWithoutWrites(t, { name: 'unknown status', url: '/v1/fulfillment-orders?status=lost', status: 400, code: 'REQUEST_INVALID', field: 'query.status' }, get);
    await expectRefusedWithoutWrites(t, { name: 'unknown location', url: '/v1/fulfillment-orders?location=NOPE-9', status: 422, code: 'LOCATION_UNKNOWN', field: 'query.location' }, get);
    await expectRefusedWithoutWrites(t, { name: 'bad cursor', url: '/v1/fulfillment-orders?cursor=abc', status: 400, code: 'CURSOR_INVALID' }, get);
    await expectRefusedWithoutWrites(t, { name: 'bad settings wave', method: 'PATCH', url: '/v1/settings', body: { release_waves: ['25:00'] }, status: 400, code: 'REQUEST_INVALID', field: 'release_waves[0]' }, get);
  });
});
