import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, orderBody, stockOf, type OrderJson } from '../support/factories.js';

let t: TestApp;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'WH-EAST', { priority: 1 });
  await createLocation(t, 'WH-WEST', { priority: 2 });
  await createLocation(t, 'STORE-1', { priority: 0, type: 'store', ships_to_customers: false });
  await createProduct(t, 'TEE-RED-M', { price: '19.99' });
  await createProduct(t, 'MUG-BLUE', { price: '8.50', backorderable: true });
  await createProduct(t, 'RARE', { backorderable: false });
  await adjust(t, 'TEE-RED-M', 'WH-EAST', 10);
  await adjust(t, 'TEE-RED-M', 'STORE-1', 100);
  await adjust(t, 'MUG-BLUE', 'WH-WEST', 3);
  await adjust(t, 'RARE', 'WH-WEST', 1);
});
after(() => t.close());

describe('capture', () => {
  test('answers 201 with lines, allocations and exact totals', async () => {
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 2, unit_price: '19.99' }, { sku: 'MUG-BLUE', quantity: 1, unit_price: '8.50' }]));
    assert.equal(res.statusCode, 201, res.body);
    const order = res.json() as OrderJson;
    assert.match(order.id, /^ord_[0-9a-z]{26}$/);
    assert.equal(order.status, 'allocated');
    assert.deepEqual(order.totals, { subtotal: '48.48', shipping: '5.00', total: '53.48' });
    assert.deepEqual(order.lines.map((l) => [l.sku, l.quantity, l.allocated, l.backordered]), [['TEE-RED-M', 2, 2, 0], ['MUG-BLUE', 1, 1, 0]]);
    assert.deepEqual(order.allocations.map((a) => [a.sku, a.location, a.quantity]).sort(), [['MUG-BLUE', 'WH-WEST', 1], ['TEE-RED-M', 'WH-EAST', 2]]);
    // Stock at a location that does not ship to customers is never used.
    const tee = await stockOf(t, 'TEE-RED-M');
    assert.deepEqual(tee.locations.find((l) => l.location === 'STORE-1'), { location: 'STORE-1', on_hand: 100, reserved: 0, available: 100 });
    assert.equal(tee.locations.find((l) => l.location === 'WH-EAST')?.reserved, 2);
  });

  test('the same (channel, external_id) never becomes two orders', async () => {
    const body = orderBody([{ sku: 'TEE-RED-M', quantity: 1 }]);
    const first = await t.call('POST', '/v1/orders', body);
    assert.equal(first.statusCode, 201);
    const reservedBefore = (await stockOf(t, 'TEE-RED-M')).locations.find((l) => l.location === 'WH-EAST')?.reserved;
    const second = await t.call('POST', '/v1/orders', body);
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().id, first.json().id);
    assert.equal((await stockOf(t, 'TEE-RED-M')).locations.find((l) => l.location === 'WH-EAST')?.reserved, reservedBefore);
  });

  test('racing duplicates of one external id produce one order', async () => {
    const body = orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]);
    const results = await Promise.all(Array.from({ length: 8 }, () => t.call('POST', '/v1/orders', body)));
    const ids = new Set(results.map((r) => r.json().id));
    assert.equal(ids.size, 1);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 200, 200, 200, 201]);
  });

  test('a line that cannot be filled and is not backorderable rejects the order with 409 and writes nothing', async () => {
    const before = await t.call('GET', '/v1/orders?limit=500');
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 1 }, { sku: 'RARE', quantity: 5 }]));
    assert.equal(res.statusCode, 409);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const problem = res.json();
    assert.equal(problem.code, 'INVENTORY_INSUFFICIENT');
    assert.deepEqual(problem.short_skus, [{ sku: 'RARE', requested: 5, available: 1 }]);
    assert.equal(problem.errors[0].field, 'lines[1].quantity');
    const afterList = await t.call('GET', '/v1/orders?limit=500');
    assert.equal(afterList.json().data.length, before.json().data.length);
    assert.equal((await stockOf(t, 'RARE')).locations[0]?.reserved, 0);
  });

  test('with the tenant setting on, an unfillable order is accepted on hold', async () => {
    assert.equal((await t.call('PATCH', '/v1/settings', { accept_unfillable_orders_on_hold: true })).statusCode, 200);
    try {
      const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'RARE', quantity: 5 }]));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().status, 'on_hold');
    } finally {
      await t.call('PATCH', '/v1/settings', { accept_unfillable_orders_on_hold: false });
    }
  });
});

