import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { expectRefusedWithoutWrites } from '../support/bad-input.js';
import { adjust, createApiKey, createLocation, createProduct, placeOrder, stockedProduct, uniqueCode, type OrderJson } from '../support/factories.js';

// Holds on orders (ADR 0025): several at once; while any is active no fulfillment order goes to a
// location; the last release lets them go by the tenant's release policy.
let t: TestApp;
let operator: { id: string; key: string };
let viewer: string;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'OH-WH', { address: { name: 'Hold DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' } });
  operator = await createApiKey(t, 'operator');
  viewer = (await createApiKey(t, 'viewer')).key;
});
after(() => t.close());

interface HoldJson {
  id: string;
  order_id: string;
  type: string;
  queue: string | null;
  reason: string;
  active: boolean;
  placed_by: string;
  placed_at: string;
  released_by: string | null;
  released_at: string | null;
  release_note: string | null;
}
type HeldOrder = OrderJson & { held: boolean; holds: HoldJson[] };
interface Event {
  type: string;
  actor: string;
  at: string;
  data: Record<string, unknown>;
}

const newOrder = async (quantity = 1) => placeOrder(t, [{ sku: await stockedProduct(t, { 'OH-WH': 5 }), quantity }]);
const hold = (orderId: string, body: Record<string, unknown>, options: { key?: string; headers?: Record<string, string> } = {}) => t.call('POST', `/v1/orders/${orderId}/holds`, body, options);
const release = (orderId: string, holdId: string, note: string, options: { key?: string; headers?: Record<string, string> } = {}) => t.call('DELETE', `/v1/orders/${orderId}/holds/${holdId}`, { note }, options);
const orderOf = async (id: string) => (await t.call('GET', `/v1/orders/${id}`)).json() as HeldOrder;
const fulfillmentOf = async (orderId: string) => ((await t.call('GET', `/v1/fulfillment-orders?order_id=${orderId}`)).json().data as { id: string; status: string }[]).map((f) => f.status);
const timeline = async (id: string) => ((await t.call('GET', `/v1/orders/${id}/events`)).json() as { data: Event[] }).data;
const setRelease = async (policy: 'immediate' | 'waves' | 'review') => assert.equal((await t.call('PATCH', '/v1/settings', { fulfillment_release: policy })).statusCode, 200);

