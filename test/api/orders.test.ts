// test-files: database server (concurrent captures with one external id or one Idempotency-Key make one order)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, orderBody, orderViewOf, placeOrder, stockedProduct, stockOf, uniqueCode, type OrderJson } from '../support/factories.js';

// Locations are the file's fixture (a template every test reads); each test makes its own SKUs,
// orders and channel, and asserts only on them, so it passes when run alone.
let t: TestApp;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'WH-EAST', { priority: 1 });
  await createLocation(t, 'WH-WEST', { priority: 2 });
  await createLocation(t, 'STORE-1', { priority: 0, type: 'store', ships_to_customers: false });
});
after(() => t.close());

const reservedAt = async (sku: string, location: string) => (await stockOf(t, sku)).locations.find((l) => l.location === location)?.reserved;

describe('capture', () => {
  test('answers 201 with lines, allocations and exact totals', async () => {
    const tee = await stockedProduct(t, { 'WH-EAST': 10, 'STORE-1': 100 }, { price: '19.99' });
    const mug = await stockedProduct(t, { 'WH-WEST': 3 }, { price: '8.50', backorderable: true });
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku: tee, quantity: 2, unit_price: '19.99' }, { sku: mug, quantity: 1, unit_price: '8.50' }]));
    assert.equal(res.statusCode, 201, res.body);
    const order = res.json() as OrderJson;
    assert.match(order.id, /^ord_[0-9a-z]{26}$/);
    assert.equal(order.status, 'allocated');
    assert.deepEqual(order.totals, { subtotal: '48.48', discount_total: '0.00', tax_total: '0.00', shipping: '5.00', shipping_total: '5.00', duties_total: '0.00', total: '53.48', cancelled: '0.00' });
    assert.deepEqual(order.lines.map((l) => [l.sku, l.quantity, l.allocated, l.backordered]), [[tee, 2, 2, 0], [mug, 1, 1, 0]]);
    assert.deepEqual(order.allocations.map((a) => [a.sku, a.location, a.quantity]).sort(), [[mug, 'WH-WEST', 1], [tee, 'WH-EAST', 2]].sort());
    // Stock at a location that does not ship to customers is never used.
    const teeStock = await stockOf(t, tee);
    assert.deepEqual(teeStock.locations.find((l) => l.location === 'STORE-1'), { location: 'STORE-1', on_hand: 100, reserved: 0, available: 100 });
    assert.equal(teeStock.locations.find((l) => l.location === 'WH-EAST')?.reserved, 2);
  });

  test('the same (channel, external_id) never becomes two orders', async () => {
    const sku = await stockedProduct(t, { 'WH-EAST': 10 });
    const body = orderBody([{ sku, quantity: 1 }]);
    const first = await t.call('POST', '/v1/orders', body);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(await reservedAt(sku, 'WH-EAST'), 1);
    const second = await t.call('POST', '/v1/orders', body);
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().id, first.json().id);
    assert.equal(await reservedAt(sku, 'WH-EAST'), 1, 'the replay reserves nothing more');
  });

  test('racing duplicates of one external id produce one order', async () => {
    const sku = await stockedProduct(t, { 'WH-WEST': 3 }, { backorderable: true });
    const body = orderBody([{ sku, quantity: 1 }]);
    const results = await Promise.all(Array.from({ length: 8 }, () => t.call('POST', '/v1/orders', body)));
    const ids = new Set(results.map((r) => r.json().id));
    assert.equal(ids.size, 1, `one order id among ${results.map((r) => r.body).join(', ')}`);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 200, 200, 200, 201]);
    assert.equal(await reservedAt(sku, 'WH-WEST'), 1, 'one unit reserved, once');
  });

  test('a line that cannot be filled and is not backorderable rejects the order with 409 and writes nothing', async () => {
    const tee = await stockedProduct(t, { 'WH-EAST': 10 });
    const rare = await stockedProduct(t, { 'WH-WEST': 1 }, { backorderable: false });
    const channel = uniqueCode('web');
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku: tee, quantity: 1 }, { sku: rare, quantity: 5 }], { channel }));
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const problem = res.json();
    assert.equal(problem.code, 'INVENTORY_INSUFFICIENT');
    assert.deepEqual(problem.short_skus, [{ sku: rare, requested: 5, available: 1 }]);
    assert.equal(problem.errors[0].field, 'lines[1].quantity');
    assert.deepEqual((await t.call('GET', `/v1/orders?channel=${channel}`)).json().data, [], 'no order on the channel');
    assert.equal(await reservedAt(rare, 'WH-WEST'), 0);
    assert.equal(await reservedAt(tee, 'WH-EAST'), 0, 'the fillable line reserved nothing either');
  });

  test('with the tenant setting on, an unfillable order is accepted on hold', async () => {
    const rare = await stockedProduct(t, { 'WH-WEST': 1 }, { backorderable: false });
    assert.equal((await t.call('PATCH', '/v1/settings', { accept_unfillable_orders_on_hold: true })).statusCode, 200);
    try {
      const res = await t.call('POST', '/v1/orders', orderBody([{ sku: rare, quantity: 5 }]));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().status, 'on_hold');
    } finally {
      await t.call('PATCH', '/v1/settings', { accept_unfillable_orders_on_hold: false });
    }
  });
});

