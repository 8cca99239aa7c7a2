import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { expectRefusedWithoutWrites, type BadRequestCase } from '../support/bad-input.js';
import { adjust, createLocation, createProduct, orderBody, type OrderJson } from '../support/factories.js';

interface PackagesJson {
  packages: { id: string; box: string; weight_grams: number; dimensions_mm: { length: number; width: number; height: number }; lines: { sku: string; quantity: number }[] }[];
}

let t: TestApp;
let seq = 0;
const fresh = (p: string) => `${p}-${++seq}`;

before(async () => {
  t = await buildTestApp();
  // The tenant's box catalogue, shared by the tests below.
  for (const [code, l, w, h, max, tare, cost] of [
    ['SMALL', 200, 150, 100, 3000, 100, '0.50'],
    ['MEDIUM', 400, 300, 200, 10000, 300, '1.10'],
    ['LARGE', 600, 400, 400, 20000, 600, '2.00'],
  ] as const) {
    const res = await t.call('PUT', `/v1/boxes/${code}`, { inner_mm: { length: l, width: w, height: h }, max_weight_grams: max, tare_grams: tare, cost });
    assert.equal(res.statusCode, 201, res.body);
  }
});
after(() => t.close());

/** A location holding new SKUs of the given sizes; an order of them; its one fulfillment order. */
async function orderOf(items: { dims?: [number, number, number] | null; weight?: number | null; quantity: number }[]) {
  const location = fresh('WH');
  await createLocation(t, location);
  const skus: string[] = [];
  for (const item of items) {
    const sku = fresh('SKU');
    const dims = item.dims === undefined ? [100, 100, 50] : item.dims;
    await createProduct(t, sku, {
      dimensions_mm: dims ? { length: dims[0], width: dims[1], height: dims[2] } : null,
      weight_grams: item.weight === undefined ? 200 : item.weight,
    });
    await adjust(t, sku, location, 20);
    skus.push(sku);
  }
  const placed = await t.call('POST', '/v1/orders', orderBody(items.map((item, i) => ({ sku: skus[i] as string, quantity: item.quantity }))));
  assert.equal(placed.statusCode, 201, placed.body);
  const order = placed.json() as OrderJson;
  const fos = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string; status: string }[];
  assert.equal(fos.length, 1);
  return { location, skus, fo: fos[0] as { id: string; status: string } };
}

async function statusOf(foId: string): Promise<string> {
  return (await t.call('GET', `/v1/fulfillment-orders/${foId}`)).json().status as string;
}

async function eventsOf(foId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return queryRows(t.database.db, sql`select type, data from events where aggregate_id = ${foId} order by id`);
}