describe('placing and releasing', () => {
  test('a hold keeps the released fulfillment order back; the same type again is the same hold; the last release lets it go', async () => {
    const order = await newOrder();
    assert.deepEqual(await fulfillmentOf(order.id), ['released'], 'immediate release policy');
    const placed = await hold(order.id, { type: 'manual', reason: 'Customer asked us to wait' }, { key: operator.key });
    assert.equal(placed.statusCode, 201, placed.body);
    const manual = placed.json() as HoldJson;
    assert.match(manual.id, /^ohd_[0-9a-z]{26}$/);
    assert.deepEqual([manual.type, manual.queue, manual.reason, manual.active, manual.placed_by, manual.released_at], ['manual', null, 'Customer asked us to wait', true, operator.id, null]);
    assert.deepEqual(await fulfillmentOf(order.id), ['on_hold'], 'the released fulfillment order is back on hold');
    const again = await hold(order.id, { type: 'manual', reason: 'Said twice' });
    assert.deepEqual([again.statusCode, again.json().id, again.json().reason], [200, manual.id, 'Customer asked us to wait'], 'placing the same type again answers the active hold');
    const payment = (await hold(order.id, { type: 'payment', reason: 'Card payment pending' })).json() as HoldJson;
    let view = await orderOf(order.id);
    assert.equal(view.held, true);
    assert.deepEqual(view.holds.map((h) => h.type), ['manual', 'payment']);
    assert.equal(view.status, 'allocated', 'the status still says how the order is allocated');

    const first = await release(order.id, manual.id, 'Customer called back', { key: operator.key });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual([first.json().active, first.json().released_by, first.json().release_note], [false, operator.id, 'Customer called back']);
    assert.deepEqual(await fulfillmentOf(order.id), ['on_hold'], 'one hold is left: nothing goes');
    const last = await release(order.id, payment.id, 'Payment captured');
    assert.equal(last.statusCode, 200, last.body);
    assert.deepEqual(await fulfillmentOf(order.id), ['released'], 'the last release releases the order');
    view = await orderOf(order.id);
    assert.deepEqual([view.held, view.holds], [false, []]);

    const events = await timeline(order.id);
    const held = events.filter((e) => e.type === 'order.held');
    assert.deepEqual(held.map((e) => [e.data.hold_type, e.data.reason]), [['manual', 'Customer asked us to wait'], ['payment', 'Card payment pending']], 'one order.held per hold placed (the repeat wrote nothing)');
    assert.equal(held[0]?.actor, operator.id);
    assert.equal((held[0]?.data.fulfillment_orders_held as string[]).length, 1);
    const released = events.filter((e) => e.type === 'order.released');
    assert.deepEqual(released.map((e) => [e.data.hold_type, e.data.reason, e.data.holds_left, (e.data.fulfillment_orders_released as string[]).length]), [['manual', 'Customer called back', 1, 0], ['payment', 'Payment captured', 0, 1]]);

    const all = (await t.call('GET', `/v1/orders/${order.id}/holds`)).json().data as HoldJson[];
    assert.deepEqual(all.map((h) => [h.type, h.active]), [['payment', false], ['manual', false]], 'GET lists released holds too, newest first');
  });

  test('a held order’s fulfillment order cannot be released by hand; under waves or review the last release leaves it pending', async () => {
    await setRelease('review');
    try {
      const order = await newOrder();
      assert.deepEqual(await fulfillmentOf(order.id), ['pending']);
      const h = (await hold(order.id, { type: 'fraud_review', reason: 'Staff suspects card testing' })).json() as HoldJson;
      assert.deepEqual(await fulfillmentOf(order.id), ['on_hold']);
      const fo = ((await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[])[0]?.id as string;
      const byHand = await t.call('POST', `/v1/fulfillment-orders/${fo}/release`, { reason: 'try' });
      assert.deepEqual([byHand.statusCode, byHand.json().code], [409, 'FULFILLMENT_ILLEGAL_TRANSITION'], byHand.body);
      assert.match(byHand.json().detail, /release the order's holds/);
      assert.equal((await release(order.id, h.id, 'Looks fine')).statusCode, 200);
      assert.deepEqual(await fulfillmentOf(order.id), ['pending'], 'review: waits for someone to release it');
    } finally {
      await setRelease('immediate');
    }
  });

  test('a released hold released again is 409 and writes nothing; a new hold of that type may be placed after', async () => {
    const order = await newOrder();
    const h = (await hold(order.id, { type: 'address_review', reason: 'ZIP and state disagree' })).json() as HoldJson;
    assert.equal((await release(order.id, h.id, 'Address confirmed')).statusCode, 200);
    await expectRefusedWithoutWrites(t, { name: 'released twice', method: 'DELETE', url: `/v1/orders/${order.id}/holds/${h.id}`, body: { note: 'again' }, status: 409, code: 'ORDER_HOLD_ALREADY_RELEASED', field: 'hold_id' }, { method: 'DELETE', url: '' });
    const next = await hold(order.id, { type: 'address_review', reason: 'Changed again' });
    assert.equal(next.statusCode, 201, 'a released hold does not block a new one');
    assert.notEqual(next.json().id, h.id);
  });

  test('Idempotency-Key: a retried place or release answers the first answer and writes once', async () => {
    const order = await newOrder();
    const key = `hold-${uniqueCode()}`;
    const a = await hold(order.id, { type: 'manual', reason: 'once' }, { headers: { 'idempotency-key': key } });
    const b = await hold(order.id, { type: 'manual', reason: 'once' }, { headers: { 'idempotency-key': key } });
    assert.deepEqual([a.statusCode, b.statusCode, b.json().id], [201, 201, a.json().id]);
    const repeatKey = `hold-${uniqueCode()}`;
    const repeat = await hold(order.id, { type: 'manual', reason: 'twice' }, { headers: { 'idempotency-key': repeatKey } });
    const repeatAgain = await hold(order.id, { type: 'manual', reason: 'twice' }, { headers: { 'idempotency-key': repeatKey } });
    assert.deepEqual([repeat.statusCode, repeatAgain.statusCode, repeatAgain.json().id], [200, 200, a.json().id], 'a retry answers 200 as its first request did');
    const rkey = `release-${uniqueCode()}`;
    const r1 = await release(order.id, a.json().id, 'done', { headers: { 'idempotency-key': rkey } });
    const r2 = await release(order.id, a.json().id, 'done', { headers: { 'idempotency-key': rkey } });
    assert.deepEqual([r1.statusCode, r2.statusCode, r2.json().released_at], [200, 200, r1.json().released_at]);
    const events = await timeline(order.id);
    assert.deepEqual([events.filter((e) => e.type === 'order.held').length, events.filter((e) => e.type === 'order.released').length], [1, 1]);
  });
});

describe('stock and holds', () => {
  test('a held backordered order still gets stock on receipt; its new fulfillment order waits on hold', async () => {
    const sku = (await createProduct(t, uniqueCode('OHB'), { backorderable: true })).sku as string;
    const order = await placeOrder(t, [{ sku, quantity: 2 }]);
    assert.equal(order.status, 'backordered');
    const h = (await hold(order.id, { type: 'verification', reason: 'Waiting for the customer' })).json() as HoldJson;
    await adjust(t, sku, 'OH-WH', 3);
    const view = await orderOf(order.id);
    assert.deepEqual([view.status, view.lines[0]?.allocated, view.held], ['allocated', 2, true], 'allocated while held');
    assert.deepEqual(await fulfillmentOf(order.id), ['on_hold']);
    assert.equal((await release(order.id, h.id, 'Verified')).statusCode, 200);
    assert.deepEqual(await fulfillmentOf(order.id), ['released']);
  });

  test('stock stays reserved under a hold', async () => {
    const sku = await stockedProduct(t, { 'OH-WH': 4 });
    const order = await placeOrder(t, [{ sku, quantity: 3 }]);
    await hold(order.id, { type: 'manual', reason: 'wait' });
    const level = ((await t.call('GET', `/v1/inventory/${sku}`)).json() as { locations: { reserved: number }[] }).locations[0];
    assert.equal(level?.reserved, 3);
  });
});

describe('list filters', () => {
  test('held=true / false and hold_type= find held orders', async () => {
    const a = await newOrder();
    const b = await newOrder();
    await hold(a.id, { type: 'payment', reason: 'pending' });
    const ids = async (query: string) => ((await t.call('GET', `/v1/orders?${query}&limit=500`)).json().data as { id: string }[]).map((o) => o.id);
    const held = await ids('held=true');
    assert.deepEqual([held.includes(a.id), held.includes(b.id)], [true, false], 'held=true: the held order only');
    const notHeld = await ids('held=false');
    assert.deepEqual([notHeld.includes(a.id), notHeld.includes(b.id)], [false, true], 'held=false: the other one only');
    assert.equal((await ids('hold_type=payment')).includes(a.id), true, 'hold_type=payment finds it');
    assert.equal((await ids('hold_type=manual&hold_type=fraud_review')).includes(a.id), false, 'other hold types do not');
    const bad = await t.call('GET', '/v1/orders?hold_type=vacation');
    assert.equal(bad.statusCode, 400);
    assert.ok((bad.json().errors as { field: string }[]).some((e) => e.field.includes('hold_type')), bad.body);
  });
});

describe('refusals', () => {
  test('bad input names the field and writes nothing', async () => {
    const order = await newOrder();
    const url = `/v1/orders/${order.id}/holds`;
    const cases = [
      { name: 'unknown type', body: { type: 'vacation', reason: 'x' }, status: 400, code: 'REQUEST_INVALID', field: 'type' },
      { name: 'missing reason', body: { type: 'manual' }, status: 400, code: 'REQUEST_INVALID', field: 'reason' },
      { name: 'empty reason', body: { type: 'manual', reason: '' }, status: 400, code: 'REQUEST_INVALID', field: 'reason' },
      { name: 'reason too long', body: { type: 'manual', reason: 'x'.repeat(501) }, status: 400, code: 'REQUEST_INVALID', field: 'reason' },
      { name: 'unknown field', body: { type: 'manual', reason: 'x', until: 'tomorrow' }, status: 400, code: 'REQUEST_INVALID', field: 'until' },
      { name: 'unknown order', url: '/v1/orders/ord_00000000000000000000000000/holds', body: { type: 'manual', reason: 'x' }, status: 404, code: 'ORDER_NOT_FOUND' },
    ];
    for (const c of cases) await expectRefusedWithoutWrites(t, c, { method: 'POST', url });
    const h = (await hold(order.id, { type: 'manual', reason: 'x' })).json() as HoldJson;
    const releaseUrl = `/v1/orders/${order.id}/holds/${h.id}`;
    for (const c of [
      { name: 'no note', body: {}, status: 400, code: 'REQUEST_INVALID', field: 'note' },
      { name: 'empty note', body: { note: '' }, status: 400, code: 'REQUEST_INVALID', field: 'note' },
      { name: 'malformed hold id', url: `/v1/orders/${order.id}/holds/hld_1`, body: { note: 'x' }, status: 400, code: 'REQUEST_INVALID', field: 'params.hold_id' },
      { name: 'unknown hold', url: `/v1/orders/${order.id}/holds/ohd_00000000000000000000000000`, body: { note: 'x' }, status: 404, code: 'ORDER_HOLD_NOT_FOUND', field: 'hold_id' },
    ]) {
      await expectRefusedWithoutWrites(t, c, { method: 'DELETE', url: releaseUrl });
    }
    // Another order's hold, through this order: not found here.
    const other = await newOrder();
    await expectRefusedWithoutWrites(t, { name: 'hold of another order', url: `/v1/orders/${other.id}/holds/${h.id}`, body: { note: 'x' }, status: 404, code: 'ORDER_HOLD_NOT_FOUND', field: 'hold_id' }, { method: 'DELETE', url: '' });
  });

  test('a cancelled or shipped order cannot be held (409), nothing written', async () => {
    const cancelled = await newOrder();
    assert.equal((await t.call('POST', `/v1/orders/${cancelled.id}/cancel`, { reason: 'customer changed mind' })).statusCode, 200);
    await expectRefusedWithoutWrites(t, { name: 'cancelled', body: { type: 'manual', reason: 'x' }, status: 409, code: 'ORDER_NOT_HOLDABLE', field: 'order' }, { method: 'POST', url: `/v1/orders/${cancelled.id}/holds` });
    assert.equal((await t.call('PUT', '/v1/boxes/OH-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
    const sku = await stockedProduct(t, { 'OH-WH': 2 }, { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 });
    const shipped = await placeOrder(t, [{ sku, quantity: 1 }]);
    for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${shipped.id}`)).json().data as { id: string }[]) {
      const packed = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
      assert.equal(packed.statusCode, 200, packed.body);
      const res = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, { tracking_numbers: ['1Z999AA10123456784'] });
      assert.equal(res.statusCode, 201, res.body);
    }
    assert.equal((await orderOf(shipped.id)).status, 'shipped');
    await expectRefusedWithoutWrites(t, { name: 'shipped', body: { type: 'manual', reason: 'x' }, status: 409, code: 'ORDER_NOT_HOLDABLE' }, { method: 'POST', url: `/v1/orders/${shipped.id}/holds` });
  });

  test('a viewer may read holds but neither place nor release them', async () => {
    const order = await newOrder();
    const h = (await hold(order.id, { type: 'manual', reason: 'x' })).json() as HoldJson;
    const placed = await hold(order.id, { type: 'payment', reason: 'x' }, { key: viewer });
    assert.deepEqual([placed.statusCode, placed.json().code], [403, 'AUTH_FORBIDDEN']);
    const released = await release(order.id, h.id, 'x', { key: viewer });
    assert.deepEqual([released.statusCode, released.json().code], [403, 'AUTH_FORBIDDEN']);
    const read = await t.call('GET', `/v1/orders/${order.id}/holds`, undefined, { key: viewer });
    assert.deepEqual(read.json().data.map((x: HoldJson) => x.active), [true]);
  });
});
