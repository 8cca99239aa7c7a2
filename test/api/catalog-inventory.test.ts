// test-files: embedded database is enough (only /ready's answer names the engine; test/support/database.test.ts checks the kind on each)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../support/app.js';
import { isPostgres } from '../support/database.js';
import { adjust, createLocation, createProduct, createTenant, orderBody, stockOf } from '../support/factories.js';

type Reply = Awaited<ReturnType<TestApp['call']>>;

let t: TestApp;

before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

function problem(res: Reply, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(res.json().code, code);
  return res.json() as { code: string; errors?: { field: string; message: string }[] };
}

async function rows<T>(statement: ReturnType<typeof sql>): Promise<T[]> {
  return ((await t.database.db.execute(statement)) as unknown as { rows: T[] }).rows;
}

/** Follows next_cursor until the end; answers every row and the number of pages. */
async function allPages<T>(url: string, limit: number): Promise<{ rows: T[]; pages: number }> {
  const out: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await t.call('GET', `${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { data: T[]; next_cursor: string | null };
    assert.ok(body.data.length <= limit, `${body.data.length} rows on a page of ${limit}`);
    out.push(...body.data);
    cursor = body.next_cursor;
    pages += 1;
    assert.ok(pages < 100, 'pagination does not end');
  } while (cursor);
  return { rows: out, pages };
}

describe('locations', () => {
  const address = { name: 'Receiving', company: 'ACME', line1: '1 Dock Rd', line2: null, city: 'Reno', region: 'NV', postal_code: '89501', country: 'US', phone: null };

  test('POST creates a location with defaults and answers its view', async () => {
    const res = await t.call('POST', '/v1/locations', { code: 'LOC-FULL', name: 'Full', type: '3pl', address });
    assert.equal(res.statusCode, 201, res.body);
    const loc = res.json();
    assert.match(loc.id, /^loc_[0-9a-z]{26}$/);
    assert.deepEqual(
      { ...loc, id: undefined, created_at: undefined, updated_at: undefined },
      {
        id: undefined, code: 'LOC-FULL', name: 'Full', type: '3pl', address, ships_to_customers: true, priority: 100, active: true,
        groups: [], serves_countries: [], channels: [], daily_capacity: null, safety_stock: 0,
        // Reno, NV 89501: the ZIP's centroid, for proximity routing.
        latitude: loc.latitude, longitude: loc.longitude,
        // Shipping clock: the zone at the coordinates, a 14:00 cut-off, no extra handling days.
        time_zone: 'America/Los_Angeles', cutoff_time: '14:00', processing_days: 0,
        created_at: undefined, updated_at: undefined,
      },
    );
    assert.ok(Math.abs(loc.latitude - 39.5) < 0.2 && Math.abs(loc.longitude + 119.8) < 0.2, `${loc.latitude},${loc.longitude}`);
    assert.equal(loc.created_at, loc.updated_at);
  });

  test('POST refuses invalid bodies', async () => {
    problem(await t.call('POST', '/v1/locations', { code: 'LOC-BAD', name: 'x', type: 'garage' }), 400, 'REQUEST_INVALID');
    problem(await t.call('POST', '/v1/locations', { code: 'has space', name: 'x', type: 'store' }), 400, 'REQUEST_INVALID');
    problem(await t.call('POST', '/v1/locations', { code: 'LOC-BAD', name: 'x', type: 'store', surprise: 1 }), 400, 'REQUEST_INVALID');
    problem(await t.call('POST', '/v1/locations', { code: 'LOC-BAD', name: 'x', type: 'store', address: { ...address, country: 'XX' } }), 422, 'COUNTRY_UNKNOWN');
    problem(await t.call('GET', '/v1/locations/LOC-BAD'), 404, 'LOCATION_NOT_FOUND');
  });

  test('a duplicate code answers 409 and changes nothing', async () => {
    const first = await createLocation(t, 'LOC-DUP', { name: 'First' });
    const dup = problem(await t.call('POST', '/v1/locations', { code: 'LOC-DUP', name: 'Second', type: 'store' }), 409, 'LOCATION_CODE_TAKEN');
    assert.equal(dup.errors?.[0]?.field, 'code');
    const now = (await t.call('GET', '/v1/locations/LOC-DUP')).json();
    assert.equal(now.id, first.id);
    assert.equal(now.name, 'First');
  });

  test('GET by id and by code answer the same location; unknown answers 404', async () => {
    const loc = await createLocation(t, 'LOC-GET', { name: 'Gettable', priority: 4 });
    const byId = await t.call('GET', `/v1/locations/${loc.id}`);
    const byCode = await t.call('GET', '/v1/locations/LOC-GET');
    assert.equal(byId.statusCode, 200, byId.body);
    assert.deepEqual(byCode.json(), byId.json());
    assert.equal(byId.json().priority, 4);
    problem(await t.call('GET', '/v1/locations/loc_00000000000000000000000000'), 404, 'LOCATION_NOT_FOUND');
    problem(await t.call('GET', '/v1/locations/NOPE'), 404, 'LOCATION_NOT_FOUND');
  });

  test('the list pages with a cursor: every location once, newest first', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 7; i++) mine.push((await createLocation(t, `LOC-PAGE-${i}`)).id);
    const full = (await t.call('GET', '/v1/locations?limit=500')).json() as { data: { id: string }[]; next_cursor: string | null };
    assert.equal(full.next_cursor, null);
    assert.ok(full.data.length >= 7, `${full.data.length} locations, 7 of them this test's`);
    const { rows: paged, pages } = await allPages<{ id: string }>('/v1/locations', 2);
    assert.deepEqual(paged, full.data);
    assert.equal(pages, Math.ceil(full.data.length / 2));
    const ids = paged.map((l) => l.id);
    assert.deepEqual([...ids].sort().reverse(), ids, 'newest first: ids are time-sortable, so descending id order');
    assert.equal(new Set(ids).size, ids.length, 'no location twice');
    assert.deepEqual(mine.map((id) => ids.filter((x) => x === id).length), [1, 1, 1, 1, 1, 1, 1], 'each of this test’s locations once');
  });

  test('a cursor the API did not issue answers 400', async () => {
    problem(await t.call('GET', '/v1/locations?cursor=not-a-cursor'), 400, 'CURSOR_INVALID');
    problem(await t.call('GET', '/v1/locations?limit=0'), 400, 'REQUEST_INVALID');
    problem(await t.call('GET', '/v1/locations?limit=501'), 400, 'REQUEST_INVALID');
  });

  test('PATCH changes the given fields, by id or by code', async () => {
    const loc = await createLocation(t, 'LOC-PATCH', { name: 'Before', priority: 5 });
    const before = (await t.call('GET', `/v1/locations/${loc.id}`)).json();
    const res = await t.call('PATCH', `/v1/locations/${loc.id}`, { name: 'After', priority: 9, ships_to_customers: false, address });
    assert.equal(res.statusCode, 200, res.body);
    const changed = res.json();
    assert.deepEqual(
      { ...changed, updated_at: undefined },
      { ...before, name: 'After', priority: 9, ships_to_customers: false, address, latitude: changed.latitude, longitude: changed.longitude, time_zone: 'America/Los_Angeles', updated_at: undefined },
    );
    // The new address moved the location to its ZIP's centroid.
    assert.ok(before.latitude === null && Math.abs(changed.latitude - 39.5) < 0.2, `${before.latitude} → ${changed.latitude}`);
    assert.ok(changed.updated_at >= before.updated_at, `updated_at ${before.updated_at} → ${changed.updated_at}`);
    const byCode = await t.call('PATCH', '/v1/locations/LOC-PATCH', { active: false });
    assert.equal(byCode.statusCode, 200, byCode.body);
    assert.equal(byCode.json().active, false);
    assert.equal(byCode.json().name, 'After');
    assert.deepEqual((await t.call('GET', `/v1/locations/${loc.id}`)).json(), byCode.json());
  });

  test('PATCH cannot change the code (an unknown field: 400) nor take an empty body', async () => {
    const loc = await createLocation(t, 'LOC-FIXED');
    const res = problem(await t.call('PATCH', `/v1/locations/${loc.id}`, { code: 'LOC-MOVED' }), 400, 'REQUEST_INVALID');
    assert.ok(res.errors?.some((e) => e.field === 'code'), JSON.stringify(res.errors));
    problem(await t.call('PATCH', `/v1/locations/${loc.id}`, { code: 'LOC-MOVED', name: 'also renamed' }), 400, 'REQUEST_INVALID');
    problem(await t.call('PATCH', `/v1/locations/${loc.id}`, {}), 400, 'REQUEST_INVALID');
    problem(await t.call('PATCH', `/v1/locations/${loc.id}`, { type: 'garage' }), 400, 'REQUEST_INVALID');
    const now = (await t.call('GET', `/v1/locations/${loc.id}`)).json();
    assert.equal(now.code, 'LOC-FIXED');
    assert.equal(now.name, 'Location LOC-FIXED');
    problem(await t.call('GET', '/v1/locations/LOC-MOVED'), 404, 'LOCATION_NOT_FOUND');
    problem(await t.call('PATCH', '/v1/locations/loc_00000000000000000000000000', { name: 'x' }), 404, 'LOCATION_NOT_FOUND');
  });
});