describe('idempotency', () => {
  test('a retry with the same key returns the first response and does nothing else', async () => {
    const sku = await stockedProduct(t, { 'WH-EAST': 10 });
    const body = orderBody([{ sku, quantity: 1 }], { external_id: null });
    const headers = { 'idempotency-key': uniqueCode('key-retry') };
    const first = await t.call('POST', '/v1/orders', body, { headers });
    const stock = await stockOf(t, sku);
    const second = await t.call('POST', '/v1/orders', body, { headers });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(second.statusCode, 201, second.body);
    assert.deepEqual(second.json(), first.json());
    assert.deepEqual(await stockOf(t, sku), stock);
  });

  test('racing retries with one key create exactly one order', async () => {
    const sku = await stockedProduct(t, { 'WH-EAST': 10 });
    const body = orderBody([{ sku, quantity: 1 }], { external_id: null });
    const headers = { 'idempotency-key': uniqueCode('key-race') };
    const results = await Promise.all(Array.from({ length: 10 }, () => t.call('POST', '/v1/orders', body, { headers })));
    assert.deepEqual(new Set(results.map((r) => r.statusCode)), new Set([201]));
    assert.equal(new Set(results.map((r) => r.json().id)).size, 1, 'every retry answers the one order');
    assert.equal(await reservedAt(sku, 'WH-EAST'), 1, 'one unit reserved, once');
  });

  test('the same key with a different body answers 422', async () => {
    const sku = await stockedProduct(t, { 'WH-EAST': 10 });
    const headers = { 'idempotency-key': uniqueCode('key-reuse') };
    const first = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1 }], { external_id: null }), { headers });
    assert.equal(first.statusCode, 201, first.body);
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 2 }], { external_id: null }), { headers });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().code, 'REQUEST_IDEMPOTENCY_KEY_REUSED');
  });

  test('keys over 255 characters are refused before anything happens', async () => {
    const sku = await stockedProduct(t, { 'WH-EAST': 10 });
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1 }]), { headers: { 'idempotency-key': 'k'.repeat(256) } });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().errors[0].field, 'Idempotency-Key');
    assert.equal(await reservedAt(sku, 'WH-EAST'), 0, 'nothing reserved');
  });
});

describe('backorders', () => {
  test('stock received fills waiting backorders oldest first, in the same request', async () => {
    const { sku } = await createProduct(t, uniqueCode('PRE-ORDER'), { backorderable: true });
    const older = await placeOrder(t, [{ sku, quantity: 2 }]);
    const newer = await placeOrder(t, [{ sku, quantity: 2 }]);
    assert.equal(older.status, 'backordered');
    assert.equal(newer.status, 'backordered');

    const received = await adjust(t, sku, 'WH-WEST', 3);
    assert.equal(received.backorders_allocated, 3);
    const o1 = (await t.call('GET', `/v1/orders/${older.id}`)).json() as OrderJson;
    const o2 = (await t.call('GET', `/v1/orders/${newer.id}`)).json() as OrderJson;
    assert.equal(o1.status, 'allocated');
    assert.deepEqual(o1.allocations.map((a) => [a.location, a.quantity]), [['WH-WEST', 2]]);
    assert.equal(o2.status, 'partially_allocated');
    assert.deepEqual([o2.lines[0]?.allocated, o2.lines[0]?.backordered], [1, 1]);
    const stock = await stockOf(t, sku);
    assert.deepEqual(stock.locations, [{ location: 'WH-WEST', on_hand: 3, reserved: 3, available: 0 }]);

    const events = (await t.call('GET', `/v1/orders/${older.id}/events`)).json().data as { type: string; actor: string; data: Record<string, unknown> }[];
    assert.deepEqual(events.map((e) => e.type), ['order.created', 'order.backordered', 'order.allocated']);
    assert.equal(events[2]?.data.reason, 'backorder filled by stock received');
    assert.match(events[2]?.actor ?? '', /^key_/);
  });
});

