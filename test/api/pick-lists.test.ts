// test-files: database server (concurrent requests on a pool of connections never batch a fulfillment order twice)
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { expectRefusedWithoutWrites, type BadRequestCase } from '../support/bad-input.js';
import { createLocation, createProduct, orderBody, stockOf, type OrderJson } from '../support/factories.js';

interface PickListJson {
  id: string;
  location: string;
  mode: string;
  status: string;
  fulfillment_order_ids: string[];
  stops: { bin: string | null; sku: string; quantity: number; picked: number | null }[];
}

interface FoJson {
  id: string;
  location: string;
  status: string;
  lines: { sku: string; quantity: number }[];
}

let t: TestApp;
let seq = 0;
/** Each test uses its own SKUs and locations, so tests do not see each other's work. */
const fresh = (p: string) => `${p}-${++seq}`;

before(async () => {
  t = await buildTestApp({ poolSize: 6 });
});
after(() => t.close());

async function stock(sku: string, location: string, delta: number, bin?: string) {
  const res = await t.call('POST', '/v1/inventory/adjustments', { sku, location, delta, reason: 'received', ...(bin ? { bin } : {}) });
  assert.equal(res.statusCode, 201, res.body);
}

async function place(lines: { sku: string; quantity: number }[]): Promise<OrderJson> {
  const res = await t.call('POST', '/v1/orders', orderBody(lines));
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as OrderJson;
}

async function fosOf(orderId: string): Promise<FoJson[]> {
  const res = await t.call('GET', `/v1/fulfillment-orders?order_id=${orderId}`);
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { data: FoJson[] }).data;
}

async function pickList(body: Record<string, unknown>, headers?: Record<string, string>): Promise<PickListJson> {
  const res = await t.call('POST', '/v1/pick-lists', body, headers ? { headers } : {});
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as PickListJson;
}

/** A location with SKUs in the given bins (10 units each); answers the codes. */
async function warehouse(bins: (string | null)[]) {
  const location = fresh('WH');
  await createLocation(t, location);
  const skus: string[] = [];
  for (const bin of bins) {
    const sku = fresh('SKU');
    await createProduct(t, sku);
    await stock(sku, location, 10, bin ?? undefined);
    skus.push(sku);
  }
  return { location, skus };
}

