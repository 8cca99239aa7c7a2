import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { between, seededRandom } from '../../src/platform/kernel/seeded-random.js';
import { shipmentTransitions, type ShipmentStatus } from '../../src/modules/shipping/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { isPostgres } from '../support/database.js';
import { startEasyPostServer, type EasyPostServer } from '../support/easypost-server.js';
import { adjust, createLocation, createProduct, orderBody, type OrderJson } from '../support/factories.js';

/**
 * Shipping under contention. Buying a label happens outside the transaction (a carrier call must
 * not hold row locks), so racing requests for one fulfillment order all buy a label and only the
 * transaction decides who ships; losers void theirs at the carrier. Afterwards: one live shipment
 * per shipped fulfillment order, stock consumed once, the ledger adds up, tracking never moves a
 * shipment backwards, and delivered orders are exactly the fully delivered ones.
 * Runs on PostgreSQL with TEST_DATABASE_URL, on PGlite otherwise.
 */
const CONCURRENCY = 12;
const RACE_FOS = 10;
const STORM_FOS = 30;
const STORM_CANCELLABLE = 10;
const STORM_OPS = 150;
const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
const RACE_SKUS = ['SC-A', 'SC-B', 'SC-C'];
const STORM_SKUS = ['SS-A', 'SS-B', 'SS-C', 'SS-D'];
const INITIAL_STOCK = 400;

let t: TestApp;
const rand = seededRandom(4);
const pick = <T>(items: readonly T[]): T => items[between(rand, 0, items.length - 1)] as T;