describe('boxes', () => {
  test('PUT creates then replaces; GET lists and reads; DELETE removes', async () => {
    const code = fresh('BOX');
    const body = { inner_mm: { length: 300, width: 200, height: 100 }, max_weight_grams: 5000, tare_grams: 150, cost: '0.75' };
    const created = await t.call('PUT', `/v1/boxes/${code}`, body);
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual({ ...(created.json() as Record<string, unknown>), created_at: undefined, updated_at: undefined }, { code, ...body, currency: 'USD', created_at: undefined, updated_at: undefined });
    const replaced = await t.call('PUT', `/v1/boxes/${code}`, { ...body, cost: '100', currency: 'JPY' });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.deepEqual([replaced.json().cost, replaced.json().currency], ['100', 'JPY']);
    const listed = await t.call('GET', '/v1/boxes?limit=500');
    assert.ok((listed.json().data as { code: string }[]).some((b) => b.code === code), `box ${code} is listed: ${listed.body}`);
    assert.equal((await t.call('GET', `/v1/boxes/${code}`)).json().tare_grams, 150);
    const gone = await t.call('DELETE', `/v1/boxes/${code}`);
    assert.equal(gone.statusCode, 204, gone.body);
    const missing = await t.call('GET', `/v1/boxes/${code}`);
    assert.equal(missing.statusCode, 404, missing.body);
    assert.equal(missing.json().code, 'FULFILLMENT_BOX_NOT_FOUND');
    assert.equal((await t.call('DELETE', `/v1/boxes/${code}`)).statusCode, 404);
  });

  test('bad boxes are refused and change nothing', async () => {
    const url = `/v1/boxes/${fresh('BAD')}`;
    const ok = { inner_mm: { length: 300, width: 200, height: 100 }, max_weight_grams: 5000, tare_grams: 150 };
    const cases: BadRequestCase[] = [
      { name: 'tare not under max weight', body: { ...ok, tare_grams: 5000 }, status: 400, code: 'REQUEST_INVALID', field: 'tare_grams' },
      { name: 'zero length', body: { ...ok, inner_mm: { length: 0, width: 200, height: 100 } }, status: 400, field: 'inner_mm.length' },
      { name: 'missing height', body: { ...ok, inner_mm: { length: 300, width: 200 } }, status: 400 },
      { name: 'cost with too many decimals', body: { ...ok, cost: '1.255' }, status: 422, code: 'MONEY_INVALID', field: 'cost' },
      { name: 'cost not a number', body: { ...ok, cost: 'cheap' }, status: 422, field: 'cost' },
      { name: 'unknown currency', body: { ...ok, cost: '1', currency: 'XXY' }, status: 422, code: 'CURRENCY_UNKNOWN', field: 'currency' },
      { name: 'unknown field', body: { ...ok, colour: 'brown' }, status: 400 },
      { name: 'bad code', url: '/v1/boxes/%20x', body: ok, status: 400 },
    ];
    for (const c of cases) await expectRefusedWithoutWrites(t, c, { method: 'PUT', url });
  });
});