/** The text a PDF shows: its (Flate) content streams' string operands, decoded. Enough for pdfkit's output. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = raw.indexOf('endstream', start);
    let body: string;
    try {
      body = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // images and fonts
    }
    for (const op of body.matchAll(/\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '') : [op[2] ?? ''];
      parts.push(hexes.map((h) => Buffer.from(h, 'hex').toString('latin1')).join(''));
    }
  }
  return parts.join('\n');
}

describe('creating pick lists', () => {
  test('batches the ready orders, merges lines by SKU and bin, and walks a serpentine path', async () => {
    // Bins: aisle 1 walked up, aisle 2 down, aisle 3 up; one SKU without a bin goes last.
    const { location, skus } = await warehouse(['A-02-1-A', 'A-01-4-A', null, 'A-03-2-B', 'A-02-7-C', 'A-01-1-B']);
    const [s1, s2, s3, s4, s5, s6] = skus as [string, string, string, string, string, string];
    const o1 = await place([{ sku: s1, quantity: 1 }, { sku: s2, quantity: 2 }, { sku: s3, quantity: 1 }]);
    const o2 = await place([{ sku: s1, quantity: 2 }, { sku: s4, quantity: 1 }, { sku: s5, quantity: 1 }, { sku: s6, quantity: 3 }]);
    const fos = [...(await fosOf(o1.id)), ...(await fosOf(o2.id))];
    assert.ok(fos.every((f) => f.status === 'released' && f.location === location), `every fulfillment order released at ${location}: ${JSON.stringify(fos)}`);

    const list = await pickList({ location });
    assert.equal(list.location, location);
    assert.equal(list.status, 'open');
    assert.deepEqual(list.fulfillment_order_ids, fos.map((f) => f.id).sort());
    assert.deepEqual(list.stops, [
      { bin: 'A-01-1-B', sku: s6, quantity: 3, picked: null },
      { bin: 'A-01-4-A', sku: s2, quantity: 2, picked: null },
      { bin: 'A-02-7-C', sku: s5, quantity: 1, picked: null },
      { bin: 'A-02-1-A', sku: s1, quantity: 3, picked: null },
      { bin: 'A-03-2-B', sku: s4, quantity: 1, picked: null },
      { bin: null, sku: s3, quantity: 1, picked: null },
    ]);
    for (const f of [...(await fosOf(o1.id)), ...(await fosOf(o2.id))]) assert.equal(f.status, 'picking');

    const again = await t.call('GET', `/v1/pick-lists/${list.id}`);
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), list);

    const nothing = await t.call('POST', '/v1/pick-lists', { location });
    assert.equal(nothing.statusCode, 409, nothing.body);
    assert.equal(nothing.json().code, 'FULFILLMENT_NOTHING_TO_PICK');
  });

  test('max_orders takes the oldest first; single mode takes one order', async () => {
    const { location, skus } = await warehouse(['B-01-1-A']);
    const sku = skus[0] as string;
    const orders = [];
    for (let i = 0; i < 4; i++) orders.push(await place([{ sku, quantity: 1 }]));
    const ids = [];
    for (const o of orders) ids.push(((await fosOf(o.id))[0] as FoJson).id);
    const first = await pickList({ location, max_orders: 2 });
    assert.deepEqual(first.fulfillment_order_ids, ids.slice(0, 2));
    assert.deepEqual(first.stops, [{ bin: 'B-01-1-A', sku, quantity: 2, picked: null }]);
    const single = await pickList({ location, mode: 'single', max_orders: 5 });
    assert.equal(single.mode, 'single');
    assert.deepEqual(single.fulfillment_order_ids, [ids[2]]);
    // Each fulfillment order names the list it is on (the console links to it); one not batched, none.
    const views = await Promise.all(orders.map(async (o) => (await fosOf(o.id))[0] as FoJson & { pick_list_id: string | null }));
    assert.deepEqual(views.map((f) => f.pick_list_id), [first.id, first.id, single.id, null]);
  });

  test('accepted orders are picked too; an Idempotency-Key replays the same list', async () => {
    const { location, skus } = await warehouse(['C-01-1-A']);
    const o = await place([{ sku: skus[0] as string, quantity: 1 }]);
    const fo = (await fosOf(o.id))[0] as FoJson;
    const accepted = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/accept`, {});
    assert.equal(accepted.statusCode, 200, accepted.body);
    const headers = { 'idempotency-key': fresh('pick-key') };
    const list = await pickList({ location }, headers);
    assert.deepEqual(list.fulfillment_order_ids, [fo.id]);
    const replay = await t.call('POST', '/v1/pick-lists', { location }, { headers });
    assert.equal(replay.statusCode, 201, replay.body);
    assert.equal(replay.json().id, list.id);
  });

  test('concurrent requests never batch the same fulfillment order twice', async () => {
    const { location, skus } = await warehouse(['D-01-1-A', 'D-02-1-A']);
    const foIds: string[] = [];
    for (let i = 0; i < 12; i++) {
      const o = await place([{ sku: skus[i % 2] as string, quantity: 1 }]);
      foIds.push(...(await fosOf(o.id)).map((f) => f.id));
    }
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.call('POST', '/v1/pick-lists', { location, max_orders: 2 })));
    const batched: string[] = [];
    for (const res of answers) {
      assert.ok(res.statusCode === 201 || (res.statusCode === 409 && res.json().code === 'FULFILLMENT_NOTHING_TO_PICK'), res.body);
      if (res.statusCode === 201) batched.push(...(res.json() as PickListJson).fulfillment_order_ids);
    }
    assert.equal(new Set(batched).size, batched.length, 'an order was batched twice');
    assert.ok(batched.length >= 2, `at least two lists were batched: ${batched.length}`);
    // Whatever was not batched is still ready; a last request takes exactly the rest.
    const rest = foIds.filter((id) => !batched.includes(id));
    if (rest.length > 0) assert.deepEqual((await pickList({ location, max_orders: 50 })).fulfillment_order_ids, rest.sort());
  });

  test('a key scoped to another location cannot read the list or its packages; one scoped to this location can', async () => {
    const { location, skus } = await warehouse(['C-01-1-A']);
    const order = await place([{ sku: skus[0] as string, quantity: 1 }]);
    const list = await pickList({ location });
    const other = fresh('OTHER');
    await createLocation(t, other);
    const keyFor = async (code: string) => {
      const res = await t.call('POST', '/v1/api-keys', { name: `scoped ${code}`, role: 'channel', location: code });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().key as string;
    };
    const outsider = await keyFor(other);
    const insider = await keyFor(location);
    const fo = ((await fosOf(order.id))[0] as FoJson).id;
    for (const url of [`/v1/pick-lists/${list.id}`, `/v1/pick-lists/${list.id}.pdf`, `/v1/fulfillment-orders/${fo}/packages`]) {
      assert.equal((await t.call('GET', url, undefined, { key: outsider })).statusCode, 404, url);
      assert.equal((await t.call('GET', url, undefined, { key: insider })).statusCode, 200, url);
    }
  });

  test('bad input is refused and changes nothing', async () => {
    const { location, skus } = await warehouse(['E-01-1-A']);
    await place([{ sku: skus[0] as string, quantity: 1 }]);
    const cases: BadRequestCase[] = [
      { name: 'unknown location', body: { location: 'NOPE' }, status: 422, code: 'LOCATION_UNKNOWN', field: 'location' },
      { name: 'max_orders 0', body: { location, max_orders: 0 }, status: 400, field: 'max_orders' },
      { name: 'unknown mode', body: { location, mode: 'wave' }, status: 400, field: 'mode' },
      { name: 'unknown field', body: { location, zone: 'A' }, status: 400 },
      { name: 'no location', body: {}, status: 400, field: 'location' },
    ];
    for (const c of cases) await expectRefusedWithoutWrites(t, c, { method: 'POST', url: '/v1/pick-lists' });
    const missing = await t.call('GET', '/v1/pick-lists/pkl_00000000000000000000000000');
    assert.equal(missing.statusCode, 404, missing.body);
    assert.equal(missing.json().code, 'FULFILLMENT_PICK_LIST_NOT_FOUND');
  });
});

describe('printing', () => {
  test('the PDF lists every stop in walking order with a barcode per SKU', async () => {
    const { location, skus } = await warehouse(['F-02-1-A', 'F-01-1-A']);
    await place([{ sku: skus[0] as string, quantity: 1 }, { sku: skus[1] as string, quantity: 2 }]);
    const list = await pickList({ location });
    const res = await t.app.inject({ method: 'GET', url: `/v1/pick-lists/${list.id}.pdf`, headers: { authorization: `Bearer ${t.rootKey}` } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const pdf = res.rawPayload;
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.equal((pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length, 1);
    const text = pdfText(pdf);
    assert.ok(text.includes(list.id), text);
    const at = (s: string) => text.indexOf(s);
    assert.ok(at(skus[1] as string) >= 0 && at(skus[0] as string) > at(skus[1] as string), `SKUs in walking order: ${text}`);
    // One barcode image per SKU (an image's alpha channel is a second, soft-mask image).
    const images = (pdf.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length - (pdf.toString('latin1').match(/\/SMask \d+ 0 R/g) ?? []).length;
    assert.equal(images, 2);
    const missing = await t.call('GET', '/v1/pick-lists/pkl_00000000000000000000000000.pdf');
    assert.equal(missing.statusCode, 404, missing.body);
  });

  test('a long list runs over several pages', async () => {
    const bins = Array.from({ length: 18 }, (_, i) => `G-${String(i + 1).padStart(2, '0')}-1-A`);
    const { location, skus } = await warehouse(bins);
    await place(skus.map((sku) => ({ sku, quantity: 1 })));
    const list = await pickList({ location });
    const res = await t.call('GET', `/v1/pick-lists/${list.id}.pdf`);
    assert.equal(res.statusCode, 200, res.body);
    assert.ok((res.rawPayload.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length >= 2, 'the PDF has at least two pages');
    const text = pdfText(res.rawPayload);
    for (const sku of skus) assert.ok(text.includes(sku), `${sku} missing`);
  });
});

describe('confirming picks', () => {
  test('a full pick confirms line by line and completes the list', async () => {
    const { location, skus } = await warehouse(['H-01-1-A', 'H-01-2-A']);
    await place([{ sku: skus[0] as string, quantity: 2 }, { sku: skus[1] as string, quantity: 1 }]);
    const list = await pickList({ location });
    const first = await t.call('POST', `/v1/pick-lists/${list.id}/confirm`, { lines: [{ sku: skus[0], bin: 'H-01-1-A', picked: 2 }] });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().status, 'open');
    assert.deepEqual(first.json().stops.map((s: { picked: number | null }) => s.picked), [2, null]);
    const second = await t.call('POST', `/v1/pick-lists/${list.id}/confirm`, { lines: [{ sku: skus[1], picked: 1 }] });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().status, 'completed');
    assert.equal((await stockOf(t, skus[0] as string)).locations[0]?.on_hand, 10, 'a full pick moves no stock');
  });

  test('a short pick lowers on hand at the location and re-routes the shortfall', async () => {
    const sku = fresh('SKU');
    const wh = fresh('WH');
    const store = fresh('ST');
    await createProduct(t, sku);
    await createLocation(t, wh, { priority: 1 });
    await createLocation(t, store, { priority: 2 });
    await stock(sku, wh, 3, 'J-01-1-A');
    await stock(sku, store, 5);
    const older = await place([{ sku, quantity: 1 }]);
    const newer = await place([{ sku, quantity: 2 }]);
    const list = await pickList({ location: wh });
    assert.deepEqual(list.stops, [{ bin: 'J-01-1-A', sku, quantity: 3, picked: null }]);

    const res = await t.call('POST', `/v1/pick-lists/${list.id}/confirm`, { lines: [{ sku, picked: 1 }] });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'completed');
    // The older order keeps the unit found; the newer one's two units go to the store.
    const olderFos = await fosOf(older.id);
    assert.deepEqual(olderFos.map((f) => [f.location, f.status, f.lines[0]?.quantity]), [[wh, 'picking', 1]]);
    const newerFos = await fosOf(newer.id);
    assert.deepEqual(newerFos.filter((f) => f.status !== 'rejected').map((f) => [f.location, f.status, f.lines[0]?.quantity]), [[store, 'released', 2]]);
    assert.ok(newerFos.some((f) => f.location === wh && f.status === 'rejected'), `a rejected fulfillment order at ${wh}: ${JSON.stringify(newerFos)}`);
    const levels = new Map((await stockOf(t, sku)).locations.map((l) => [l.location, l]));
    assert.deepEqual([levels.get(wh)?.on_hand, levels.get(wh)?.reserved], [1, 1], 'on hand at the warehouse is what was found');
    assert.deepEqual([levels.get(store)?.on_hand, levels.get(store)?.reserved], [5, 2]);
    const ledger = await queryRows<{ delta: number; reason: string }>(
      t.database.db,
      sql`select m.delta, m.reason from inventory_movements m join locations l on l.tenant_id = m.tenant_id and l.id = m.location_id where m.sku = ${sku} and l.code = ${wh} and m.delta < 0`,
    );
    assert.equal(ledger.reduce((s, r) => s + Number(r.delta), 0), -2, JSON.stringify(ledger));
  });

  test('confirming what is not an open stop is refused and changes nothing', async () => {
    const { location, skus } = await warehouse(['K-01-1-A']);
    const sku = skus[0] as string;
    await place([{ sku, quantity: 2 }]);
    const list = await pickList({ location });
    const url = `/v1/pick-lists/${list.id}/confirm`;
    const cases: BadRequestCase[] = [
      { name: 'unknown sku', body: { lines: [{ sku: 'NOPE', picked: 1 }] }, status: 422, code: 'FULFILLMENT_PICK_LINE_UNKNOWN', field: 'lines[0].sku' },
      { name: 'wrong bin', body: { lines: [{ sku, bin: 'Z-09-9-Z', picked: 1 }] }, status: 422, code: 'FULFILLMENT_PICK_LINE_UNKNOWN', field: 'lines[0].sku' },
      { name: 'more than asked', body: { lines: [{ sku, picked: 3 }] }, status: 422, code: 'FULFILLMENT_PICK_LINE_UNKNOWN', field: 'lines[0].picked' },
      { name: 'twice in one request', body: { lines: [{ sku, picked: 2 }, { sku, picked: 2 }] }, status: 422, field: 'lines[1].sku' },
      { name: 'negative', body: { lines: [{ sku, picked: -1 }] }, status: 400, field: 'lines[0].picked' },
      { name: 'no lines', body: { lines: [] }, status: 400, field: 'lines' },
      { name: 'unknown list', url: '/v1/pick-lists/pkl_00000000000000000000000000/confirm', body: { lines: [{ sku, picked: 1 }] }, status: 404, code: 'FULFILLMENT_PICK_LIST_NOT_FOUND' },
    ];
    for (const c of cases) await expectRefusedWithoutWrites(t, c, { method: 'POST', url });
    const ok = await t.call('POST', url, { lines: [{ sku, picked: 2 }] });
    assert.equal(ok.statusCode, 200, ok.body);
    await expectRefusedWithoutWrites(t, { name: 'already confirmed', body: { lines: [{ sku, picked: 2 }] }, status: 422, code: 'FULFILLMENT_PICK_LINE_UNKNOWN', field: 'lines[0].sku' }, { method: 'POST', url });
  });
});