describe('products', () => {
  const body = { name: 'Linen shirt', price: '49.90', currency: 'EUR', weight_grams: 320, dimensions_mm: { length: 300, width: 200, height: 30 }, backorderable: true, low_stock_threshold: 4, gtin: '4006381333931', hs_code: '620520', country_of_origin: 'PT', customs_description: 'Men’s linen shirt' };

  test('PUT creates (201), the same body again answers 200 and changes nothing', async () => {
    const created = await t.call('PUT', '/v1/products/SHIRT-L', body);
    assert.equal(created.statusCode, 201, created.body);
    const view = created.json();
    const { created_at: _c, updated_at: _u, ...fields } = view;
    assert.deepEqual(fields, { sku: 'SHIRT-L', ...body, kit: false, components: [] });
    const again = await t.call('PUT', '/v1/products/SHIRT-L', body);
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), view, 'repeating the same PUT changed the product');
    assert.deepEqual((await t.call('GET', '/v1/products/SHIRT-L')).json(), view);
  });

  test('PUT replaces the whole product: omitted optional fields return to their defaults', async () => {
    await t.call('PUT', '/v1/products/SHIRT-M', body);
    const res = await t.call('PUT', '/v1/products/SHIRT-M', { name: 'Linen shirt M', price: '50', currency: 'EUR' });
    assert.equal(res.statusCode, 200, res.body);
    const p = res.json();
    assert.deepEqual(
      [p.name, p.price, p.weight_grams, p.dimensions_mm, p.backorderable, p.low_stock_threshold, p.gtin, p.hs_code, p.country_of_origin, p.customs_description],
      ['Linen shirt M', '50.00', null, null, false, 0, null, null, null, null],
    );
  });

  test('GET answers the product; an unknown SKU answers 404', async () => {
    await createProduct(t, 'GET-ME', { price: '3.5' });
    const res = await t.call('GET', '/v1/products/GET-ME');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().price, '3.50');
    problem(await t.call('GET', '/v1/products/NOT-THERE'), 404, 'PRODUCT_NOT_FOUND');
  });

  test('prices round-trip in the currency’s own decimals', async () => {
    const jpy = await t.call('PUT', '/v1/products/YEN-1', { name: 'Yen item', price: '500', currency: 'JPY' });
    assert.equal(jpy.statusCode, 201, jpy.body);
    assert.equal(jpy.json().price, '500');
    assert.equal((await t.call('GET', '/v1/products/YEN-1')).json().price, '500');
    const kwd = await t.call('PUT', '/v1/products/KWD-1', { name: 'Dinar item', price: '1.250', currency: 'KWD' });
    assert.equal(kwd.statusCode, 201, kwd.body);
    assert.equal(kwd.json().price, '1.250');
    problem(await t.call('PUT', '/v1/products/YEN-2', { name: 'Yen item', price: '500.5', currency: 'JPY' }), 422, 'MONEY_INVALID');
    problem(await t.call('PUT', '/v1/products/USD-3', { name: 'x', price: '19.999', currency: 'USD' }), 422, 'MONEY_INVALID');
    problem(await t.call('PUT', '/v1/products/USD-4', { name: 'x', price: '-1.00', currency: 'USD' }), 422, 'MONEY_INVALID');
    problem(await t.call('PUT', '/v1/products/USD-5', { name: 'x', price: '1e3', currency: 'USD' }), 422, 'MONEY_INVALID');
    problem(await t.call('PUT', '/v1/products/XXX-1', { name: 'x', price: '1.00', currency: 'ABC' }), 422, 'CURRENCY_UNKNOWN');
    problem(await t.call('GET', '/v1/products/YEN-2'), 404, 'PRODUCT_NOT_FOUND');
  });

  test('gtin: a GTIN-8, -12, -13 or -14 with its check digit, or null', async () => {
    for (const gtin of ['12345670', '012345678905', '00012345600012']) {
      const res = await t.call('PUT', `/v1/products/GTIN-${gtin.length}`, { name: 'g', price: '1.00', currency: 'USD', gtin });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().gtin, gtin);
    }
    const cleared = await t.call('PUT', '/v1/products/GTIN-8', { name: 'g', price: '1.00', currency: 'USD', gtin: null });
    assert.equal(cleared.json().gtin, null);
    problem(await t.call('PUT', '/v1/products/GTIN-BAD', { name: 'g', price: '1.00', currency: 'USD', gtin: '4006381333932' }), 422, 'PRODUCT_GTIN_INVALID');
    for (const gtin of ['1234567', '123456789', '123456789012345', '12345abc', ' 12345678']) {
      const res = problem(await t.call('PUT', '/v1/products/GTIN-BAD', { name: 'g', price: '1.00', currency: 'USD', gtin }), 400, 'REQUEST_INVALID');
      assert.equal(res.errors?.[0]?.field, 'gtin');
    }
  });

  test('PUT refuses bodies that do not match the schema', async () => {
    problem(await t.call('PUT', '/v1/products/BAD-1', { name: 'x', price: '1.00' }), 400, 'REQUEST_INVALID');
    problem(await t.call('PUT', '/v1/products/BAD-1', { name: 'x', price: '1.00', currency: 'usd' }), 400, 'REQUEST_INVALID');
    problem(await t.call('PUT', '/v1/products/BAD-1', { name: 'x', price: '1.00', currency: 'USD', colour: 'red' }), 400, 'REQUEST_INVALID');
    problem(await t.call('PUT', '/v1/products/BAD-1', { name: 'x', price: '1.00', currency: 'USD', dimensions_mm: { length: 0, width: 1, height: 1 } }), 400, 'REQUEST_INVALID');
    problem(await t.call('GET', '/v1/products/BAD-1'), 404, 'PRODUCT_NOT_FOUND');
  });

  test('the list pages by SKU with a cursor', async () => {
    for (const sku of ['PAGE-A', 'PAGE-B', 'PAGE-C', 'PAGE-D', 'PAGE-E']) await createProduct(t, sku);
    const full = (await t.call('GET', '/v1/products?limit=500')).json() as { data: { sku: string }[]; next_cursor: string | null };
    assert.equal(full.next_cursor, null);
    const { rows: paged } = await allPages<{ sku: string }>('/v1/products', 3);
    assert.deepEqual(paged, full.data);
    const skus = paged.map((p) => p.sku);
    assert.deepEqual([...skus].sort(), skus);
    assert.ok(['PAGE-A', 'PAGE-B', 'PAGE-C', 'PAGE-D', 'PAGE-E'].every((s) => skus.includes(s)), `this test's SKUs listed: ${skus.join(',')}`);
    problem(await t.call('GET', '/v1/products?cursor=%%%'), 400, 'CURSOR_INVALID');
  });
});

