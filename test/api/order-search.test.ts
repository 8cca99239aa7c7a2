import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { generateTrackingNumber } from '../../src/modules/shipping/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createApiKey, createChannel, createLocation, createProduct, orderBody, uniqueCode } from '../support/factories.js';

// The console's order list and search box (GET /v1/orders). Locations, a box and the sample
// carriers are the file's fixture; each test makes its own SKUs, customers, channels and tags and
// asserts only on them (narrowed by them), so it passes when run alone.

interface OrderView {
  id: string;
  number: number;
  channel: string;
  channel_name: string | null;
  channel_order_name: string | null;
  external_id: string | null;
  status: string;
  tags: string[];
  ship_by: string | null;
  late: boolean;
  units: { ordered: number; allocated: number; backordered: number; shipped: number; cancelled: number };
  totals: { total: string };
  notes: string | null;
  notes_log: { id: string; text: string; actor: string; at: string }[];
}

const ADDRESS = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };

let t: TestApp;
let warehouse: string;

before(async () => {
  t = await buildTestApp();
  warehouse = (await createLocation(t, 'SRCH-WH', { address: ADDRESS, cutoff_time: '23:59' })).code;
  assert.equal((await t.call('PUT', '/v1/boxes/SRCH-BOX', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
});
after(() => t.close());

async function stocked(units = 100, overrides: Record<string, unknown> = {}): Promise<string> {
  const { sku } = await createProduct(t, uniqueCode('SRCH'), { weight_grams: 500, dimensions_mm: { length: 100, width: 100, height: 100 }, ...overrides });
  if (units > 0) await adjust(t, sku, warehouse, units);
  return sku;
}

async function place(lines: { sku: string; quantity: number; unit_price?: string }[], overrides: Record<string, unknown> = {}, key?: string): Promise<OrderView> {
  const res = await t.call('POST', '/v1/orders', orderBody(lines, overrides), key ? { key } : {});
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as OrderView;
}

async function list(query: string, key?: string): Promise<{ data: OrderView[]; next_cursor: string | null }> {
  const res = await t.call('GET', `/v1/orders?${query}`, undefined, key ? { key } : {});
  assert.equal(res.statusCode, 200, `${query}: ${res.body}`);
  return res.json() as { data: OrderView[]; next_cursor: string | null };
}

const ids = (r: { data: OrderView[] }) => r.data.map((o) => o.id);
const q = (text: string) => `q=${encodeURIComponent(text)}`;

describe('each order carries what a list row shows', () => {
  test('number, channel order name, channel name, units, ship-by and late', async () => {
    const sku = await stocked(3, { backorderable: true });
    const channel = await createChannel(t, 'api');
    const a = await place([{ sku, quantity: 2 }], { channel: channel.id, channel_order_name: '#5001' });
    const b = await place([{ sku, quantity: 4 }], { channel: channel.id }, undefined);
    assert.ok(Number.isInteger(a.number) && a.number > 0, `a number: ${a.number}`);
    assert.ok(b.number > a.number, 'numbers grow with captures');
    assert.equal(a.channel_order_name, '#5001');
    assert.equal(b.channel_order_name, null, 'an API order without a name has none');
    assert.equal(a.channel_name, channel.name, 'the capture answer names the channel');
    assert.deepEqual(b.units, { ordered: 4, allocated: 1, backordered: 3, shipped: 0, cancelled: 0 });
    assert.equal(a.ship_by, null, 'the promise is made after the capture commits');
    const single = (await t.call('GET', `/v1/orders/${a.id}`)).json() as OrderView;
    assert.deepEqual([single.number, single.channel_order_name, single.units.ordered], [a.number, '#5001', 2]);
    assert.ok(single.ship_by !== null && /^\d{4}-\d{2}-\d{2}$/.test(single.ship_by), `the promise's ship-by is on the order: ${single.ship_by}`);
    assert.equal(single.late, false);
    const [got] = (await list(`channel=${channel.id}&${q('#5001')}`)).data;
    assert.deepEqual([got?.id, got?.number, got?.channel_name, got?.ship_by], [a.id, a.number, channel.name, single.ship_by], 'the list answers the same');
  });
});

describe('the search box (q)', () => {
  test('finds an order by each thing a support agent may type, and nothing else', async () => {
    const sku = await stocked();
    const tag = uniqueCode('srch').toLowerCase();
    const n = uniqueCode('x').slice(2);
    const email = `grace.${n}@example.com`;
    const target = await place([{ sku, quantity: 1 }], {
      tags: [tag],
      external_id: `EXT-${n}-Z`,
      channel_order_name: `#77${n}`,
      customer: { email, name: `Grace Hopper${n}`, phone: `+1 (415) 555-${n.padStart(4, '0').slice(-4)}${n}` },
    });
    const other = await place([{ sku, quantity: 1 }], { tags: [tag], customer: { email: `other.${n}@example.com`, name: `Alan Turing${n}`, phone: null } });
    const found = async (text: string) => ids(await list(`tag=${tag}&${q(text)}`));
    assert.deepEqual(await found(String(target.number)), [target.id], 'the order number');
    assert.deepEqual(await found(`#${target.number}`), [target.id], 'the order number with #');
    assert.deepEqual(await found(`#77${n}`), [target.id], 'the channel order name');
    assert.deepEqual(await found(`77${n}`), [target.id], 'the channel order name without #');
    assert.deepEqual(await found(`EXT-${n}-Z`), [target.id], 'the external id');
    assert.deepEqual(await found(email.toUpperCase()), [target.id], 'the e-mail, any case');
    assert.deepEqual(await found(`grace.${n}@`), [target.id], 'the beginning of the e-mail');
    assert.deepEqual(await found(`grace hop`), [target.id], 'the beginning of the name');
    assert.deepEqual(await found(`hopper${n}`), [target.id], 'the last name');
    assert.deepEqual(await found(`555${n.padStart(4, '0').slice(-4)}${n}`), [target.id], 'the phone without its country code, typed without spaces');
    assert.deepEqual(await found(sku), [other.id, target.id], 'the SKU: both orders, newest first');
    assert.deepEqual(await found('Nobody At All'), [], 'no match');
    assert.deepEqual(await found('gr%'), [], 'like wildcards are taken literally');
  });

  test('a search alone pages through its matches newest or oldest first', async () => {
    const sku = await stocked();
    const placed = [];
    for (let i = 0; i < 5; i++) placed.push((await place([{ sku, quantity: 1 }])).id);
    for (const [sort, want] of [['-created_at', [...placed].reverse()], ['created_at', placed]] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { data: OrderView[]; next_cursor: string | null } = await list(`${q(sku)}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...ids(res));
        cursor = res.next_cursor;
      } while (cursor && seen.length < 10);
      assert.deepEqual(seen, want, `q=${sku}, sort=${sort}`);
    }
  });

  test('finds an order by a parcel’s tracking number, typed with spaces and in lower case', async () => {
    const sku = await stocked();
    const order = await place([{ sku, quantity: 1 }], { shipping_address: { name: 'Ada', line1: '12 Analytical Way', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' } });
    const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[];
    assert.ok(fo, 'the order has a fulfillment order');
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    const tracking = generateTrackingNumber('ups', 4000 + Number(uniqueCode('n').slice(2)), { shipperNumber: '999AA1' });
    const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, { tracking_numbers: [tracking] });
    assert.equal(shipped.statusCode, 201, shipped.body);
    const typed = `${tracking.slice(0, 6)} ${tracking.slice(6)}`.toLowerCase();
    assert.deepEqual(ids(await list(q(typed))), [order.id]);
    const shipments = await t.call('GET', `/v1/shipments?tracking_number=${encodeURIComponent(typed)}`);
    assert.equal(shipments.statusCode, 200, shipments.body);
    assert.deepEqual(shipments.json().data.map((s: { id: string }) => s.id), [shipped.json().id]);
    assert.deepEqual((await t.call('GET', '/v1/shipments?tracking_number=1Z0000000000000000')).json().data, [], 'an unknown number finds nothing');
    const after = (await t.call('GET', `/v1/orders/${order.id}`)).json() as OrderView;
    assert.equal(after.units.shipped, 1);
  });
});

describe('filters', () => {
  test('status (several), tag, external_id, has_backorder and channel by id, name or type', async () => {
    const sku = await stocked(1, { backorderable: true });
    const tag = uniqueCode('flt').toLowerCase();
    const channel = await createChannel(t, 'shopify', { name: uniqueCode('Flt Shop') });
    const allocated = await place([{ sku, quantity: 1 }], { tags: [tag], channel: channel.id });
    const backordered = await place([{ sku, quantity: 2 }], { tags: [tag, 'vip'] });
    const cancelled = await place([{ sku, quantity: 1 }], { tags: [tag] });
    assert.equal((await t.call('POST', `/v1/orders/${cancelled.id}/cancel`, { reason: 'test' })).statusCode, 200);
    assert.deepEqual(ids(await list(`tag=${tag}`)), [cancelled.id, backordered.id, allocated.id]);
    assert.deepEqual(ids(await list(`tag=${tag}&status=backordered`)), [backordered.id]);
    assert.deepEqual(ids(await list(`tag=${tag}&status=backordered&status=allocated`)), [backordered.id, allocated.id]);
    assert.deepEqual(ids(await list(`tag=${tag}&has_backorder=true`)), [backordered.id]);
    assert.deepEqual(ids(await list(`tag=${tag}&has_backorder=false`)), [cancelled.id, allocated.id]);
    assert.deepEqual(ids(await list(`tag=${tag}&external_id=${encodeURIComponent(backordered.external_id ?? '')}`)), [backordered.id]);
    for (const ref of [channel.id, channel.name, channel.name.toUpperCase()]) assert.deepEqual(ids(await list(`tag=${tag}&channel=${encodeURIComponent(ref)}`)), [allocated.id], `channel=${ref}`);
    assert.ok(ids(await list(`tag=${tag}&channel=shopify`)).includes(allocated.id), 'by type');
    assert.deepEqual(ids(await list(`tag=${tag}&channel=web`)), [cancelled.id, backordered.id], 'a free channel name');
  });

  test('late: still waiting to ship and the ship-by day has passed', async () => {
    const sku = await stocked();
    const tag = uniqueCode('late').toLowerCase();
    const overdue = await place([{ sku, quantity: 1 }], { tags: [tag] });
    const onTime = await place([{ sku, quantity: 1 }], { tags: [tag] });
    const overdueButCancelled = await place([{ sku, quantity: 1 }], { tags: [tag] });
    await queryRows(t.database.db, sql`update orders set ship_by = '2020-01-02' where id in (${overdue.id}, ${overdueButCancelled.id})`);
    assert.equal((await t.call('POST', `/v1/orders/${overdueButCancelled.id}/cancel`, { reason: 'test' })).statusCode, 200);
    const late = await list(`tag=${tag}&late=true`);
    assert.deepEqual(ids(late), [overdue.id]);
    assert.deepEqual([late.data[0]?.late, late.data[0]?.ship_by], [true, '2020-01-02']);
    const all = await list(`tag=${tag}`);
    assert.deepEqual(all.data.map((o) => [o.id, o.late]), [[overdueButCancelled.id, false], [onTime.id, false], [overdue.id, true]]);
  });

  test('late is judged against today in the zone asked for (tz), as the home page counts it', async () => {
    const sku = await stocked();
    const tag = uniqueCode('late-tz').toLowerCase();
    const order = await place([{ sku, quantity: 1 }], { tags: [tag] });
    // Today at UTC−12 is always a day or two before today at UTC+14: a ship-by of the former is
    // not yet passed there, and passed in the latter, whenever the test runs.
    const westmost = new Intl.DateTimeFormat('en-CA', { timeZone: 'Etc/GMT+12' }).format(new Date());
    await queryRows(t.database.db, sql`update orders set ship_by = ${westmost}::date where id = ${order.id}`);
    assert.deepEqual(ids(await list(`tag=${tag}&late=true&tz=Etc/GMT%2B12`)), []);
    const east = await list(`tag=${tag}&late=true&tz=Etc/GMT-14`);
    assert.deepEqual(east.data.map((o) => [o.id, o.late]), [[order.id, true]]);
    const bad = await t.call('GET', `/v1/orders?late=true&tz=Mars/Olympus`);
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal((bad.json() as { errors: { field: string }[] }).errors[0]?.field, 'tz');
  });
});

describe('sorts page through every order exactly once', () => {
  test('newest first, oldest first, largest total first, soonest ship-by first', async () => {
    const sku = await stocked();
    const tag = uniqueCode('sort').toLowerCase();
    const placed: OrderView[] = [];
    for (const [i, price] of ['30.00', '10.00', '50.00', '10.00', '20.00'].entries()) placed.push(await place([{ sku, quantity: 1, unit_price: price }], { tags: [tag], external_id: `${tag}-${i}` }));
    const [o0, o1, o2, o3, o4] = placed as [OrderView, OrderView, OrderView, OrderView, OrderView];
    // Ship-by: o3 soonest, o1 and o4 on one day (then by id), o0 and o2 without a date (last).
    await queryRows(t.database.db, sql`update orders set ship_by = null where id in (${o0.id}, ${o2.id})`);
    await queryRows(t.database.db, sql`update orders set ship_by = '2031-01-01' where id = ${o3.id}`);
    await queryRows(t.database.db, sql`update orders set ship_by = '2031-02-01' where id in (${o1.id}, ${o4.id})`);
    const expected: Record<string, string[]> = {
      '-created_at': [o4, o3, o2, o1, o0].map((o) => o.id),
      created_at: [o0, o1, o2, o3, o4].map((o) => o.id),
      // Equal totals (o1, o3) are listed by id, descending like the totals.
      '-total': [o2, o0, o4, o3, o1].map((o) => o.id),
      ship_by: [o3, o1, o4, o0, o2].map((o) => o.id),
    };
    for (const [sort, want] of Object.entries(expected)) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { data: OrderView[]; next_cursor: string | null } = await list(`tag=${tag}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...ids(res));
        cursor = res.next_cursor;
        pages += 1;
      } while (cursor && pages < 10);
      assert.deepEqual(seen, want, `sort=${sort}`);
      assert.equal(pages, 3, `sort=${sort}: 5 orders in pages of 2`);
    }
    const first = await list(`tag=${tag}&sort=-total&limit=2`);
    const mixed = await t.call('GET', `/v1/orders?tag=${tag}&sort=ship_by&cursor=${first.next_cursor}`);
    assert.equal(mixed.statusCode, 400, 'a cursor of another sort is refused');
    assert.equal(mixed.json().errors[0].field, 'query.cursor');
  });
});

describe('a channel key sees its own channel’s orders only', () => {
  test('search and filters never reach past its channel', async () => {
    const sku = await stocked();
    const mine = await createChannel(t, 'api');
    const theirs = await createChannel(t, 'api');
    const key = (await createApiKey(t, 'channel', { channel: mine.id })).key;
    const tag = uniqueCode('scope').toLowerCase();
    const own = await place([{ sku, quantity: 1 }], { channel: mine.id, tags: [tag] });
    const foreign = await place([{ sku, quantity: 1 }], { channel: theirs.id, tags: [tag] });
    assert.deepEqual(ids(await list(`tag=${tag}`, key)), [own.id]);
    assert.deepEqual(ids(await list(`tag=${tag}&${q(String(foreign.number))}`, key)), [], 'another channel’s order number finds nothing');
    assert.deepEqual(ids(await list(`tag=${tag}&channel=${theirs.id}`, key)), [], 'naming another channel finds nothing');
    assert.deepEqual(ids(await list(`tag=${tag}&channel=${encodeURIComponent(mine.name)}`, key)), [own.id]);
  });
});

describe('bad input', () => {
  for (const [query, field] of [
    ['status=lost', 'query.status'],
    ['status=allocated&status=lost', 'query.status'],
    ['sort=total', 'query.sort'],
    ['has_backorder=maybe', 'query.has_backorder'],
    ['late=soon', 'query.late'],
    ['q=', 'query.q'],
    ['q=%20%20', 'query.q'],
    ['cursor=bm9wZQ', 'query.cursor'],
    ['colour=red', 'query'],
  ] as const) {
    test(`${query} → 400 naming ${field}`, async () => {
      const res = await t.call('GET', `/v1/orders?${query}`);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
      assert.ok(fields.some((f) => f.startsWith(field)), `${field} in ${fields.join(', ')}`);
    });
  }
});