describe('idempotency', () => {
  test('a retry with the same key returns the first response and does nothing else', async () => {
    const body = orderBody([{ sku: 'TEE-RED-M', quantity: 1 }], { external_id: null });
    const headers = { 'idempotency-key': 'key-retry-1' };
    const first = await t.call('POST', '/v1/orders', body, { headers });
    const stock = await stockOf(t, 'TEE-RED-M');
    const second = await t.call('POST', '/v1/orders', body, { headers });
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 201);
    assert.deepEqual(second.json(), first.json());
    assert.deepEqual(await stockOf(t, 'TEE-RED-M'), stock);
  });

  test('racing retries with one key create exactly one order', async () => {
    const body = orderBody([{ sku: 'TEE-RED-M', quantity: 1 }], { external_id: null });
    const headers = { 'idempotency-key': 'key-race-1' };
    const results = await Promise.all(Array.from({ length: 10 }, () => t.call('POST', '/v1/orders', body, { headers })));
    assert.deepEqual(new Set(results.map((r) => r.statusCode)), new Set([201]));
    assert.equal(new Set(results.map((r) => r.json().id)).size, 1);
  });

  test('the same key with a different body answers 422', async () => {
    const headers = { 'idempotency-key': 'key-reuse-1' };
    assert.equal((await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 1 }], { external_id: null }), { headers })).statusCode, 201);
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 2 }], { external_id: null }), { headers });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().code, 'REQUEST_IDEMPOTENCY_KEY_REUSED');
  });

  test('keys over 255 characters are refused before anything happens', async () => {
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 1 }]), { headers: { 'idempotency-key': 'k'.repeat(256) } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().errors[0].field, 'Idempotency-Key');
  });
});

describe('backorders', () => {
  test('stock received fills waiting backorders oldest first, in the same request', async () => {
    await createProduct(t, 'PRE-ORDER', { backorderable: true });
    const older = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'PRE-ORDER', quantity: 2 }]))).json() as OrderJson;
    const newer = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'PRE-ORDER', quantity: 2 }]))).json() as OrderJson;
    assert.equal(older.status, 'backordered');
    assert.equal(newer.status, 'backordered');

    const received = await adjust(t, 'PRE-ORDER', 'WH-WEST', 3);
    assert.equal(received.backorders_allocated, 3);
    const o1 = (await t.call('GET', `/v1/orders/${older.id}`)).json() as OrderJson;
    const o2 = (await t.call('GET', `/v1/orders/${newer.id}`)).json() as OrderJson;
    assert.equal(o1.status, 'allocated');
    assert.deepEqual(o1.allocations.map((a) => [a.location, a.quantity]), [['WH-WEST', 2]]);
    assert.equal(o2.status, 'partially_allocated');
    assert.deepEqual([o2.lines[0]?.allocated, o2.lines[0]?.backordered], [1, 1]);
    const stock = await stockOf(t, 'PRE-ORDER');
    assert.deepEqual(stock.locations, [{ location: 'WH-WEST', on_hand: 3, reserved: 3, available: 0 }]);

    const events = (await t.call('GET', `/v1/orders/${older.id}/events`)).json().data as { type: string; actor: string; data: Record<string, unknown> }[];
    assert.deepEqual(events.map((e) => e.type), ['order.created', 'order.backordered', 'order.allocated']);
    assert.equal(events[2]?.data.reason, 'backorder filled by stock received');
    assert.match(events[2]?.actor ?? '', /^key_/);
  });
});

describe('cancel', () => {
  test('cancelling an order releases every reservation it held', async () => {
    const stockBefore = await stockOf(t, 'TEE-RED-M');
    const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 3 }]))).json() as OrderJson;
    assert.equal((await stockOf(t, 'TEE-RED-M')).available_to_promise, stockBefore.available_to_promise - 3);
    const res = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'customer changed their mind' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'cancelled');
    assert.deepEqual(res.json().allocations, []);
    assert.deepEqual(await stockOf(t, 'TEE-RED-M'), stockBefore);
    const events = (await t.call('GET', `/v1/orders/${order.id}/events`)).json().data as { type: string; data: Record<string, unknown> }[];
    const cancelled = events.find((e) => e.type === 'order.cancelled');
    assert.deepEqual([cancelled?.data.from, cancelled?.data.to, cancelled?.data.reason], ['allocated', 'cancelled', 'customer changed their mind']);
  });

  test('cancelling some lines releases only theirs; the order stays live', async () => {
    await createProduct(t, 'SOON', { backorderable: true });
    const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 1 }, { sku: 'SOON', quantity: 4 }]))).json() as OrderJson;
    assert.equal(order.status, 'partially_allocated');
    const soonLine = order.lines.find((l) => l.sku === 'SOON') as OrderJson['lines'][number];
    const res = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'no longer wanted', line_ids: [soonLine.id] });
    assert.equal(res.statusCode, 200, res.body);
    const after = res.json() as OrderJson;
    assert.equal(after.status, 'allocated');
    assert.deepEqual(after.lines.map((l) => [l.sku, l.cancelled]), [['TEE-RED-M', 0], ['SOON', 4]]);
    assert.equal(after.allocations.length, 1);
  });

  test('a cancelled order cannot be cancelled again (409), and unknown orders are 404', async () => {
    const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 1 }]))).json() as OrderJson;
    assert.equal((await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'x' })).statusCode, 200);
    const again = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'x' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'ORDER_ILLEGAL_TRANSITION');
    const missing = await t.call('POST', `/v1/orders/ord_${'0'.repeat(26)}/cancel`, { reason: 'x' });
    assert.equal(missing.statusCode, 404);
  });

  test('a line id of another order is refused with 422', async () => {
    const a = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 1 }]))).json() as OrderJson;
    const b = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 1 }]))).json() as OrderJson;
    const res = await t.call('POST', `/v1/orders/${a.id}/cancel`, { reason: 'x', line_ids: [b.lines[0]?.id] });
    assert.equal(res.statusCode, 422);
    assert.equal((await t.call('GET', `/v1/orders/${a.id}`)).json().status, 'allocated');
  });
});