describe('inventory', () => {
  before(async () => {
    await createLocation(t, 'INV-WH', { priority: 1 });
    await createLocation(t, 'INV-STORE', { type: 'store', ships_to_customers: false });
    await createLocation(t, 'INV-CLOSED', { active: false });
  });

  test('available to promise counts only active locations that ship to customers', async () => {
    await createProduct(t, 'INV-A');
    await adjust(t, 'INV-A', 'INV-WH', 10);
    await adjust(t, 'INV-A', 'INV-STORE', 5);
    await adjust(t, 'INV-A', 'INV-CLOSED', 7);
    const stock = await stockOf(t, 'INV-A');
    assert.equal(stock.available_to_promise, 10, 'INV-WH only');
    assert.deepEqual(stock.locations, [
      { location: 'INV-CLOSED', on_hand: 7, reserved: 0, available: 7 },
      { location: 'INV-STORE', on_hand: 5, reserved: 0, available: 5 },
      { location: 'INV-WH', on_hand: 10, reserved: 0, available: 10 },
    ]);
    // Reactivating the closed location brings its stock back into the promise.
    assert.equal((await t.call('PATCH', '/v1/locations/INV-CLOSED', { active: true })).statusCode, 200);
    assert.equal((await stockOf(t, 'INV-A')).available_to_promise, 17, 'INV-WH and the reactivated INV-CLOSED');
    assert.equal((await t.call('PATCH', '/v1/locations/INV-CLOSED', { active: false })).statusCode, 200);
    assert.equal((await stockOf(t, 'INV-A')).available_to_promise, 10, 'INV-WH only again');
  });

  test('a SKU with no stock answers zero, not 404', async () => {
    assert.deepEqual(await stockOf(t, 'INV-NEVER-STOCKED'), { sku: 'INV-NEVER-STOCKED', available_to_promise: 0, kit: false, locations: [] });
  });

  test('GET /v1/inventory filters by SKU and by location (code or id) and pages', async () => {
    await createProduct(t, 'INV-B');
    await createProduct(t, 'INV-C');
    await adjust(t, 'INV-C', 'INV-WH', 1);
    await adjust(t, 'INV-B', 'INV-WH', 2);
    await adjust(t, 'INV-B', 'INV-STORE', 3);
    const bySku = (await t.call('GET', '/v1/inventory?sku=INV-B')).json();
    assert.deepEqual(bySku.data.map((r: { location: string; on_hand: number; available: number }) => [r.location, r.on_hand, r.available]).sort(), [['INV-STORE', 3, 3], ['INV-WH', 2, 2]]);
    const whId = (await t.call('GET', '/v1/locations/INV-WH')).json().id as string;
    const byCode = (await t.call('GET', '/v1/inventory?location=INV-WH&limit=500')).json();
    const byId = (await t.call('GET', `/v1/inventory?location=${whId}&limit=500`)).json();
    assert.deepEqual(byId, byCode);
    const atWh = byCode.data as { sku: string; location: string; location_id: string }[];
    assert.ok(['INV-B', 'INV-C'].every((sku) => atWh.some((r) => r.sku === sku)), `INV-B and INV-C listed at INV-WH: ${JSON.stringify(atWh)}`);
    assert.ok(atWh.every((r) => r.location === 'INV-WH' && r.location_id === whId), `only INV-WH rows: ${JSON.stringify(atWh)}`);
    const both = (await t.call('GET', '/v1/inventory?sku=INV-B&location=INV-STORE')).json();
    assert.deepEqual(both.data.map((r: { sku: string; location: string; reserved: number }) => [r.sku, r.location, r.reserved]), [['INV-B', 'INV-STORE', 0]]);
    problem(await t.call('GET', '/v1/inventory?location=NO-SUCH-LOC'), 422, 'LOCATION_UNKNOWN');

    const full = (await t.call('GET', '/v1/inventory?limit=500')).json() as { data: { sku: string; location_id: string }[] };
    const { rows: paged } = await allPages<{ sku: string; location_id: string }>('/v1/inventory', 2);
    assert.deepEqual(paged, full.data);
    const keys = paged.map((r) => `${r.sku}\u0000${r.location_id}`);
    assert.equal(new Set(keys).size, keys.length, 'no stock row twice');
    problem(await t.call('GET', '/v1/inventory?cursor=abc'), 400, 'CURSOR_INVALID');
  });

  test('GET /v1/inventory?sku_prefix= lists the SKUs that start with it, and pages', async () => {
    for (const sku of ['PFX-A', 'PFX-B', 'PFX-C', 'PFXZ', 'APFX-A']) {
      await createProduct(t, sku);
      await adjust(t, sku, 'INV-WH', 1);
    }
    const skus = async (query: string) => ((await t.call('GET', `/v1/inventory?${query}`)).json().data as { sku: string }[]).map((r) => r.sku);
    assert.deepEqual(await skus('sku_prefix=PFX-&limit=500'), ['PFX-A', 'PFX-B', 'PFX-C'], 'only SKUs starting with the prefix, not those containing it');
    const first = (await t.call('GET', '/v1/inventory?sku_prefix=PFX-&limit=2')).json() as { data: { sku: string }[]; next_cursor: string };
    assert.deepEqual(first.data.map((r) => r.sku), ['PFX-A', 'PFX-B']);
    assert.deepEqual(await skus(`sku_prefix=PFX-&limit=2&cursor=${first.next_cursor}`), ['PFX-C']);
    assert.deepEqual(await skus("sku_prefix=PFX%25"), [], 'a % is a character, not a wildcard');
    problem(await t.call('GET', '/v1/inventory?sku_prefix='), 400, 'REQUEST_INVALID');
  });

  test('a single adjustment answers the new level and writes one ledger row', async () => {
    await createProduct(t, 'INV-ONE');
    const res = await t.call('POST', '/v1/inventory/adjustments', { sku: 'INV-ONE', location: 'INV-WH', delta: 12, reason: 'received', reference: 'PO-77' });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json(), { adjustments: [{ sku: 'INV-ONE', location: 'INV-WH', delta: 12, on_hand: 12, reserved: 0, available: 12 }], backorders_allocated: 0 });
    const ledger = await rows<{ delta: number; on_hand_after: number; reason: string; reference: string }>(
      sql`select delta, on_hand_after, reason, reference from inventory_movements where sku = 'INV-ONE' order by id`,
    );
    assert.deepEqual(ledger.map((r) => ({ ...r })), [{ delta: 12, on_hand_after: 12, reason: 'received', reference: 'PO-77' }]);
  });

  test('a batch reports the ledger level after each adjustment, in request order', async () => {
    await createProduct(t, 'INV-LEDGER');
    const res = await t.call('POST', '/v1/inventory/adjustments', {
      adjustments: [
        { sku: 'INV-LEDGER', location: 'INV-WH', delta: 5, reason: 'received' },
        { sku: 'INV-LEDGER', location: 'INV-STORE', delta: 4, reason: 'received' },
        { sku: 'INV-LEDGER', location: 'INV-WH', delta: -2, reason: 'damaged' },
        { sku: 'INV-LEDGER', location: 'INV-WH', delta: 3, reason: 'found' },
      ],
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().adjustments.map((a: { location: string; delta: number; on_hand: number }) => [a.location, a.delta, a.on_hand]), [
      ['INV-WH', 5, 5],
      ['INV-STORE', 4, 4],
      ['INV-WH', -2, 3],
      ['INV-WH', 3, 6],
    ]);
    const whId = (await t.call('GET', '/v1/locations/INV-WH')).json().id as string;
    const ledger = await rows<{ delta: number; on_hand_after: number }>(sql`select delta, on_hand_after from inventory_movements where sku = 'INV-LEDGER' and location_id = ${whId} order by id`);
    assert.deepEqual(ledger.map((r) => [r.delta, r.on_hand_after]), [[5, 5], [-2, 3], [3, 6]]);
    // The stock level is the sum of its ledger.
    const sums = await rows<{ location: string; total: string | number }>(
      sql`select location_id as location, sum(delta) as total from inventory_movements where sku = 'INV-LEDGER' group by location_id`,
    );
    const stock = (await t.call('GET', '/v1/inventory?sku=INV-LEDGER')).json().data as { location_id: string; on_hand: number }[];
    assert.deepEqual(stock.map((s) => [s.location_id, s.on_hand]).sort(), sums.map((s) => [s.location, Number(s.total)]).sort());
  });

  test('a batch with one bad item changes nothing', async () => {
    await createProduct(t, 'INV-ATOMIC');
    await adjust(t, 'INV-ATOMIC', 'INV-WH', 3);
    const snapshot = async () => ({
      stock: (await t.call('GET', '/v1/inventory?limit=500')).json(),
      movements: (await rows<{ n: string | number }>(sql`select count(*) as n from inventory_movements`))[0]?.n,
      events: (await rows<{ n: string | number }>(sql`select count(*) as n from events`))[0]?.n,
    });
    const before = await snapshot();
    const good = { sku: 'INV-ATOMIC', location: 'INV-WH', delta: 10, reason: 'received' };
    const badItems: [Record<string, unknown>, number, string, string][] = [
      [{ sku: 'INV-NOPE', location: 'INV-WH', delta: 1, reason: 'received' }, 422, 'PRODUCT_UNKNOWN_SKU', 'adjustments[1].sku'],
      [{ sku: 'INV-ATOMIC', location: 'NO-SUCH-LOC', delta: 1, reason: 'received' }, 422, 'LOCATION_UNKNOWN', 'adjustments[1].location'],
      [{ sku: 'INV-ATOMIC', location: 'INV-STORE', delta: -1, reason: 'lost' }, 409, 'INVENTORY_BELOW_RESERVED', ''],
      [{ sku: 'INV-ATOMIC', location: 'INV-WH', delta: -14, reason: 'lost' }, 409, 'INVENTORY_BELOW_RESERVED', ''],
      [{ sku: 'INV-ATOMIC', location: 'INV-WH', delta: 0, reason: 'lost' }, 400, 'REQUEST_INVALID', ''],
      [{ sku: 'INV-ATOMIC', location: 'INV-WH', delta: 1, reason: 'gift' }, 400, 'REQUEST_INVALID', ''],
      [{ sku: 'INV-ATOMIC', location: 'INV-WH', delta: 1.5, reason: 'found' }, 400, 'REQUEST_INVALID', ''],
    ];
    for (const [bad, status, code, field] of badItems) {
      const res = problem(await t.call('POST', '/v1/inventory/adjustments', { adjustments: [good, bad] }), status, code);
      if (field) assert.ok(res.errors?.some((e) => e.field === field), JSON.stringify(res.errors));
    }
    assert.deepEqual(await snapshot(), before);
  });

  test('a decrease that leaves enough stock succeeds', async () => {
    await createProduct(t, 'INV-DOWN');
    await adjust(t, 'INV-DOWN', 'INV-WH', 10);
    const res = await t.call('POST', '/v1/inventory/adjustments', { sku: 'INV-DOWN', location: 'INV-WH', delta: -1, reason: 'damaged' });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().adjustments, [{ sku: 'INV-DOWN', location: 'INV-WH', delta: -1, on_hand: 9, reserved: 0, available: 9 }]);
    assert.equal((await stockOf(t, 'INV-DOWN')).available_to_promise, 9);
  });

  test('on hand never falls below what is reserved', async () => {
    await createProduct(t, 'INV-RES');
    await adjust(t, 'INV-RES', 'INV-WH', 5);
    const order = await t.call('POST', '/v1/orders', orderBody([{ sku: 'INV-RES', quantity: 3 }]));
    assert.equal(order.statusCode, 201, order.body);
    problem(await t.call('POST', '/v1/inventory/adjustments', { sku: 'INV-RES', location: 'INV-WH', delta: -3, reason: 'lost' }), 409, 'INVENTORY_BELOW_RESERVED');
    const ok = await t.call('POST', '/v1/inventory/adjustments', { sku: 'INV-RES', location: 'INV-WH', delta: -2, reason: 'lost' });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(ok.json().adjustments[0], { sku: 'INV-RES', location: 'INV-WH', delta: -2, on_hand: 3, reserved: 3, available: 0 });
  });

  test('reservations by orders fire low_stock once at the threshold and out_of_stock at zero', async () => {
    await createProduct(t, 'INV-ALERT-O', { low_stock_threshold: 5 });
    await adjust(t, 'INV-ALERT-O', 'INV-WH', 10);
    const alerts = async () =>
      (await rows<{ type: string; data: { available: number; threshold: number } }>(
        sql`select type, data from events where type in ('inventory.low_stock', 'inventory.out_of_stock') and data->>'sku' = 'INV-ALERT-O' order by seq`,
      )).map((r) => [r.type, r.data.available, r.data.threshold]);
    const order = async (quantity: number) => {
      const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'INV-ALERT-O', quantity }]));
      assert.equal(res.statusCode, 201, res.body);
    };
    await order(4); // 6
    assert.deepEqual(await alerts(), []);
    await order(1); // 5: at the threshold
    assert.deepEqual(await alerts(), [['inventory.low_stock', 5, 5]]);
    await order(1); // 4: still low
    assert.deepEqual(await alerts(), [['inventory.low_stock', 5, 5]]);
    await order(4); // 0
    assert.deepEqual(await alerts(), [['inventory.low_stock', 5, 5], ['inventory.out_of_stock', 0, 5]]);
  });

  test('adjustments fire low_stock once when available crosses the threshold, out_of_stock when it reaches zero', async () => {
    await createProduct(t, 'INV-ALERT', { low_stock_threshold: 5 });
    const alerts = async () =>
      (await rows<{ type: string; data: { available: number; threshold: number } }>(
        sql`select type, data from events where type in ('inventory.low_stock', 'inventory.out_of_stock') and data->>'sku' = 'INV-ALERT' order by seq`,
      )).map((r) => [r.type, r.data.available, r.data.threshold]);
    await adjust(t, 'INV-ALERT', 'INV-WH', 10);
    assert.deepEqual(await alerts(), []);
    await adjust(t, 'INV-ALERT', 'INV-WH', -4); // 6: still above
    assert.deepEqual(await alerts(), []);
    await adjust(t, 'INV-ALERT', 'INV-WH', -1); // 5: at the threshold
    assert.deepEqual(await alerts(), [['inventory.low_stock', 5, 5]]);
    await adjust(t, 'INV-ALERT', 'INV-WH', -2); // 3: still low, no second alert
    assert.deepEqual(await alerts(), [['inventory.low_stock', 5, 5]]);
    // A reservation that empties the location is a crossing too.
    const order = await t.call('POST', '/v1/orders', orderBody([{ sku: 'INV-ALERT', quantity: 3 }]));
    assert.equal(order.statusCode, 201, order.body);
    assert.deepEqual(await alerts(), [['inventory.low_stock', 5, 5], ['inventory.out_of_stock', 0, 5]]);
    // Refilled and emptied again: a new crossing, a new alert.
    await adjust(t, 'INV-ALERT', 'INV-WH', 20); // available 20
    await adjust(t, 'INV-ALERT', 'INV-WH', -20); // available 0 in one step: out of stock only
    assert.deepEqual(await alerts(), [['inventory.low_stock', 5, 5], ['inventory.out_of_stock', 0, 5], ['inventory.out_of_stock', 0, 5]]);
  });
});