describe('packing', () => {
  test('cartonizes automatically into the cheapest box that holds everything; the order becomes packed', async () => {
    const { skus, fo } = await orderOf([{ dims: [100, 100, 50], weight: 300, quantity: 2 }, { dims: [150, 100, 40], weight: 250, quantity: 1 }]);
    const res = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
    assert.equal(res.statusCode, 200, res.body);
    const { packages } = res.json() as PackagesJson;
    assert.equal(packages.length, 1);
    assert.equal(packages[0]?.box, 'SMALL');
    assert.equal(packages[0]?.weight_grams, 100 + 2 * 300 + 250);
    assert.deepEqual(packages[0]?.dimensions_mm, { length: 200, width: 150, height: 100 });
    assert.deepEqual(packages[0]?.lines, skus.map((sku, i) => ({ sku, quantity: i === 0 ? 2 : 1 })).sort((a, b) => (a.sku < b.sku ? -1 : 1)));
    assert.equal(await statusOf(fo.id), 'packed');
    assert.deepEqual((await t.call('GET', `/v1/fulfillment-orders/${fo.id}/packages`)).json(), { packages });
    assert.deepEqual((await eventsOf(fo.id)).map((e) => e.type).slice(-2), ['fulfillment_order.picking', 'fulfillment_order.packed']);
    const again = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().code, 'FULFILLMENT_ILLEGAL_TRANSITION');
  });

  test('heavy orders are split so that no box exceeds its weight limit', async () => {
    const { fo } = await orderOf([{ dims: [100, 100, 100], weight: 4000, quantity: 6 }]);
    const res = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`);
    assert.equal(res.statusCode, 200, res.body);
    const { packages } = res.json() as PackagesJson;
    const limits: Record<string, number> = { SMALL: 3000, MEDIUM: 10000, LARGE: 20000 };
    for (const p of packages) assert.ok(p.weight_grams <= (limits[p.box] ?? 0), JSON.stringify(p));
    assert.equal(packages.reduce((s, p) => s + (p.lines[0]?.quantity ?? 0), 0), 6);
    assert.equal(packages.length, 2, JSON.stringify(packages));
  });

  test('explicit packages are checked: exactly the order’s units, known boxes that they fit', async () => {
    const { skus, fo } = await orderOf([{ dims: [100, 100, 50], weight: 300, quantity: 2 }, { dims: [300, 200, 150], weight: 900, quantity: 1 }]);
    const [a, b] = skus as [string, string];
    const url = `/v1/fulfillment-orders/${fo.id}/pack`;
    const cases: BadRequestCase[] = [
      { name: 'a unit missing', body: { packages: [{ box: 'MEDIUM', lines: [{ sku: a, quantity: 1 }, { sku: b, quantity: 1 }] }] }, status: 422, code: 'FULFILLMENT_PACKAGES_MISMATCH', field: 'packages' },
      { name: 'a SKU not on the order', body: { packages: [{ box: 'MEDIUM', lines: [{ sku: a, quantity: 2 }, { sku: b, quantity: 1 }, { sku: 'OTHER', quantity: 1 }] }] }, status: 422, code: 'FULFILLMENT_PACKAGES_MISMATCH' },
      { name: 'unknown box', body: { packages: [{ box: 'CRATE', lines: [{ sku: a, quantity: 2 }, { sku: b, quantity: 1 }] }] }, status: 422, code: 'FULFILLMENT_BOX_UNKNOWN', field: 'packages[0].box' },
      { name: 'does not fit', body: { packages: [{ box: 'SMALL', lines: [{ sku: b, quantity: 1 }] }, { box: 'SMALL', lines: [{ sku: a, quantity: 2 }] }] }, status: 422, code: 'FULFILLMENT_PACKAGE_DOES_NOT_FIT', field: 'packages[0]' },
      { name: 'empty package', body: { packages: [{ box: 'SMALL', lines: [] }] }, status: 400 },
      { name: 'zero quantity', body: { packages: [{ box: 'SMALL', lines: [{ sku: a, quantity: 0 }] }] }, status: 400 },
      { name: 'unknown fulfillment order', url: '/v1/fulfillment-orders/ful_00000000000000000000000000/pack', body: {}, status: 404, code: 'FULFILLMENT_ORDER_NOT_FOUND' },
    ];
    for (const c of cases) await expectRefusedWithoutWrites(t, c, { method: 'POST', url });
    const res = await t.call('POST', url, { packages: [{ box: 'MEDIUM', lines: [{ sku: b, quantity: 1 }] }, { box: 'SMALL', lines: [{ sku: a, quantity: 2 }] }] });
    assert.equal(res.statusCode, 200, res.body);
    const { packages } = res.json() as PackagesJson;
    assert.deepEqual(packages.map((p) => [p.box, p.weight_grams]), [['MEDIUM', 300 + 900], ['SMALL', 100 + 600]]);
    assert.equal(await statusOf(fo.id), 'packed');
  });

  test('packing verification: a wrong or missing item refuses packing and is recorded; a match passes', async () => {
    const { skus, fo } = await orderOf([{ quantity: 2 }, { quantity: 1 }]);
    const [a, b] = skus as [string, string];
    const url = `/v1/fulfillment-orders/${fo.id}/pack`;
    const before = await queryRows<{ n: string }>(t.database.db, sql`select count(*) as n from packages`);
    const wrong = await t.call('POST', url, { scanned: [{ sku: a, quantity: 1 }, { sku: 'STRAY', quantity: 1 }] });
    assert.equal(wrong.statusCode, 409, wrong.body);
    const problem = wrong.json();
    assert.equal(problem.code, 'PACK_VERIFICATION_FAILED');
    assert.deepEqual(problem.missing, [a, b].sort());
    assert.deepEqual(problem.extra, ['STRAY']);
    assert.equal(await statusOf(fo.id), 'released', 'nothing packed');
    assert.deepEqual(await queryRows(t.database.db, sql`select count(*) as n from packages`), before);
    const failed = (await eventsOf(fo.id)).filter((e) => e.type === 'fulfillment_order.pack_verification_failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.data.passed, false);

    const ok = await t.call('POST', url, { scanned: [{ sku: b, quantity: 1 }, { sku: a, quantity: 1 }, { sku: a, quantity: 1 }] });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(await statusOf(fo.id), 'packed');
    const types = (await eventsOf(fo.id)).map((e) => e.type);
    assert.ok(types.includes('fulfillment_order.pack_verified'), types.join());
  });

  test('packing after a pick list; an Idempotency-Key replays the packages', async () => {
    const { location, fo } = await orderOf([{ quantity: 1 }]);
    const list = await t.call('POST', '/v1/pick-lists', { location });
    assert.equal(list.statusCode, 201, list.body);
    assert.equal(await statusOf(fo.id), 'picking');
    const headers = { 'idempotency-key': fresh('pack') };
    const first = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {}, { headers });
    assert.equal(first.statusCode, 200, first.body);
    const replay = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {}, { headers });
    assert.equal(replay.statusCode, 200, replay.body);
    assert.deepEqual(replay.json(), first.json());
  });

  test('products without size or weight, or too big for every box, are refused naming the SKUs', async () => {
    const noDims = await orderOf([{ dims: null, quantity: 1 }, { quantity: 1 }]);
    await expectRefusedWithoutWrites(t, { name: 'no dimensions', body: {}, status: 409, code: 'FULFILLMENT_PRODUCT_DIMENSIONS_MISSING' }, { method: 'POST', url: `/v1/fulfillment-orders/${noDims.fo.id}/pack` });
    const missing = await t.call('POST', `/v1/fulfillment-orders/${noDims.fo.id}/pack`, {});
    assert.deepEqual(missing.json().skus, [noDims.skus[0]]);
    const noWeight = await orderOf([{ weight: null, quantity: 1 }]);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${noWeight.fo.id}/pack`, {})).json().code, 'FULFILLMENT_PRODUCT_DIMENSIONS_MISSING');

    const huge = await orderOf([{ dims: [1200, 800, 600], quantity: 1 }, { quantity: 1 }]);
    await expectRefusedWithoutWrites(t, { name: 'too big', body: {}, status: 409, code: 'FULFILLMENT_ITEM_TOO_LARGE' }, { method: 'POST', url: `/v1/fulfillment-orders/${huge.fo.id}/pack` });
    const tooBig = await t.call('POST', `/v1/fulfillment-orders/${huge.fo.id}/pack`, {});
    assert.deepEqual(tooBig.json().skus, [huge.skus[0]]);
    assert.match(tooBig.json().detail, new RegExp(huge.skus[0] as string));
    const heavy = await orderOf([{ weight: 25000, quantity: 1 }]);
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${heavy.fo.id}/pack`, {})).json().code, 'FULFILLMENT_ITEM_TOO_LARGE');
    // Explicit packages are taken on the packer's word for a product of unknown size.
    const explicit = await t.call('POST', `/v1/fulfillment-orders/${noDims.fo.id}/pack`, { packages: [{ box: 'MEDIUM', lines: noDims.skus.map((sku) => ({ sku, quantity: 1 })) }] });
    assert.equal(explicit.statusCode, 200, explicit.body);
    assert.equal((explicit.json() as PackagesJson).packages[0]?.weight_grams, 300 + 200);
  });

  test('an order too large to cartonize in one request is refused naming the limit, and nothing is packed', async () => {
    // One unit per LARGE box: 101 units would need 101 packages, one more than a plan may make.
    const location = fresh('WH');
    await createLocation(t, location);
    const sku = fresh('CRATE');
    await createProduct(t, sku, { dimensions_mm: { length: 550, width: 350, height: 350 }, weight_grams: 1000 });
    await adjust(t, sku, location, 101);
    const placed = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 101 }]));
    assert.equal(placed.statusCode, 201, placed.body);
    const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${(placed.json() as OrderJson).id}`)).json().data as { id: string; status: string }[];
    assert.ok(fo, 'the order has a fulfillment order');
    await expectRefusedWithoutWrites(t, { name: 'too many packages', body: {}, status: 422, code: 'FULFILLMENT_PLAN_TOO_LARGE' }, { method: 'POST', url: `/v1/fulfillment-orders/${fo.id}/pack` });
    const refused = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
    const problem = refused.json() as { errors: { field: string; message: string }[]; limit: string; max: number; detail: string };
    assert.deepEqual([problem.errors[0]?.field, problem.limit, problem.max], ['packages', 'packages', 100]);
    assert.match(problem.detail, /more than 100 packages.*Send the parcels yourself/);
    assert.equal(await statusOf(fo.id), fo.status);
  });
});
