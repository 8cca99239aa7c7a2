// test-files: database server (two orders and a release race for one checkout reservation)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { assertProblem, expectRefusedWithoutWrites } from '../support/bad-input.js';
import { adjust, createLocation, createProduct, orderBody, stockOf, type OrderJson } from '../support/factories.js';

interface CheckoutReservationJson {
  id: string;
  sku: string;
  quantity: number;
  channel: string | null;
  status: string;
  expires_at: string;
  order_id: string | null;
  allocations: { location: string; quantity: number }[];
}

let t: TestApp;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'R-WH1', { priority: 1 });
  await createLocation(t, 'R-WH2', { priority: 2 });
  await createLocation(t, 'R-SHOP', { type: 'store', ships_to_customers: false, priority: 0 });
});
after(() => t.close());

async function reserveForCheckout(sku: string, quantity: number, extra: Record<string, unknown> = {}): Promise<CheckoutReservationJson> {
  const res = await t.call('POST', '/v1/reservations', { sku, quantity, ttl_seconds: 600, ...extra });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as CheckoutReservationJson;
}

/** stock_levels.reserved equals the sum of live reservations (orders' and checkout reservations') on every row. */
async function assertReservedInvariant() {
  const rows = await queryRows<{ sku: string; location_id: string; reserved: number; live: number }>(
    t.database.db,
    sql`select s.sku, s.location_id, s.reserved,
               coalesce((select sum(r.quantity) from reservations r where r.tenant_id = s.tenant_id and r.sku = s.sku and r.location_id = s.location_id), 0)::int as live
        from stock_levels s`,
  );
  for (const r of rows) assert.equal(r.reserved, r.live, `${r.sku}@${r.location_id}`);
}

const reservedAt = async (sku: string, location: string) => (await stockOf(t, sku)).locations.find((l) => l.location === location)?.reserved ?? 0;