describe('cancelling units of a line', () => {
  before(() => adjust(t, 'TEE-RED-M', 'WH-EAST', 20));
  const reservedAt = async (sku: string, location: string) => (await stockOf(t, sku)).locations.find((l) => l.location === location)?.reserved;

  test('cancelling allocated units releases exactly that many', async () => {
    const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 3 }]))).json() as OrderJson;
    const line = order.lines[0] as OrderJson['lines'][number];
    const before = await reservedAt('TEE-RED-M', 'WH-EAST');
    const res = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'customer wants 2', lines: [{ line_id: line.id, quantity: 1 }] });
    assert.equal(res.statusCode, 200, res.body);
    const after = res.json() as OrderJson;
    assert.equal(after.status, 'allocated');
    assert.deepEqual([after.lines[0]?.allocated, after.lines[0]?.backordered, after.lines[0]?.cancelled], [2, 0, 1]);
    assert.deepEqual(after.allocations.map((a) => a.quantity), [2]);
    assert.equal(await reservedAt('TEE-RED-M', 'WH-EAST'), (before as number) - 1);
    // The rest of the line cancels the order.
    const rest = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'changed their mind', lines: [{ line_id: line.id }] });
    assert.equal(rest.json().status, 'cancelled');
    assert.equal(await reservedAt('TEE-RED-M', 'WH-EAST'), (before as number) - 3);
  });

  test('backordered units are cancelled before allocated ones and release no stock', async () => {
    await createProduct(t, 'HALF', { backorderable: true });
    await adjust(t, 'HALF', 'WH-EAST', 1);
    const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'HALF', quantity: 4 }]))).json() as OrderJson;
    assert.deepEqual([order.status, order.lines[0]?.allocated, order.lines[0]?.backordered], ['partially_allocated', 1, 3]);
    const res = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'fewer', lines: [{ line_id: order.lines[0]?.id, quantity: 3 }] });
    assert.equal(res.statusCode, 200, res.body);
    const after = res.json() as OrderJson;
    assert.equal(after.status, 'allocated');
    assert.deepEqual([after.lines[0]?.allocated, after.lines[0]?.backordered, after.lines[0]?.cancelled], [1, 0, 3]);
    assert.equal(await reservedAt('HALF', 'WH-EAST'), 1);
  });

  test('more units than are left is a 422 that changes nothing', async () => {
    const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'TEE-RED-M', quantity: 2 }]))).json() as OrderJson;
    const reserved = await reservedAt('TEE-RED-M', 'WH-EAST');
    const res = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'x', lines: [{ line_id: order.lines[0]?.id, quantity: 3 }] });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().errors[0].field, 'lines[0].quantity');
    assert.deepEqual((await t.call('GET', `/v1/orders/${order.id}`)).json(), order);
    assert.equal(await reservedAt('TEE-RED-M', 'WH-EAST'), reserved);
  });
});

describe('listing', () => {
  test('filters and cursor pagination walk every order exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call('GET', `/v1/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200);
      const page = res.json() as { data: OrderJson[]; next_cursor: string | null };
      seen.push(...page.data.map((o) => o.id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length);
    assert.deepEqual(seen, [...seen].sort().reverse());
    const all = (await t.call('GET', '/v1/orders?limit=500')).json().data as OrderJson[];
    assert.equal(seen.length, all.length);

    const cancelled = (await t.call('GET', '/v1/orders?status=cancelled&limit=500')).json().data as OrderJson[];
    assert.ok(cancelled.length >= 2 && cancelled.every((o) => o.status === 'cancelled'));
    const bySku = (await t.call('GET', '/v1/orders?sku=PRE-ORDER')).json().data as OrderJson[];
    assert.equal(bySku.length, 2);
    const byEmail = (await t.call('GET', '/v1/orders?customer_email=ADA@example.com&limit=500')).json().data as OrderJson[];
    assert.equal(byEmail.length, all.length);
    const none = (await t.call('GET', '/v1/orders?created_to=2000-01-01T00:00:00Z')).json();
    assert.deepEqual(none, { data: [], next_cursor: null });
    assert.equal((await t.call('GET', '/v1/orders?cursor=bm9wZQ')).statusCode, 400);
  });
});
