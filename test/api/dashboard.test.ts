import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiKey, createTenant, orderBody, type OrderJson } from '../support/factories.js';

interface Dashboard {
  today: { orders_in: number; awaiting_fulfillment: number; shipped: number; late: number; backordered_units: number; low_stock_skus: number };
  orders_per_hour: { hour: string; count: number }[];
  checklist: { id: string; done: boolean; title: string; hint: string; link: string }[];
}

const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };

let now = new Date('2026-03-01T12:00:00Z');
let t: TestApp;
before(async () => {
  t = await buildTestApp({ clock: () => now });
});
after(() => t.close());

async function dashboardOf(key: string, tz?: string): Promise<Dashboard> {
  const res = await t.call('GET', `/v1/dashboard${tz ? `?tz=${encodeURIComponent(tz)}` : ''}`, undefined, { key });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Dashboard;
}

async function ok(key: string, method: 'POST' | 'PUT', url: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await t.call(method, url, body, { key });
  assert.ok(res.statusCode === 200 || res.statusCode === 201, `${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as Record<string, unknown>;
}

const done = (d: Dashboard) => Object.fromEntries(d.checklist.map((c) => [c.id, c.done]));

describe('the first-shipment checklist', () => {
  test('every item starts open and turns done as the tenant is set up', async () => {
    const tenant = await createTenant(t);
    const first = await dashboardOf(tenant.key);
    assert.deepEqual(done(first), { location_address: false, product_dimensions: false, stock: false, box: false, carrier: false, shipping_rules: false, channel: false, staff_user: false });
    for (const item of first.checklist) assert.ok(item.title && item.hint && item.link.startsWith('/'), JSON.stringify(item));

    // A location without an address does not count; a product without dimensions neither.
    await ok(tenant.key, 'POST', '/v1/locations', { code: 'NOADDR', name: 'No address', type: 'warehouse' });
    await ok(tenant.key, 'PUT', '/v1/products/FLAT', { name: 'Flat', price: '1.00', currency: 'USD', weight_grams: 100 });
    assert.deepEqual([done(await dashboardOf(tenant.key)).location_address, done(await dashboardOf(tenant.key)).product_dimensions], [false, false]);

    await ok(tenant.key, 'POST', '/v1/locations', { code: 'EWR', name: 'East DC', type: 'warehouse', address: NEWARK });
    await ok(tenant.key, 'PUT', '/v1/products/BOXED', { name: 'Boxed', price: '1.00', currency: 'USD', weight_grams: 100, dimensions_mm: { length: 100, width: 100, height: 100 } });
    await ok(tenant.key, 'POST', '/v1/inventory/adjustments', { sku: 'BOXED', location: 'EWR', delta: 5, reason: 'received' });
    await ok(tenant.key, 'PUT', '/v1/boxes/SMALL', { inner_mm: { length: 200, width: 200, height: 200 }, max_weight_grams: 5000, tare_grams: 100 });
    assert.deepEqual(done(await dashboardOf(tenant.key)), { location_address: true, product_dimensions: true, stock: true, box: true, carrier: false, shipping_rules: false, channel: false, staff_user: false });

    await ok(tenant.key, 'POST', '/v1/carriers/samples');
    await createApiKey(t, 'channel', { channel: (await ok(tenant.key, 'POST', '/v1/channels', { type: 'api', name: 'Storefront' })).id }, tenant.key);
    // The first user (the one who set up the shop) is not yet a team.
    const user = (n: number) => ({ email: `staff${n}.${tenant.id}@example.com`, name: `Staff ${n}`, role: 'operator', password: 'correct horse battery staple' });
    await ok(tenant.key, 'POST', '/v1/users', { ...user(1), role: 'admin' });
    assert.equal(done(await dashboardOf(tenant.key)).staff_user, false);
    await ok(tenant.key, 'POST', '/v1/users', user(2));
    assert.ok(Object.values(done(await dashboardOf(tenant.key))).every(Boolean), JSON.stringify(done(await dashboardOf(tenant.key))));
  });
});

describe("today's numbers", () => {
  let key: string;
  let late: OrderJson;

  /** Places an order at the given instant (the app's clock). */
  async function orderAt(at: string, lines: { sku: string; quantity: number }[]): Promise<OrderJson> {
    now = new Date(at);
    const res = await t.call('POST', '/v1/orders', orderBody(lines, { placed_at: at }), { key });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as OrderJson;
  }

  async function shipAt(at: string, order: OrderJson): Promise<void> {
    now = new Date(at);
    const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`, undefined, { key })).json().data as { id: string }[];
    assert.ok(fo, 'a fulfillment order');
    await ok(key, 'POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
    await ok(key, 'POST', `/v1/fulfillment-orders/${fo.id}/ship`, {});
  }

  before(async () => {
    now = new Date('2026-03-01T12:00:00Z');
    const tenant = await createTenant(t);
    key = tenant.key;
    await ok(key, 'POST', '/v1/locations', { code: 'EWR', name: 'East DC', type: 'warehouse', address: NEWARK, cutoff_time: '23:59' });
    await ok(key, 'PUT', '/v1/boxes/MEDIUM', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300 });
    await ok(key, 'POST', '/v1/carriers/samples');
    const dims = { weight_grams: 500, dimensions_mm: { length: 200, width: 150, height: 100 } };
    await ok(key, 'PUT', '/v1/products/TEE', { name: 'Tee', price: '10.00', currency: 'USD', ...dims });
    await ok(key, 'PUT', '/v1/products/MUG', { name: 'Mug', price: '10.00', currency: 'USD', low_stock_threshold: 5, ...dims });
    await ok(key, 'PUT', '/v1/products/GLOVES', { name: 'Gloves', price: '10.00', currency: 'USD', backorderable: true, ...dims });
    await ok(key, 'POST', '/v1/inventory/adjustments', { adjustments: [{ sku: 'TEE', location: 'EWR', delta: 100, reason: 'received' }, { sku: 'MUG', location: 'EWR', delta: 6, reason: 'received' }] });

    // Tuesday 10 March 2026; New York is on daylight time (UTC−4) since the 8th.
    late = await orderAt('2026-03-06T14:00:00Z', [{ sku: 'TEE', quantity: 1 }]); // Friday: ship-by Friday, never shipped
    const d = await orderAt('2026-03-09T23:00:00Z', [{ sku: 'TEE', quantity: 1 }]); // 19:00 on the 9th in New York
    const a = await orderAt('2026-03-10T03:30:00Z', [{ sku: 'TEE', quantity: 1 }]); // the 10th in UTC, still the 9th in New York
    await shipAt('2026-03-10T03:45:00Z', a);
    await orderAt('2026-03-10T04:30:00Z', [{ sku: 'MUG', quantity: 2 }]); // 00:30 on the 10th in New York; MUG drops to 4 available (threshold 5)
    const c = await orderAt('2026-03-10T14:00:00Z', [{ sku: 'TEE', quantity: 2 }]);
    await orderAt('2026-03-10T14:20:00Z', [{ sku: 'GLOVES', quantity: 3 }, { sku: 'TEE', quantity: 1 }]); // 3 units backordered
    await shipAt('2026-03-10T14:30:00Z', c);
    now = new Date('2026-03-10T14:40:00Z');
    await ok(key, 'POST', `/v1/orders/${d.id}/cancel`, { reason: 'customer changed their mind' });
    now = new Date('2026-03-10T15:10:00Z');
  });

  test('counted in the time zone asked for: New York', async () => {
    const promise = (await t.call('GET', `/v1/orders/${late.id}/promises`, undefined, { key })).json().data as { ship_by: string }[];
    assert.deepEqual(promise.map((p) => p.ship_by), ['2026-03-06'], 'the late order was to ship on the Friday');
    assert.deepEqual((await dashboardOf(key, 'America/New_York')).today, {
      orders_in: 3, // 04:30, 14:00, 14:20 UTC (03:30 UTC was 23:30 on the 9th)
      awaiting_fulfillment: 3, // the Friday order, the mug order, the partly backordered one
      shipped: 1, // the 14:30 label (03:45 UTC was the 9th)
      late: 1,
      backordered_units: 3,
      low_stock_skus: 1,
    });
  });

  test('UTC by default, and a zone where today has only just begun', async () => {
    const utc = (await dashboardOf(key)).today;
    assert.deepEqual([utc.orders_in, utc.shipped], [4, 2]);
    // 15:10 UTC is 00:10 on the 11th in Tokyo: nothing yet today, and what was to ship on the 10th is late.
    const tokyo = (await dashboardOf(key, 'Asia/Tokyo')).today;
    assert.deepEqual([tokyo.orders_in, tokyo.shipped, tokyo.late], [0, 0, 3]);
  });

  test('orders per hour: 168 hours ending with the current one, zero-filled, in the zone’s hours', async () => {
    const chart = (await dashboardOf(key)).orders_per_hour;
    assert.equal(chart.length, 168);
    assert.equal(chart[167]?.hour, '2026-03-10T15:00:00.000Z');
    assert.equal(chart[0]?.hour, '2026-03-03T16:00:00.000Z');
    const counted = Object.fromEntries(chart.filter((h) => h.count > 0).map((h) => [h.hour, h.count]));
    assert.deepEqual(counted, {
      '2026-03-06T14:00:00.000Z': 1,
      '2026-03-09T23:00:00.000Z': 1,
      '2026-03-10T03:00:00.000Z': 1,
      '2026-03-10T04:00:00.000Z': 1,
      '2026-03-10T14:00:00.000Z': 2,
    });
    // Kathmandu is UTC+05:45: its hours start at a quarter past in UTC.
    const kathmandu = (await dashboardOf(key, 'Asia/Kathmandu')).orders_per_hour;
    assert.equal(kathmandu.length, 168);
    assert.equal(kathmandu[167]?.hour, '2026-03-10T14:15:00.000Z');
    const at = (hour: string) => kathmandu.find((h) => h.hour === hour)?.count;
    // 14:00 UTC is 19:45 there and 14:20 UTC is 20:05: two hours, where UTC counts one.
    assert.deepEqual([at('2026-03-10T13:15:00.000Z'), at('2026-03-10T14:15:00.000Z')], [1, 1]);
    assert.equal(kathmandu.reduce((n, h) => n + h.count, 0), 6);
  });

  test('an unknown time zone is refused, naming tz', async () => {
    for (const tz of ['Mars/Olympus_Mons', 'not a zone']) {
      const res = await t.call('GET', `/v1/dashboard?tz=${encodeURIComponent(tz)}`, undefined, { key });
      assert.equal(res.statusCode, 400, res.body);
      const problem = res.json() as { code: string; errors: { field: string }[] };
      assert.deepEqual([problem.code, problem.errors[0]?.field], ['REQUEST_INVALID', 'tz']);
    }
  });

  test('a viewer may read it', async () => {
    const viewer = await createApiKey(t, 'viewer', {}, key);
    assert.equal((await dashboardOf(viewer.key, 'America/New_York')).today.orders_in, 3);
  });
});