before(async () => {
  t = await buildTestApp({ poolSize: CONCURRENCY + 4, secrets: { EP_VR_KEY: 'EZTK_void_race', EP_VR_HOOK: 'whsec-void-race' } });
  const box = await t.call('PUT', '/v1/boxes/MEDIUM', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' });
  assert.equal(box.statusCode, 201, box.body);
  const samples = await t.call('POST', '/v1/carriers/samples');
  assert.equal(samples.statusCode, 200, samples.body);
  await createLocation(t, 'EWR', { address: NEWARK, cutoff_time: '23:59' });
  for (const sku of [...RACE_SKUS, ...STORM_SKUS]) {
    await createProduct(t, sku, { dimensions_mm: { length: 200, width: 150, height: 100 }, weight_grams: 900 });
    await adjust(t, sku, 'EWR', INITIAL_STOCK);
  }
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

/** An order of one or two lines from `skus`, allocated at EWR, and (unless told) packed. */
async function placeOrder(skus: string[], pack = true) {
  const chosen = [...new Set([pick(skus), pick(skus)])];
  const lines = chosen.map((sku) => ({ sku, quantity: between(rand, 1, 3) }));
  const placed = await t.call('POST', '/v1/orders', orderBody(lines));
  assert.equal(placed.statusCode, 201, placed.body);
  const order = placed.json() as OrderJson;
  const fos = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[];
  assert.equal(fos.length, 1, JSON.stringify(fos));
  const foId = (fos[0] as { id: string }).id;
  if (pack) {
    const packed = await t.call('POST', `/v1/fulfillment-orders/${foId}/pack`, {});
    assert.equal(packed.statusCode, 200, packed.body);
  }
  return { orderId: order.id, foId, units: lines.reduce((n, l) => n + l.quantity, 0), lines };
}

type Placed = Awaited<ReturnType<typeof placeOrder>>;

/** Invariants that hold after any interleaving, over the whole database. */
async function assertStockAndLedger() {
  const db = t.database.db;
  const stock = await queryRows<{ sku: string; on_hand: number; reserved: number; live: number; ledger: number }>(
    db,
    sql`select s.sku, s.on_hand, s.reserved,
               coalesce((select sum(r.quantity) from reservations r where r.tenant_id = s.tenant_id and r.sku = s.sku and r.location_id = s.location_id), 0)::int as live,
               coalesce((select sum(m.delta) from inventory_movements m where m.tenant_id = s.tenant_id and m.sku = s.sku and m.location_id = s.location_id), 0)::int as ledger
        from stock_levels s order by s.sku`,
  );
  assert.equal(stock.length, RACE_SKUS.length + STORM_SKUS.length);
  for (const s of stock) {
    assert.equal(s.reserved, s.live, `${s.sku}: reserved ${s.reserved} but reservations sum to ${s.live}`);
    assert.ok(s.on_hand >= s.reserved && s.reserved >= 0, `${s.sku}: on hand ${s.on_hand}, reserved ${s.reserved}`);
    assert.equal(s.ledger, s.on_hand, `${s.sku}: the ledger sums to ${s.ledger} but on hand is ${s.on_hand}`);
  }
  const duplicates = await queryRows<{ tracking_number: string; n: number }>(db, sql`select tracking_number, count(*)::int as n from shipment_packages group by 1 having count(*) > 1`);
  assert.deepEqual(duplicates, [], 'tracking numbers are unique');
  // One live shipment at most per fulfillment order, and exactly one for a shipped one.
  const fos = await queryRows<{ id: string; status: string; live: number }>(
    db,
    sql`select f.id, f.status, (select count(*) from shipments s where s.tenant_id = f.tenant_id and s.fulfillment_order_id = f.id and s.status <> 'voided')::int as live from fulfillment_orders f`,
  );
  for (const f of fos) assert.equal(f.live, f.status === 'shipped' ? 1 : 0, `fulfillment order ${f.id} (${f.status}) has ${f.live} live shipments`);
  // A line's shipped units are exactly what its shipped fulfillment orders carried.
  const lines = await queryRows<{ id: string; quantity: number; allocated: number; backordered: number; cancelled: number; shipped: number; in_shipped: number }>(
    db,
    sql`select l.id, l.quantity, l.allocated, l.backordered, l.cancelled, l.shipped,
               coalesce((select sum(fl.quantity) from fulfillment_order_lines fl join fulfillment_orders f on f.tenant_id = fl.tenant_id and f.id = fl.fulfillment_order_id
                         where fl.tenant_id = l.tenant_id and fl.order_line_id = l.id and f.status = 'shipped'), 0)::int as in_shipped
        from order_lines l`,
  );
  for (const l of lines) {
    assert.ok(l.shipped <= l.allocated, `line ${l.id}: shipped ${l.shipped} > allocated ${l.allocated}`);
    assert.ok(l.allocated + l.backordered + l.cancelled <= l.quantity, `line ${l.id}: ${l.allocated}+${l.backordered}+${l.cancelled} > ${l.quantity}`);
    assert.equal(l.shipped, l.in_shipped, `line ${l.id}: shipped ${l.shipped} but its shipped fulfillment orders hold ${l.in_shipped}`);
  }
}

/** How many tracking serials the rate-card carriers have handed out (a losing racer's label takes one too). */
const serialsTaken = async () => Number((await queryRows<{ n: string }>(t.database.db, sql`select coalesce(sum(next_serial), 0)::text as n from carriers`))[0]?.n ?? 0);

test('racing retries of one ship request buy one shipment and consume the stock once', async (ctx) => {
  const placed: Placed[] = [];
  for (let i = 0; i < RACE_FOS; i++) placed.push(await placeOrder(RACE_SKUS));
  const before = await queryRows<{ sku: string; on_hand: number }>(t.database.db, sql`select sku, on_hand from stock_levels where sku like 'SC-%'`);
  const serialsBefore = await serialsTaken();

  const keyed = new Map<string, { statusCode: number; id?: string; body: string }[]>();
  const unkeyed = new Map<string, { statusCode: number; id?: string; body: string }[]>();
  const jobs: (() => Promise<void>)[] = [];
  for (const { foId } of placed) {
    keyed.set(foId, []);
    unkeyed.set(foId, []);
    // Shuffled, so an unkeyed request sometimes wins the race and the keyed ones all lose.
    const requests = [...Array.from({ length: 6 }, () => true), false, false].sort(() => rand() - 0.5);
    for (const withKey of requests) {
      jobs.push(async () => {
        const res = await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, {}, withKey ? { headers: { 'idempotency-key': `race-${foId}` } } : {});
        const id = res.statusCode === 201 ? (res.json() as { id: string }).id : undefined;
        (withKey ? keyed : unkeyed).get(foId)?.push({ statusCode: res.statusCode, body: res.body.slice(0, 300), ...(id ? { id } : {}) });
      });
    }
  }
  await runWithConcurrency(jobs, CONCURRENCY);

  const db = t.database.db;
  let keyedWon = 0;
  for (const { foId, orderId, units, lines } of placed) {
    const live = await queryRows<{ id: string }>(db, sql`select id from shipments where fulfillment_order_id = ${foId} and status <> 'voided'`);
    assert.equal(live.length, 1, `fulfillment order ${foId} has ${live.length} live shipments`);
    const shipmentId = (live[0] as { id: string }).id;
    const k = keyed.get(foId) ?? [];
    const u = unkeyed.get(foId) ?? [];
    assert.equal(k.length, 6);
    for (const r of [...k, ...u]) assert.ok(r.statusCode === 201 || r.statusCode === 409, `${foId}: ${r.statusCode} ${r.body}`);
    const winners = [...k, ...u].filter((r) => r.statusCode === 201);
    // The key yields one effect: either every keyed request answers with the one shipment, or
    // (an unkeyed request shipped first) none of them shipped anything.
    if (k.some((r) => r.statusCode === 201)) {
      keyedWon += 1;
      assert.deepEqual(k.map((r) => r.id), k.map(() => shipmentId), `${foId}: ${JSON.stringify(k)}`);
      assert.ok(u.every((r) => r.statusCode === 409), `${foId}: an unkeyed request also shipped: ${JSON.stringify(u)}`);
    } else {
      assert.equal(winners.length, 1, `${foId}: ${JSON.stringify([...k, ...u])}`);
      assert.equal(winners[0]?.id, shipmentId);
    }
    const shipped = await queryRows<{ delta: number }>(db, sql`select sum(delta)::int as delta from inventory_movements where reason = 'shipped' and reference = ${shipmentId}`);
    assert.equal(shipped[0]?.delta, -units, `${foId}: the ledger shipped ${shipped[0]?.delta}, expected ${-units}`);
    const lineRows = await queryRows<{ sku: string; shipped: number; quantity: number }>(db, sql`select sku, shipped, quantity from order_lines where order_id = ${orderId} order by sku`);
    assert.deepEqual(
      lineRows.map((l) => [l.sku, l.shipped]),
      [...lines].sort((a, b) => a.sku.localeCompare(b.sku)).map((l) => [l.sku, l.quantity]),
    );
    assert.equal(((await t.call('GET', `/v1/orders/${orderId}`)).json() as OrderJson).status, 'shipped');
  }
  assert.ok(keyedWon > 0, 'a keyed request must win some races for the test to prove anything');
  // On PostgreSQL losers bought (and voided) labels too: the race reached the transaction, not just
  // the replay check. PGlite has one connection, so there the requests mostly take turns.
  const labelsBought = (await serialsTaken()) - serialsBefore;
  if (isPostgres()) assert.ok(labelsBought > RACE_FOS, `only ${labelsBought} labels were bought for ${RACE_FOS} shipments: nothing raced`);
  else assert.ok(labelsBought >= RACE_FOS, `${labelsBought} labels for ${RACE_FOS} shipments`);
  ctx.diagnostic(`keyed requests won ${keyedWon} of ${RACE_FOS} races; ${labelsBought} labels bought`);
  // Nothing but the live shipments moved stock: one set of ledger rows per fulfillment order.
  const stray = await queryRows<{ reference: string }>(
    db,
    sql`select m.reference from inventory_movements m where m.sku like 'SC-%' and m.reason <> 'received'
        and not exists (select 1 from shipments s where s.id = m.reference and s.status <> 'voided')`,
  );
  assert.deepEqual(stray, []);
  const after = await queryRows<{ sku: string; on_hand: number }>(db, sql`select sku, on_hand from stock_levels where sku like 'SC-%'`);
  for (const sku of RACE_SKUS) {
    const out = placed.flatMap((p) => p.lines).filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0);
    assert.equal(after.find((s) => s.sku === sku)?.on_hand, (before.find((s) => s.sku === sku)?.on_hand ?? 0) - out, sku);
  }
  await assertStockAndLedger();
});

test('shipping, voiding, re-shipping, tracking and cancelling at once keep stock, shipments and orders consistent', async (ctx) => {
  const shippable: Placed[] = [];
  for (let i = 0; i < STORM_FOS; i++) shippable.push(await placeOrder(STORM_SKUS));
  // Orders that may be cancelled while they (if packed) are also being shipped.
  const cancellable: Placed[] = [];
  for (let i = 0; i < STORM_CANCELLABLE; i++) cancellable.push(await placeOrder(STORM_SKUS, i % 2 === 0));
  const allFos = [...shippable, ...cancellable].map((p) => p.foId);
  const db = t.database.db;
  const base = Date.now() - 12 * 3_600_000;

  const unexpected: string[] = [];
  const expect = (res: { statusCode: number; body: string }, ok: number[], what: string) => {
    if (!ok.includes(res.statusCode)) unexpected.push(`${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  };
  const someShipment = async (status?: string) => {
    const rows = status
      ? await queryRows<{ id: string }>(db, sql`select id from shipments where status = ${status} order by id`)
      : await queryRows<{ id: string }>(db, sql`select id from shipments where status <> 'voided' order by id`);
    return rows.length > 0 ? pick(rows).id : undefined;
  };
  const somePacked = async () => {
    const rows = await queryRows<{ id: string }>(db, sql`select id from fulfillment_orders where status = 'packed' order by id`);
    return rows.length > 0 && rand() < 0.8 ? pick(rows).id : pick(allFos);
  };
  const jobs: (() => Promise<void>)[] = [];
  for (let i = 0; i < STORM_OPS; i++) {
    const kind = between(rand, 0, 9);
    const roll = rand();
    const status = pick(['in_transit', 'out_for_delivery', 'delivered', 'delivered'] as const);
    const at = new Date(base + between(rand, 0, 600) * 60_000).toISOString();
    jobs.push(async () => {
      switch (kind) {
        case 0:
        case 1:
        case 2: {
          const foId = await somePacked();
          const headers = roll < 0.5 ? { headers: { 'idempotency-key': `storm-${i}` } } : {};
          return expect(await t.call('POST', `/v1/fulfillment-orders/${foId}/ship`, {}, headers), [201, 409], 'ship');
        }
        case 3:
        case 4: {
          const id = await someShipment('label_created');
          if (!id) return;
          return expect(await t.call('POST', `/v1/shipments/${id}/void`, { reason: 'storm' }), [200, 409], 'void');
        }
        case 5:
        case 6:
        case 7: {
          const id = await someShipment();
          if (!id) return;
          // 409: voided between choosing it and scanning it.
          return expect(await t.call('POST', `/v1/shipments/${id}/events`, { status, occurred_at: at, location: 'Chicago, IL' }), [200, 409], 'scan');
        }
        default: {
          const { orderId } = pick(cancellable);
          return expect(await t.call('POST', `/v1/orders/${orderId}/cancel`, { reason: 'storm' }), [200, 409], 'cancel order');
        }
      }
    });
  }
  await runWithConcurrency(jobs, CONCURRENCY);
  assert.deepEqual(unexpected, []);

  const shipmentStatuses = await queryRows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from shipments group by 1 order by 1`);
  const count = (s: string) => shipmentStatuses.find((r) => r.status === s)?.n ?? 0;
  const cancelled = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from orders where status = 'cancelled'`);
  const summary = JSON.stringify({ shipmentStatuses, cancelled });
  assert.ok(count('voided') > 3 && count('delivered') > 3 && count('in_transit') + count('out_for_delivery') > 0, `the storm must void, deliver and move parcels: ${summary}`);
  assert.ok((cancelled[0]?.n ?? 0) > 0, summary);
  ctx.diagnostic(summary);

  await assertStockAndLedger();

  // Tracking never moved a shipment backwards: replaying its applied scans in the order they were
  // applied (time, then progress for scans of one instant) walks legal transitions to its status.
  const progress: Record<string, number> = { label_created: 0, in_transit: 1, out_for_delivery: 2, exception: 3, delivered: 4, returned_to_sender: 4, voided: 4 };
  const shipments = await queryRows<{ id: string; status: string; last_event_at: string | null }>(db, sql`select id, status, last_event_at::text from shipments order by id`);
  const events = await queryRows<{ shipment_id: string; status: string; at: number; applied: boolean }>(
    db,
    sql`select shipment_id, status, (extract(epoch from occurred_at) * 1000)::float8 as at, applied from shipment_events order by shipment_id, occurred_at, recorded_at`,
  );
  const refused = events.filter((e) => !e.applied).length;
  assert.ok(refused > 0 && events.length - refused > 0, `scans must be both applied and refused (late, illegal, terminal): ${refused} of ${events.length} refused`);
  for (const s of shipments) {
    const applied = events.filter((e) => e.shipment_id === s.id && e.applied).sort((a, b) => a.at - b.at || (progress[a.status] ?? 0) - (progress[b.status] ?? 0));
    let current: ShipmentStatus = 'label_created';
    for (const e of applied) {
      const next = e.status as ShipmentStatus;
      if (next !== current) assert.ok((shipmentTransitions[current] as readonly ShipmentStatus[]).includes(next), `shipment ${s.id} went ${current} → ${next}: ${JSON.stringify(applied)}`);
      current = next;
    }
    // A void is not a scan: a voided shipment was never scanned forward before it was voided.
    assert.equal(s.status === 'voided' ? 'label_created' : s.status, current, `shipment ${s.id} is ${s.status} but its applied scans end at ${current}`);
    const lastApplied = applied.at(-1);
    assert.equal(s.last_event_at === null ? undefined : Date.parse(s.last_event_at), lastApplied?.at, `shipment ${s.id}: last_event_at`);
  }

  // An order is delivered exactly when it is fully shipped and every live shipment is delivered.
  const orders = await queryRows<{ id: string; status: string; fully_shipped: boolean; live: number; delivered: number }>(
    db,
    sql`select o.id, o.status,
               bool_and(l.quantity - l.cancelled = l.shipped) as fully_shipped,
               (select count(*) from shipments s where s.order_id = o.id and s.status <> 'voided')::int as live,
               (select count(*) from shipments s where s.order_id = o.id and s.status = 'delivered')::int as delivered
        from orders o join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id group by o.id, o.status`,
  );
  for (const o of orders) {
    const shouldBe = o.fully_shipped && o.live > 0 && o.live === o.delivered;
    assert.equal(o.status === 'delivered', shouldBe, `order ${o.id} is ${o.status}: fully shipped ${o.fully_shipped}, ${o.delivered} of ${o.live} live shipments delivered`);
    if (o.live > 0 && !shouldBe) assert.ok(['shipped', 'partially_shipped'].includes(o.status), `order ${o.id} has a live shipment but is ${o.status}`);
    if (o.live === 0) assert.ok(!['shipped', 'delivered', 'partially_shipped'].includes(o.status), `order ${o.id} has no live shipment but is ${o.status}`);
  }
});

/*
 * Issue #4: a tracking scan landing while the carrier is voiding the label. The void first marks
 * the shipment (`void_requested_at`); scans arriving meanwhile are kept but held, and applied only
 * if the carrier refuses. The carrier here is a local EasyPost-format server; the test holds the
 * refund request at the carrier until the racing scan has been answered.
 */
const EP_KEY = 'EZTK_void_race';
const EP_HOOK = 'whsec-void-race';
let ep: EasyPostServer | undefined;
let webhookUrl = '';

async function easyPost(): Promise<EasyPostServer> {
  if (ep) return ep;
  ep = await startEasyPostServer({ apiKey: EP_KEY, webhookSecret: EP_HOOK });
  const carrier = await t.call('PUT', '/v1/carriers/vr-easypost', { name: 'EasyPost', kind: 'easypost', easypost: { base_url: ep.url, api_key_env: 'EP_VR_KEY', webhook_secret_env: 'EP_VR_HOOK' } });
  assert.equal(carrier.statusCode, 201, carrier.body);
  webhookUrl = carrier.json().webhook_url;
  await createProduct(t, 'VR-A', { dimensions_mm: { length: 200, width: 150, height: 100 }, weight_grams: 900 });
  await adjust(t, 'VR-A', 'EWR', 20);
  return ep;
}
after(() => ep?.close());

/** A label for 2 units of VR-A bought through the aggregator. */
async function aggregatorShipment() {
  await easyPost();
  const placed = await t.call('POST', '/v1/orders', orderBody([{ sku: 'VR-A', quantity: 2 }]));
  assert.equal(placed.statusCode, 201, placed.body);
  const order = placed.json() as OrderJson;
  const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[];
  assert.ok(fo, 'the order has a fulfillment order');
  assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
  const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, { carrier: 'vr-easypost', service: 'usps:Priority' });
  assert.equal(shipped.statusCode, 201, shipped.body);
  const shipment = shipped.json() as { id: string; tracking_number: string; carrier: string; status: string };
  assert.equal(shipment.carrier, 'vr-easypost');
  return { orderId: order.id, foId: fo.id, shipment };
}

/** Runs `during` when the void's refund request reaches the carrier, before the carrier answers it. */
async function withRefundHeld<T>(run: () => Promise<T>, during: () => Promise<void>): Promise<T> {
  const server = ep as EasyPostServer;
  const refunds = () => server.requests.filter((r) => r.path.endsWith('/refund')).length;
  const before = refunds();
  let held = 0;
  server.holdNext(/\/refund$/, async () => {
    held++;
    await during();
  });
  const result = await run();
  assert.equal(held, 1, 'the refund request was held');
  assert.equal(refunds() - before, 1, 'the void reached the carrier once');
  return result;
}

const stockOf = async (sku: string) => (await queryRows<{ on_hand: number; reserved: number }>(t.database.db, sql`select on_hand, reserved from stock_levels where sku = ${sku}`))[0];
const scansOf = (id: string) => queryRows<{ status: string; applied: boolean; note: string }>(t.database.db, sql`select status, applied, note from shipment_events where shipment_id = ${id} order by occurred_at, recorded_at`);

test('a carrier scan landing while the carrier voids the label is kept but not applied, and the void completes', async () => {
  const { orderId, foId, shipment } = await aggregatorShipment();
  const server = ep as EasyPostServer;
  assert.deepEqual(await stockOf('VR-A'), { on_hand: 18, reserved: 0 });
  const scanned: { statusCode: number; body: string }[] = [];
  const voided = await withRefundHeld(
    () => t.call('POST', `/v1/shipments/${shipment.id}/void`, { reason: 'wrong box' }),
    async () => {
      const body = server.scan(shipment.tracking_number, { object: 'TrackingDetail', status: 'in_transit', message: 'Accepted at USPS origin facility', datetime: new Date(Date.now() - 60_000).toISOString(), tracking_location: { city: 'Newark', state: 'NJ', country: 'US', zip: '07102' } } as never);
      const res = await t.app.inject({ method: 'POST', url: webhookUrl, payload: body, headers: { 'content-type': 'application/json', 'x-hmac-signature': server.signEvent(body) } });
      scanned.push({ statusCode: res.statusCode, body: res.body });
    },
  );
  assert.equal(scanned[0]?.statusCode, 200, scanned[0]?.body);
  assert.equal(JSON.parse(scanned[0]?.body ?? '{}').applied, 0, 'the racing scan was not applied');
  assert.equal(voided.statusCode, 200, voided.body);
  assert.equal(voided.json().status, 'voided');
  // The scan is kept (every scan is), marked as held by the void, and moved nothing.
  // (EasyPost's event carries the tracker's whole history, so the pre-transit scan comes along.)
  const kept = await scansOf(shipment.id);
  assert.ok(kept.some((e) => e.status === 'in_transit'), JSON.stringify(kept));
  assert.ok(kept.every((e) => !e.applied && e.note === 'void_requested'), JSON.stringify(kept));
  const [row] = await queryRows<{ status: string; void_requested_at: string | null; last_event_at: string | null }>(t.database.db, sql`select status, void_requested_at, last_event_at from shipments where id = ${shipment.id}`);
  assert.deepEqual(row, { status: 'voided', void_requested_at: null, last_event_at: null });
  // Stock back once, reserved for the order again; the fulfillment order can ship again.
  assert.deepEqual(await stockOf('VR-A'), { on_hand: 20, reserved: 2 });
  const ledger = await queryRows<{ n: number; units: number }>(t.database.db, sql`select count(*)::int as n, coalesce(sum(delta), 0)::int as units from inventory_movements where reference = ${shipment.id} and reason = 'label_voided'`);
  assert.deepEqual(ledger, [{ n: 1, units: 2 }]);
  assert.equal((await t.call('GET', `/v1/fulfillment-orders/${foId}`)).json().status, 'packed');
  assert.equal(((await t.call('GET', `/v1/orders/${orderId}`)).json() as OrderJson).status, 'allocated');
  // A later scan of the voided label is refused as before.
  const late = await t.call('POST', `/v1/shipments/${shipment.id}/events`, { status: 'in_transit', occurred_at: new Date().toISOString() });
  assert.equal(late.statusCode, 409, late.body);
  assert.equal(late.json().code, 'SHIPMENT_VOIDED');
});

test('when the carrier refuses the void, the scans held meanwhile are applied in order and the refusal is answered', async () => {
  const { orderId, shipment } = await aggregatorShipment();
  const server = ep as EasyPostServer;
  const stockBefore = await stockOf('VR-A');
  const refunds = () => server.requests.filter((r) => r.path.endsWith('/refund')).length;
  const refundsBefore = refunds();
  const picked = new Date(Date.now() - 120_000).toISOString();
  const moving = new Date(Date.now() - 60_000).toISOString();
  const held: { statusCode: number; body: string }[] = [];
  const refused = await withRefundHeld(
    () => t.call('POST', `/v1/shipments/${shipment.id}/void`, {}),
    async () => {
      // A second void while the first is at the carrier is refused and asks the carrier nothing.
      const second = await t.call('POST', `/v1/shipments/${shipment.id}/void`, {});
      held.push({ statusCode: second.statusCode, body: second.body });
      // Newest first: the replay must still apply them oldest first.
      for (const [status, at] of [['out_for_delivery', moving], ['in_transit', picked]] as const) {
        const res = await t.call('POST', `/v1/shipments/${shipment.id}/events`, { status, occurred_at: at, location: 'Newark, NJ' });
        held.push({ statusCode: res.statusCode, body: res.body });
      }
      server.failNext(422); // the carrier answers the refund: already scanned, not refundable
    },
  );
  assert.equal(held[0]?.statusCode, 409, held[0]?.body);
  assert.equal(JSON.parse(held[0]?.body ?? '{}').code, 'SHIPMENT_NOT_VOIDABLE');
  for (const h of held.slice(1)) {
    assert.equal(h.statusCode, 200, h.body);
    const json = JSON.parse(h.body) as { applied: boolean; note: string; shipment: { status: string } };
    assert.deepEqual([json.applied, json.note, json.shipment.status], [false, 'void_requested', 'label_created']);
  }
  assert.equal(refused.statusCode, 422, refused.body);
  assert.equal(refused.json().code, 'CARRIER_REFUSED');
  assert.equal(refunds() - refundsBefore, 1, 'the refused second void asked the carrier nothing');
  // The held scans were replayed oldest first: in_transit, then out_for_delivery.
  const after = (await t.call('GET', `/v1/shipments/${shipment.id}`)).json() as { status: string };
  assert.equal(after.status, 'out_for_delivery');
  assert.deepEqual(await scansOf(shipment.id), [
    { status: 'in_transit', applied: true, note: 'applied' },
    { status: 'out_for_delivery', applied: true, note: 'applied' },
  ]);
  const [row] = await queryRows<{ void_requested_at: string | null; last_event_at: string }>(t.database.db, sql`select void_requested_at, last_event_at from shipments where id = ${shipment.id}`);
  assert.equal(row?.void_requested_at, null);
  assert.equal(new Date(row?.last_event_at ?? 0).toISOString(), moving);
  const published = await queryRows<{ type: string }>(t.database.db, sql`select type from events where aggregate_id = ${shipment.id} order by seq`);
  assert.deepEqual(published.map((e) => e.type), ['shipment.created', 'shipment.in_transit', 'shipment.out_for_delivery']);
  // Nothing went back on hand: the parcel is live.
  assert.deepEqual(await stockOf('VR-A'), stockBefore);
  assert.equal(((await t.call('GET', `/v1/orders/${orderId}`)).json() as OrderJson).status, 'shipped');
});

test('a void request left behind by a crash holds scans only until it expires', async () => {
  const { shipment } = await aggregatorShipment();
  const db = t.database.db;
  // A fresh request (the process is still asking the carrier): the scan is held.
  await queryRows(db, sql`update shipments set void_requested_at = now() - interval '1 minute' where id = ${shipment.id}`);
  const early = new Date(Date.now() - 90_000).toISOString();
  const heldScan = await t.call('POST', `/v1/shipments/${shipment.id}/events`, { status: 'in_transit', occurred_at: early });
  assert.equal(heldScan.statusCode, 200, heldScan.body);
  assert.deepEqual([heldScan.json().applied, heldScan.json().note, heldScan.json().shipment.status], [false, 'void_requested', 'label_created']);
  // The process died long ago: the request has expired. The held scan is applied first, then the new one.
  await queryRows(db, sql`update shipments set void_requested_at = now() - interval '10 minutes' where id = ${shipment.id}`);
  const late = await t.call('POST', `/v1/shipments/${shipment.id}/events`, { status: 'out_for_delivery', occurred_at: new Date(Date.now() - 30_000).toISOString() });
  assert.equal(late.statusCode, 200, late.body);
  assert.deepEqual([late.json().applied, late.json().note, late.json().shipment.status], [true, 'applied', 'out_for_delivery']);
  assert.deepEqual(await scansOf(shipment.id), [
    { status: 'in_transit', applied: true, note: 'applied' },
    { status: 'out_for_delivery', applied: true, note: 'applied' },
  ]);
  const [row] = await queryRows<{ void_requested_at: string | null }>(db, sql`select void_requested_at from shipments where id = ${shipment.id}`);
  assert.equal(row?.void_requested_at, null);

  // An expired request does not block a new void either (a live label this time).
  const next = (await aggregatorShipment()).shipment;
  await queryRows(db, sql`update shipments set void_requested_at = now() - interval '10 minutes' where id = ${next.id}`);
  const voided = await t.call('POST', `/v1/shipments/${next.id}/void`, {});
  assert.equal(voided.statusCode, 200, voided.body);
  assert.equal(voided.json().status, 'voided');
});
