import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiKey, createTenant } from '../support/factories.js';

interface OrderRow {
  id: string;
  status: string;
  external_id: string | null;
  lines: { quantity: number; allocated: number; backordered: number; cancelled: number; shipped?: number }[];
}

let t: TestApp;
let tenant: { id: string; key: string };
let loaded: { orders: number; by_target: Record<string, number>; took_ms: number };

before(async () => {
  t = await buildTestApp();
  tenant = await createTenant(t, 'Demo tenant');
  const started = Date.now();
  const res = await t.call('POST', '/v1/demo', undefined, { key: tenant.key });
  assert.equal(res.statusCode, 201, res.body);
  loaded = res.json();
  console.log(`demo loaded in ${Date.now() - started} ms (the loader says ${loaded.took_ms} ms)`);
});
after(() => t.close());

async function allOrders(): Promise<OrderRow[]> {
  const rows: OrderRow[] = [];
  let cursor: string | null = null;
  do {
    const res = await t.call('GET', `/v1/orders?limit=100${cursor ? `&cursor=${cursor}` : ''}`, undefined, { key: tenant.key });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { data: OrderRow[]; next_cursor: string | null };
    rows.push(...body.data);
    cursor = body.next_cursor;
  } while (cursor);
  return rows;
}

describe('the demo data set', () => {
  test('loads about 40 orders, in every state, and says how long it took', async () => {
    const orders = await allOrders();
    assert.equal(orders.length, loaded.orders);
    assert.ok(orders.length >= 35 && orders.length <= 50, `${orders.length} orders`);
    const byStatus: Record<string, number> = {};
    for (const o of orders) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    for (const status of ['allocated', 'partially_allocated', 'backordered', 'shipped', 'delivered', 'cancelled']) {
      assert.ok((byStatus[status] ?? 0) > 0, `some order is ${status}: ${JSON.stringify(byStatus)}`);
    }
    const partlyCancelled = orders.filter((o) => o.status !== 'cancelled' && o.lines.some((l) => l.cancelled > 0));
    assert.ok(partlyCancelled.length >= 2, 'orders with some units cancelled and the rest going on');
    assert.ok(orders.some((o) => o.external_id?.startsWith('#10')), 'Shopify orders carry their names (#1001…)');
    // How long is for the operator to read (a benchmark's business, not a test's: it depends on the machine).
    assert.ok(Number.isInteger(loaded.took_ms) && loaded.took_ms > 0, `took_ms: ${loaded.took_ms}`);
  });

  test('the fulfillment orders stand in every state from released to shipped', async () => {
    const res = await t.call('GET', '/v1/fulfillment-orders?limit=200', undefined, { key: tenant.key });
    assert.equal(res.statusCode, 200, res.body);
    const statuses = new Set((res.json().data as { status: string }[]).map((f) => f.status));
    for (const s of ['released', 'accepted', 'picking', 'packed', 'shipped']) assert.ok(statuses.has(s), `a fulfillment order is ${s}: ${[...statuses].join(', ')}`);
    const shipments = (await t.call('GET', '/v1/shipments?limit=200', undefined, { key: tenant.key })).json().data as { status: string; tracking_number: string }[];
    for (const s of ['label_created', 'in_transit', 'delivered']) assert.ok(shipments.some((x) => x.status === s), `a shipment is ${s}`);
  });

  test('a delivered order has its whole timeline, from capture to delivery, and its shipment every scan', async () => {
    const delivered = (await allOrders()).find((o) => o.status === 'delivered');
    assert.ok(delivered, 'a delivered order');
    const res = await t.call('GET', `/v1/orders/${delivered.id}/events`, undefined, { key: tenant.key });
    assert.equal(res.statusCode, 200, res.body);
    const events = res.json().data as { type: string; at: string }[];
    assert.deepEqual(
      events.map((e) => e.type),
      ['order.created', 'order.allocated', 'order.screened', 'order.shipped', 'order.delivered'],
    );
    const times = events.map((e) => e.at);
    assert.deepEqual([...times].sort(), times, 'in the order they happened, days apart');
    assert.ok(Date.parse(times.at(-1) as string) - Date.parse(times[0] as string) > 24 * 3_600_000, times.join(' → '));
    const shipments = (await t.call('GET', `/v1/shipments?order_id=${delivered.id}`, undefined, { key: tenant.key })).json().data as { id: string }[];
    const shipment = (await t.call('GET', `/v1/shipments/${shipments[0]?.id}`, undefined, { key: tenant.key })).json() as { status: string; events: { status: string; applied: boolean }[]; labels: { pdf: string } };
    assert.equal(shipment.status, 'delivered');
    assert.deepEqual(shipment.events.map((e) => [e.status, e.applied]), [['in_transit', true], ['out_for_delivery', true], ['delivered', true]]);
    const label = await t.call('GET', shipment.labels.pdf, undefined, { key: tenant.key });
    assert.equal(label.statusCode, 200, 'its sample label prints');
  });

  test('low stock shows on the dashboard and the backorders wait for the inbound shipment', async () => {
    const res = await t.call('GET', '/v1/dashboard', undefined, { key: tenant.key });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { today: Record<string, number>; checklist: { id: string; done: boolean }[]; orders_per_hour: { count: number }[] };
    assert.ok((body.today.low_stock_skus ?? 0) > 0, JSON.stringify(body.today));
    assert.ok((body.today.backordered_units ?? 0) >= 4, JSON.stringify(body.today));
    assert.ok((body.today.late ?? 0) > 0, `the store's old orders are late: ${JSON.stringify(body.today)}`);
    assert.equal(body.orders_per_hour.reduce((n, h) => n + h.count, 0), loaded.orders);
    // Everything a first shipment needs is there; people sign in with accounts of their own.
    assert.deepEqual(body.checklist.filter((c) => !c.done).map((c) => c.id), ['staff_user']);
    const inbound = (await t.call('GET', '/v1/inbound', undefined, { key: tenant.key })).json().data as { status: string }[];
    assert.deepEqual(inbound.map((i) => i.status), ['open']);
  });

  test('a second load answers 409 and adds nothing', async () => {
    const before = (await allOrders()).length;
    const res = await t.call('POST', '/v1/demo', undefined, { key: tenant.key });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, 'DEMO_TENANT_NOT_EMPTY');
    assert.equal((await allOrders()).length, before);
  });

  test('only an admin loads the demo', async () => {
    for (const role of ['viewer', 'operator']) {
      const key = await createApiKey(t, role, {}, tenant.key);
      const res = await t.call('POST', '/v1/demo', undefined, { key: key.key });
      assert.equal(res.statusCode, 403, `${role}: ${res.body}`);
    }
  });
});