describe('POST /v1/reservations', () => {
  test('sets the units aside at the location the planner picks, with an expiry, and shows them', async () => {
    await createProduct(t, 'R-A');
    await adjust(t, 'R-A', 'R-WH1', 3);
    await adjust(t, 'R-A', 'R-WH2', 5);
    await adjust(t, 'R-A', 'R-SHOP', 50);
    const before = Date.now();
    const h = await reserveForCheckout('R-A', 4, { channel: 'web' });
    assert.match(h.id, /^hld_[0-9a-z]{26}$/);
    assert.equal(h.status, 'active');
    assert.equal(h.channel, 'web');
    assert.equal(h.order_id, null);
    // WH1 (priority 1) has only 3: the planner takes all 4 from WH2 rather than splitting; the store does not ship.
    assert.deepEqual(h.allocations, [{ location: 'R-WH2', quantity: 4 }]);
    const ttl = (Date.parse(h.expires_at) - before) / 1000;
    assert.ok(ttl > 590 && ttl <= 601, `expires in ${ttl}s`);
    assert.equal(await reservedAt('R-A', 'R-WH2'), 4);
    const got = await t.call('GET', `/v1/reservations/${h.id}`);
    assert.equal(got.statusCode, 200, got.body);
    assert.deepEqual(got.json(), h);
    const events = await queryRows<{ type: string }>(t.database.db, sql`select type from events where aggregate_id = ${h.id}`);
    assert.deepEqual(events.map((e) => e.type), ['checkout_reservation.created']);
    await assertReservedInvariant();
  });

  test('splits across locations only when no single location can fill it', async () => {
    await createProduct(t, 'R-SPLIT');
    await adjust(t, 'R-SPLIT', 'R-WH1', 3);
    await adjust(t, 'R-SPLIT', 'R-WH2', 2);
    const h = await reserveForCheckout('R-SPLIT', 5);
    assert.deepEqual([...h.allocations].sort((a, b) => a.location.localeCompare(b.location)), [
      { location: 'R-WH1', quantity: 3 },
      { location: 'R-WH2', quantity: 2 },
    ]);
    assert.equal((await stockOf(t, 'R-SPLIT')).available_to_promise, 0);
  });

  test('not enough stock: 409 INVENTORY_INSUFFICIENT, nothing reserved (no partial checkout reservation)', async () => {
    await createProduct(t, 'R-FEW');
    await adjust(t, 'R-FEW', 'R-WH1', 2);
    await adjust(t, 'R-FEW', 'R-SHOP', 10);
    await expectRefusedWithoutWrites(t, { name: 'short', body: { sku: 'R-FEW', quantity: 3, ttl_seconds: 60 }, status: 409, code: 'INVENTORY_INSUFFICIENT', field: 'quantity' }, { method: 'POST', url: '/v1/reservations' });
  });

  test('bad input is refused with the field and changes nothing', async () => {
    await createProduct(t, 'R-BAD');
    await adjust(t, 'R-BAD', 'R-WH1', 10);
    const url = { method: 'POST' as const, url: '/v1/reservations' };
    const ok = { sku: 'R-BAD', quantity: 1, ttl_seconds: 60 };
    const cases = [
      { name: 'ttl 0', body: { ...ok, ttl_seconds: 0 }, status: 400, field: 'ttl_seconds' },
      { name: 'ttl over a day', body: { ...ok, ttl_seconds: 86_401 }, status: 400, field: 'ttl_seconds' },
      { name: 'ttl fractional', body: { ...ok, ttl_seconds: 1.5 }, status: 400, field: 'ttl_seconds' },
      { name: 'quantity 0', body: { ...ok, quantity: 0 }, status: 400, field: 'quantity' },
      { name: 'no ttl', body: { sku: 'R-BAD', quantity: 1 }, status: 400, field: 'ttl_seconds' },
      { name: 'unknown field', body: { ...ok, location: 'R-WH1' }, status: 400 },
      { name: 'unknown SKU', body: { ...ok, sku: 'R-NOPE' }, status: 422, code: 'PRODUCT_UNKNOWN_SKU', field: 'sku' },
    ];
    for (const c of cases) await expectRefusedWithoutWrites(t, c, url);
    // The bounds themselves are accepted.
    assert.equal((await t.call('POST', '/v1/reservations', { ...ok, ttl_seconds: 1 })).statusCode, 201);
    assert.equal((await t.call('POST', '/v1/reservations', { ...ok, ttl_seconds: 86_400 })).statusCode, 201);
  });

  test('an Idempotency-Key replays the checkout reservation instead of reserving twice', async () => {
    await createProduct(t, 'R-IDEM');
    await adjust(t, 'R-IDEM', 'R-WH1', 10);
    const headers = { 'idempotency-key': 'checkout-idem-1' };
    const first = await t.call('POST', '/v1/reservations', { sku: 'R-IDEM', quantity: 3, ttl_seconds: 60 }, { headers });
    const again = await t.call('POST', '/v1/reservations', { sku: 'R-IDEM', quantity: 3, ttl_seconds: 60 }, { headers });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(again.statusCode, 201, again.body);
    assert.deepEqual(again.json(), first.json());
    assert.equal(await reservedAt('R-IDEM', 'R-WH1'), 3);
  });
});

describe('DELETE /v1/reservations/{id}', () => {
  test('releases the units, is idempotent, and unknown ids are 404', async () => {
    await createProduct(t, 'R-DEL');
    await adjust(t, 'R-DEL', 'R-WH1', 5);
    const h = await reserveForCheckout('R-DEL', 5);
    assert.equal(await reservedAt('R-DEL', 'R-WH1'), 5);
    const del = await t.call('DELETE', `/v1/reservations/${h.id}`);
    assert.equal(del.statusCode, 204, del.body);
    assert.equal(del.body, '');
    assert.equal(await reservedAt('R-DEL', 'R-WH1'), 0);
    const got = (await t.call('GET', `/v1/reservations/${h.id}`)).json() as CheckoutReservationJson;
    assert.equal(got.status, 'released');
    assert.deepEqual(got.allocations, []);
    const again = await t.call('DELETE', `/v1/reservations/${h.id}`);
    assert.equal(again.statusCode, 204, again.body);
    assert.equal(await reservedAt('R-DEL', 'R-WH1'), 0);
    const events = await queryRows<{ type: string }>(t.database.db, sql`select type from events where aggregate_id = ${h.id} order by seq`);
    assert.deepEqual(events.map((e) => e.type), ['checkout_reservation.created', 'checkout_reservation.released']);
    const missing = 'hld_00000000000000000000000000';
    assertProblem(await t.call('DELETE', `/v1/reservations/${missing}`), { status: 404, code: 'RESERVATION_NOT_FOUND' });
    assertProblem(await t.call('GET', `/v1/reservations/${missing}`), { status: 404, code: 'RESERVATION_NOT_FOUND' });
    assertProblem(await t.call('GET', '/v1/reservations/not-a-hold'), { status: 400, field: 'params.id' });
    await assertReservedInvariant();
  });
});