describe('cancel', () => {
  test('cancelling an order releases every reservation it held', async () => {
    const sku = await stockedProduct(t, { 'WH-EAST': 10, 'STORE-1': 100 });
    const stockBefore = await stockOf(t, sku);
    const order = await placeOrder(t, [{ sku, quantity: 3 }]);
    assert.equal((await stockOf(t, sku)).available_to_promise, stockBefore.available_to_promise - 3);
    const res = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'customer changed their mind' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'cancelled');
    assert.deepEqual(res.json().allocations, []);
    assert.deepEqual(await stockOf(t, sku), stockBefore);
    const events = (await t.call('GET', `/v1/orders/${order.id}/events`)).json().data as { type: string; data: Record<string, unknown> }[];
    const cancelled = events.find((e) => e.type === 'order.cancelled');
    assert.deepEqual([cancelled?.data.from, cancelled?.data.to, cancelled?.data.reason], ['allocated', 'cancelled', 'customer changed their mind']);
  });

  test('cancelling some lines releases only theirs; the order stays live', async () => {
    const tee = await stockedProduct(t, { 'WH-EAST': 10 });
    const { sku: soon } = await createProduct(t, uniqueCode('SOON'), { backorderable: true });
    const order = await placeOrder(t, [{ sku: tee, quantity: 1 }, { sku: soon, quantity: 4 }]);
    assert.equal(order.status, 'partially_allocated');
    const soonLine = order.lines.find((l) => l.sku === soon) as OrderJson['lines'][number];
    const res = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'no longer wanted', line_ids: [soonLine.id] });
    assert.equal(res.statusCode, 200, res.body);
    const after = res.json() as OrderJson;
    assert.equal(after.status, 'allocated');
    assert.deepEqual(after.lines.map((l) => [l.sku, l.cancelled]), [[tee, 0], [soon, 4]]);
    assert.equal(after.allocations.length, 1, `one allocation left: ${JSON.stringify(after.allocations)}`);
    assert.equal(await reservedAt(tee, 'WH-EAST'), 1, 'the live line keeps its unit');
  });

  test('a cancelled order cannot be cancelled again (409), and unknown orders are 404', async () => {
    const sku = await stockedProduct(t, { 'WH-EAST': 10 });
    const order = await placeOrder(t, [{ sku, quantity: 1 }]);
    const first = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'x' });
    assert.equal(first.statusCode, 200, first.body);
    const again = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'x' });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().code, 'ORDER_ILLEGAL_TRANSITION');
    const missing = await t.call('POST', `/v1/orders/ord_${'0'.repeat(26)}/cancel`, { reason: 'x' });
    assert.equal(missing.statusCode, 404, missing.body);
  });

  test('a line id of another order is refused with 422', async () => {
    const sku = await stockedProduct(t, { 'WH-EAST': 10 });
    const a = await placeOrder(t, [{ sku, quantity: 1 }]);
    const b = await placeOrder(t, [{ sku, quantity: 1 }]);
    const res = await t.call('POST', `/v1/orders/${a.id}/cancel`, { reason: 'x', line_ids: [b.lines[0]?.id] });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal((await t.call('GET', `/v1/orders/${a.id}`)).json().status, 'allocated');
  });
});