describe('settings', () => {
  test('GET answers the defaults; PATCH changes them; bad bodies answer 400', async () => {
    // A tenant of its own: settings are tenant-wide, and this test starts from the defaults.
    const { key } = await createTenant(t);
    const call = (method: 'GET' | 'PATCH', body?: unknown) => t.call(method, '/v1/settings', body, { key });
    const others = { fulfillment_release: 'immediate', release_waves: [], accounting_accounts: {}, location_keys_may_buy_labels: false, price_signal_percent: 50, fraud_screening: true, notification_locale: 'en', notification_test_recipients: [], portal_slug: null, portal_logo_url: null, portal_brand_colour: '#1f6feb' };
    assert.deepEqual((await call('GET')).json(), { ...others, accept_unfillable_orders_on_hold: false });
    const res = await call('PATCH', { accept_unfillable_orders_on_hold: true });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { ...others, accept_unfillable_orders_on_hold: true });
    assert.deepEqual((await call('GET')).json(), { ...others, accept_unfillable_orders_on_hold: true });
    problem(await call('PATCH', {}), 400, 'REQUEST_INVALID');
    problem(await call('PATCH', { accept_unfillable_orders_on_hold: 'yes' }), 400, 'REQUEST_INVALID');
    problem(await call('PATCH', { something_else: true }), 400, 'REQUEST_INVALID');
    problem(await call('PATCH', { price_signal_percent: 0 }), 400, 'REQUEST_INVALID');
    assert.deepEqual((await call('GET')).json(), { ...others, accept_unfillable_orders_on_hold: true });
    assert.equal((await call('PATCH', { accept_unfillable_orders_on_hold: false })).statusCode, 200);
    assert.deepEqual((await call('GET')).json(), { ...others, accept_unfillable_orders_on_hold: false });
  });
});

describe('operations', () => {
  test('GET /ready answers 200 with the kind of database', async () => {
    const res = await t.call('GET', '/ready', undefined, { key: null });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { status: 'ready', database: isPostgres() ? 'postgres' : 'pglite' });
    assert.deepEqual((await t.call('GET', '/health', undefined, { key: null })).json(), { status: 'ok' });
  });

  test('GET /openapi.json is OpenAPI 3.1 and documents the order capture body', async () => {
    const res = await t.call('GET', '/openapi.json', undefined, { key: null });
    assert.equal(res.statusCode, 200, res.body);
    const doc = res.json();
    assert.match(doc.openapi, /^3\.1\./);
    const post = doc.paths['/v1/orders']?.post;
    assert.ok(post, 'POST /v1/orders is documented');
    const schema = post.requestBody?.content?.['application/json']?.schema;
    assert.equal(schema?.type, 'object');
    assert.ok(['channel', 'currency', 'lines'].every((f) => schema.required.includes(f)), JSON.stringify(schema.required));
    assert.ok(schema.properties.lines, 'lines is a documented property');
    assert.ok(post.responses['201'], 'the 201 response is documented');
  });
});