describe('an order captured with reservation_id', () => {
  test('takes the held units (even when nothing else is left) and consumes the checkout reservation', async () => {
    await createProduct(t, 'R-CAP');
    await createProduct(t, 'R-OTHER');
    await adjust(t, 'R-CAP', 'R-WH1', 5);
    await adjust(t, 'R-OTHER', 'R-WH1', 5);
    const h = await reserveForCheckout('R-CAP', 5);
    // Without the checkout reservation, the stock is gone.
    assertProblem(await t.call('POST', '/v1/orders', orderBody([{ sku: 'R-CAP', quantity: 1 }])), { status: 409, code: 'INVENTORY_INSUFFICIENT' });
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'R-CAP', quantity: 5 }, { sku: 'R-OTHER', quantity: 1 }], { reservation_id: h.id }));
    assert.equal(res.statusCode, 201, res.body);
    const order = res.json() as OrderJson;
    assert.equal(order.status, 'allocated');
    assert.deepEqual(order.allocations.filter((a) => a.sku === 'R-CAP').map((a) => [a.location, a.quantity]), [['R-WH1', 5]]);
    assert.equal(await reservedAt('R-CAP', 'R-WH1'), 5, 'the checkout reservation’s units became the order’s, not counted twice');
    const consumed = (await t.call('GET', `/v1/reservations/${h.id}`)).json() as CheckoutReservationJson;
    assert.equal(consumed.status, 'consumed');
    assert.equal(consumed.order_id, order.id);
    assert.deepEqual(consumed.allocations, []);
    const owners = await queryRows<{ checkout_reservation_id: string | null; order_id: string | null }>(t.database.db, sql`select checkout_reservation_id, order_id from reservations where sku = 'R-CAP'`);
    assert.ok(owners.every((o) => o.checkout_reservation_id === null && o.order_id === order.id), 'the units belong to the order now');
    await assertReservedInvariant();

    // Consumed once: a second order with the same checkout reservation is refused and changes nothing.
    await adjust(t, 'R-CAP', 'R-WH1', 5);
    await expectRefusedWithoutWrites(
      t,
      { name: 'consumed', body: orderBody([{ sku: 'R-CAP', quantity: 1 }], { reservation_id: h.id }), status: 409, code: 'RESERVATION_CONSUMED', field: 'reservation_id' },
      { method: 'POST', url: '/v1/orders' },
    );
    // Releasing a consumed checkout reservation is refused: its units belong to the order.
    assertProblem(await t.call('DELETE', `/v1/reservations/${h.id}`), { status: 409, code: 'RESERVATION_CONSUMED' });
  });

  test('a checkout reservation smaller than the order line: the order takes the held units and the rest from stock', async () => {
    await createProduct(t, 'R-PART');
    await adjust(t, 'R-PART', 'R-WH1', 4);
    const h = await reserveForCheckout('R-PART', 2);
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'R-PART', quantity: 4 }], { reservation_id: h.id }));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((res.json() as OrderJson).lines[0]?.allocated, 4);
    assert.equal(await reservedAt('R-PART', 'R-WH1'), 4);
    await assertReservedInvariant();
  });

  test('the capture stays idempotent: a retried key or a repeated external_id answers the same order', async () => {
    await createProduct(t, 'R-RETRY');
    await adjust(t, 'R-RETRY', 'R-WH1', 3);
    const h1 = await reserveForCheckout('R-RETRY', 1);
    const keyed = orderBody([{ sku: 'R-RETRY', quantity: 1 }], { reservation_id: h1.id, external_id: null });
    const headers = { 'idempotency-key': 'order-with-checkout-reservation-1' };
    const first = await t.call('POST', '/v1/orders', keyed, { headers });
    const replay = await t.call('POST', '/v1/orders', keyed, { headers });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(replay.statusCode, 201, replay.body);
    assert.equal(replay.json().id, first.json().id);

    const h2 = await reserveForCheckout('R-RETRY', 1);
    const body = orderBody([{ sku: 'R-RETRY', quantity: 1 }], { reservation_id: h2.id });
    const a = await t.call('POST', '/v1/orders', body);
    const b = await t.call('POST', '/v1/orders', body);
    assert.equal(a.statusCode, 201, a.body);
    assert.equal(b.statusCode, 200, b.body);
    assert.equal(b.json().id, a.json().id);
    assert.equal(await reservedAt('R-RETRY', 'R-WH1'), 2);
    await assertReservedInvariant();
  });

  test('an expired, released, unknown or other-SKU checkout reservation is refused with the field, changing nothing', async () => {
    await createProduct(t, 'R-REF');
    await createProduct(t, 'R-REF-2');
    await adjust(t, 'R-REF', 'R-WH1', 10);
    await adjust(t, 'R-REF-2', 'R-WH1', 10);
    const released = await reserveForCheckout('R-REF', 1);
    assert.equal((await t.call('DELETE', `/v1/reservations/${released.id}`)).statusCode, 204);
    const expiring = await reserveForCheckout('R-REF', 1, { ttl_seconds: 1 });
    const other = await reserveForCheckout('R-REF-2', 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Lapsed but not yet swept by the worker: it already reads as expired.
    assert.equal(((await t.call('GET', `/v1/reservations/${expiring.id}`)).json() as CheckoutReservationJson).status, 'expired');
    const url = { method: 'POST' as const, url: '/v1/orders' };
    const order = (reservation_id: string) => orderBody([{ sku: 'R-REF', quantity: 1 }], { reservation_id });
    await expectRefusedWithoutWrites(t, { name: 'expired', body: order(expiring.id), status: 409, code: 'RESERVATION_EXPIRED', field: 'reservation_id' }, url);
    await expectRefusedWithoutWrites(t, { name: 'released', body: order(released.id), status: 409, code: 'RESERVATION_RELEASED', field: 'reservation_id' }, url);
    await expectRefusedWithoutWrites(t, { name: 'unknown', body: order('hld_00000000000000000000000000'), status: 422, code: 'RESERVATION_UNKNOWN', field: 'reservation_id' }, url);
    await expectRefusedWithoutWrites(t, { name: 'other SKU', body: order(other.id), status: 422, code: 'RESERVATION_SKU_MISMATCH', field: 'reservation_id' }, url);
    await expectRefusedWithoutWrites(t, { name: 'malformed', body: order('res_1'), status: 400, field: 'reservation_id' }, url);
    // DELETE of an expired checkout reservation is a no-op 204 too.
    assert.equal((await t.call('DELETE', `/v1/reservations/${expiring.id}`)).statusCode, 204);
  });
});