describe('cancelling units of a line', () => {
  test('cancelling allocated units releases exactly that many', async () => {
    const sku = await stockedProduct(t, { 'WH-EAST': 30 });
    const order = await placeOrder(t, [{ sku, quantity: 3 }]);
    const line = order.lines[0] as OrderJson['lines'][number];
    assert.equal(await reservedAt(sku, 'WH-EAST'), 3);
    const res = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'customer wants 2', lines: [{ line_id: line.id, quantity: 1 }] });
    assert.equal(res.statusCode, 200, res.body);
    const after = res.json() as OrderJson;
    assert.equal(after.status, 'allocated');
    assert.deepEqual([after.lines[0]?.allocated, after.lines[0]?.backordered, after.lines[0]?.cancelled], [2, 0, 1]);
    assert.deepEqual(after.allocations.map((a) => a.quantity), [2]);
    assert.equal(await reservedAt(sku, 'WH-EAST'), 2);
    // The rest of the line cancels the order.
    const rest = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'changed their mind', lines: [{ line_id: line.id }] });
    assert.equal(rest.json().status, 'cancelled', rest.body);
    assert.equal(await reservedAt(sku, 'WH-EAST'), 0);
  });

  test('backordered units are cancelled before allocated ones and release no stock', async () => {
    const sku = await stockedProduct(t, { 'WH-EAST': 1 }, { backorderable: true });
    const order = await placeOrder(t, [{ sku, quantity: 4 }]);
    assert.deepEqual([order.status, order.lines[0]?.allocated, order.lines[0]?.backordered], ['partially_allocated', 1, 3]);
    const res = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'fewer', lines: [{ line_id: order.lines[0]?.id, quantity: 3 }] });
    assert.equal(res.statusCode, 200, res.body);
    const after = res.json() as OrderJson;
    assert.equal(after.status, 'allocated');
    assert.deepEqual([after.lines[0]?.allocated, after.lines[0]?.backordered, after.lines[0]?.cancelled], [1, 0, 3]);
    assert.equal(await reservedAt(sku, 'WH-EAST'), 1);
  });

  test('more units than are left is a 422 that changes nothing', async () => {
    const sku = await stockedProduct(t, { 'WH-EAST': 30 });
    const order = await placeOrder(t, [{ sku, quantity: 2 }]);
    const res = await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'x', lines: [{ line_id: order.lines[0]?.id, quantity: 3 }] });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().errors[0].field, 'lines[0].quantity');
    assert.deepEqual(orderViewOf((await t.call('GET', `/v1/orders/${order.id}`)).json()), order);
    assert.equal(await reservedAt(sku, 'WH-EAST'), 2);
  });
});

describe('listing', () => {
  // Its own channel (and SKUs and customer), so the walk and every filter see exactly the
  // orders this test made: 7 orders, 3 cancelled, 2 of another SKU, 4 of one customer.
  test('filters and cursor pagination walk every order exactly once', async () => {
    const channel = uniqueCode('listing');
    const email = `${uniqueCode('buyer').toLowerCase()}@example.com`;
    const sku = await stockedProduct(t, { 'WH-EAST': 20 });
    const other = await stockedProduct(t, { 'WH-EAST': 20 });
    const made: OrderJson[] = [];
    for (let i = 0; i < 5; i += 1) made.push(await placeOrder(t, [{ sku, quantity: 1 }], { channel, ...(i < 4 ? { customer: { email, name: 'Ada Lovelace', phone: '+1 217 555 0100' } } : {}) }));
    for (let i = 0; i < 2; i += 1) made.push(await placeOrder(t, [{ sku: other, quantity: 1 }], { channel }));
    const cancelledIds = [made[0], made[2], made[5]].map((o) => (o as OrderJson).id);
    for (const id of cancelledIds) {
      const res = await t.call('POST', `/v1/orders/${id}/cancel`, { reason: 'listing test' });
      assert.equal(res.statusCode, 200, res.body);
    }

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages += 1) {
      const res = await t.call('GET', `/v1/orders?channel=${channel}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200, res.body);
      const page = res.json() as { data: OrderJson[]; next_cursor: string | null };
      seen.push(...page.data.map((o) => o.id));
      cursor = page.next_cursor;
      if (!cursor) break;
    }
    assert.equal(cursor, null, 'the walk ends within 10 pages of 3');
    assert.equal(new Set(seen).size, seen.length, `no order twice: ${seen.join(', ')}`);
    assert.deepEqual(seen, [...seen].sort().reverse(), 'newest first');
    assert.deepEqual([...seen].sort(), made.map((o) => o.id).sort(), 'every order of the channel, exactly once');

    const ids = async (query: string) => ((await t.call('GET', `/v1/orders?channel=${channel}&limit=500&${query}`)).json().data as OrderJson[]).map((o) => o.id).sort();
    assert.deepEqual(await ids('status=cancelled'), [...cancelledIds].sort(), 'status=cancelled: the three cancelled');
    assert.deepEqual(await ids(`sku=${other}`), made.slice(5).map((o) => o.id).sort(), 'sku: the two orders of that SKU');
    assert.deepEqual(await ids(`customer_email=${email.toUpperCase()}`), made.slice(0, 4).map((o) => o.id).sort(), 'customer_email, case-insensitive: that customer\'s four');
    const none = (await t.call('GET', `/v1/orders?channel=${channel}&created_to=2000-01-01T00:00:00Z`)).json();
    assert.deepEqual(none, { data: [], next_cursor: null });
    const badCursor = await t.call('GET', '/v1/orders?cursor=bm9wZQ');
    assert.equal(badCursor.statusCode, 400, badCursor.body);
  });
});