describe('racing for one checkout reservation', () => {
  test('two orders and a release race for one checkout reservation: exactly one wins, the stock is counted once', async () => {
    await createProduct(t, 'R-RACE');
    await adjust(t, 'R-RACE', 'R-WH1', 3);
    for (let round = 0; round < 3; round++) {
      const h = await reserveForCheckout('R-RACE', 1);
      const [a, b, del] = await Promise.all([
        t.call('POST', '/v1/orders', orderBody([{ sku: 'R-RACE', quantity: 1 }], { reservation_id: h.id })),
        t.call('POST', '/v1/orders', orderBody([{ sku: 'R-RACE', quantity: 1 }], { reservation_id: h.id })),
        t.call('DELETE', `/v1/reservations/${h.id}`),
      ]);
      const captured = [a, b].filter((r) => r.statusCode === 201);
      const final = ((await t.call('GET', `/v1/reservations/${h.id}`)).json() as CheckoutReservationJson).status;
      if (final === 'consumed') {
        assert.equal(captured.length, 1, `${a.body} / ${b.body}`);
        // The release came after the order took the checkout reservation: it belongs to the order now.
        assertProblem(del, { status: 409, code: 'RESERVATION_CONSUMED' });
      } else {
        assert.equal(final, 'released');
        assert.equal(del.statusCode, 204, del.body);
        assert.equal(captured.length, 0, 'a released checkout reservation is used by no order');
      }
      for (const r of [a, b]) if (r.statusCode !== 201) assert.ok(['RESERVATION_CONSUMED', 'RESERVATION_RELEASED'].includes(r.json().code), r.body);
      await assertReservedInvariant();
    }
    const stock = await stockOf(t, 'R-RACE');
    const orders = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from order_lines where sku = 'R-RACE'`);
    assert.equal(stock.locations[0]?.reserved, orders[0]?.n);
  });
});

describe('GET /v1/reservations', () => {
  test('lists newest first by cursor, filtered by status as shown (lapsed reads expired), channel and SKU', async () => {
    await createProduct(t, 'R-LIST');
    await createProduct(t, 'R-LIST-2');
    await adjust(t, 'R-LIST', 'R-WH1', 20);
    await adjust(t, 'R-LIST-2', 'R-WH1', 20);
    const web = await reserveForCheckout('R-LIST', 2, { channel: 'list-web' });
    const app = await reserveForCheckout('R-LIST', 1, { channel: 'list-app' });
    const other = await reserveForCheckout('R-LIST-2', 3, { channel: 'list-web' });
    const released = await reserveForCheckout('R-LIST', 1, { channel: 'list-web' });
    assert.equal((await t.call('DELETE', `/v1/reservations/${released.id}`)).statusCode, 204);
    const lapsing = await reserveForCheckout('R-LIST', 1, { channel: 'list-web', ttl_seconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const ids = async (query: string) => ((await t.call('GET', `/v1/reservations?${query}`)).json().data as CheckoutReservationJson[]).map((h) => h.id);
    assert.deepEqual(await ids('sku=R-LIST'), [lapsing.id, released.id, app.id, web.id], 'newest first, only the SKU asked for');
    assert.deepEqual(await ids('sku=R-LIST&status=active'), [app.id, web.id], 'a lapsed one is not active');
    assert.deepEqual(await ids('sku=R-LIST&status=expired'), [lapsing.id], 'lapsed but not swept yet: expired');
    assert.deepEqual(await ids('sku=R-LIST&status=released'), [released.id]);
    assert.deepEqual(await ids('channel=list-web&status=active'), [other.id, web.id]);

    const listed = (await t.call('GET', `/v1/reservations?sku=R-LIST-2`)).json().data as CheckoutReservationJson[];
    assert.deepEqual(listed, [(await t.call('GET', `/v1/reservations/${other.id}`)).json()], 'a row is the checkout reservation as GET /{id} shows it, with its allocations');
    assert.deepEqual(listed[0]?.allocations, [{ location: 'R-WH1', quantity: 3 }]);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const body = (await t.call('GET', `/v1/reservations?channel=list-web&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as { data: CheckoutReservationJson[]; next_cursor: string | null };
      assert.ok(body.data.length <= 2, `a page holds at most 2: ${body.data.length}`);
      paged.push(...body.data.map((h) => h.id));
      cursor = body.next_cursor;
    } while (cursor);
    assert.deepEqual(paged, [lapsing.id, released.id, other.id, web.id], 'pages of 2 cover every one once, in order');
  });

  test('bad filters and foreign cursors are refused with the field', async () => {
    assertProblem(await t.call('GET', '/v1/reservations?status=held'), { status: 400, field: 'query.status' });
    assertProblem(await t.call('GET', '/v1/reservations?limit=0'), { status: 400, field: 'query.limit' });
    assertProblem(await t.call('GET', '/v1/reservations?sku=%20bad'), { status: 400, field: 'query.sku' });
    const inboundCursor = Buffer.from('inb_00000000000000000000000000').toString('base64url');
    assertProblem(await t.call('GET', `/v1/reservations?cursor=${inboundCursor}`), { status: 400, code: 'CURSOR_INVALID', field: 'query.cursor' });
  });
});
