import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiKey, createChannel, createLocation, placeOrder, signedInUser, stockedProduct, uniqueCode, type OrderJson, type SignedIn } from '../support/factories.js';

// The review queue (ADR 0031): a case per review hold, closed approved (hold released) or rejected
// (order cancelled, stock back); cancelling a held order by any route ends its holds.
let t: TestApp;
let operator: SignedIn;
let viewer: string;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'RV-WH', { address: { name: 'Review DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' } });
  operator = await signedInUser(t, 'operator');
  viewer = (await createApiKey(t, 'viewer')).key;
});
after(() => t.close());

interface CaseJson {
  id: string;
  order_id: string;
  kind: string;
  hold_id: string;
  status: string;
  age_seconds: number;
  assignee: string | null;
  score: number | null;
  order_total: string;
  currency: string;
  shipping_country: string | null;
  sentences: string[];
  resolution: string | null;
  reason: string | null;
  closed_by: string | null;
}
type Detail = CaseJson & { order: OrderJson & { held: boolean }; linked_orders: { id: string; shared: string[] }[] };

const newOrder = async (overrides: Record<string, unknown> = {}, sku?: string) => placeOrder(t, [{ sku: sku ?? (await stockedProduct(t, { 'RV-WH': 5 })), quantity: 2, unit_price: '40.00' }], overrides);
const hold = (orderId: string, type: string, reason = 'looks risky') => t.call('POST', `/v1/orders/${orderId}/holds`, { type, reason });
const casesOf = async (orderId: string) => (await t.call('GET', `/v1/reviews?order_id=${orderId}`)).json().data as CaseJson[];
const close = (id: string, body: Record<string, unknown>, key?: string) => t.call('POST', `/v1/reviews/${id}/close`, body, key ? { key } : {});
const eventTypes = async (orderId: string) => ((await t.call('GET', `/v1/orders/${orderId}/events`)).json().data as { type: string }[]).map((e) => e.type);
const reservedOf = async (sku: string) => ((await t.call('GET', `/v1/inventory?sku=${sku}`)).json().data as { reserved: number }[]).map((r) => r.reserved);
const fulfillmentOf = async (orderId: string) => ((await t.call('GET', `/v1/fulfillment-orders?order_id=${orderId}`)).json().data as { status: string }[]).map((f) => f.status);

describe('opening', () => {
  test('a fraud_review hold placed by hand opens one case with the order’s value and country; placing it again opens none', async () => {
    const order = await newOrder();
    assert.equal((await hold(order.id, 'fraud_review', 'card country differs')).statusCode, 201);
    assert.equal((await hold(order.id, 'fraud_review', 'again')).statusCode, 200);
    assert.equal((await hold(order.id, 'manual', 'not a review hold')).statusCode, 201);
    const cases = await casesOf(order.id);
    assert.equal(cases.length, 1, 'one open case per order × kind; manual holds open none');
    const c = cases[0] as CaseJson;
    assert.match(c.id, /^rvc_[0-9a-z]{26}$/);
    assert.deepEqual([c.kind, c.status, c.order_total, c.currency, c.shipping_country, c.score, c.sentences, c.assignee], ['fraud_review', 'open', '85.00', 'USD', 'US', null, ['card country differs'], null]);
    assert.ok(c.age_seconds >= 0, 'an age in seconds');
    const types = await eventTypes(order.id);
    assert.equal(types.filter((x) => x === 'review.opened').length, 1);
    assert.ok(types.indexOf('order.held') < types.indexOf('review.opened'), 'the hold first, then its case');
  });

  test('a channel order with a bad address is captured with an address_review hold and its case', async () => {
    const shop = await createChannel(t, 'shopify');
    const order = await newOrder({ channel: shop.id, shipping_address: { name: 'Ada', line1: '1 Main St', city: 'Los Angeles', region: 'NY', postal_code: '90013', country: 'US' } });
    const [c] = await casesOf(order.id);
    assert.equal(c?.kind, 'address_review');
    assert.match(c?.sentences[0] ?? '', /90013/);
  });
});

describe('the queue', () => {
  test('filters by kind, country, value and assignee; pages oldest first by cursor', async () => {
    const tag = uniqueCode('q');
    const sku = await stockedProduct(t, { 'RV-WH': 50 });
    const orders: OrderJson[] = [];
    for (let i = 0; i < 3; i++) orders.push(await newOrder({ customer: { email: `${tag}-${i}@queue.test`, name: 'Q' } }, sku));
    for (const o of orders) await hold(o.id, 'address_review');
    const ids = new Set(orders.map((o) => o.id));
    const all: CaseJson[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call('GET', `/v1/reviews?kind=address_review&country=us&value_min=85.00&value_max=85&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200, res.body);
      all.push(...(res.json().data as CaseJson[]));
      cursor = res.json().next_cursor;
    } while (cursor);
    const mine = all.filter((c) => ids.has(c.order_id));
    assert.deepEqual(mine.map((c) => c.order_id), orders.map((o) => o.id), 'oldest first');
    assert.deepEqual(all.map((c) => c.id), [...all.map((c) => c.id)].sort(), 'the whole list is oldest first');
    const assigned = await operator.call('POST', `/v1/reviews/${mine[1]?.id}/assign`, { assignee: operator.id });
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.equal(assigned.json().assignee_label, operator.email);
    const mineOnly = (await t.call('GET', `/v1/reviews?assignee=${operator.id}`)).json().data as CaseJson[];
    assert.deepEqual(mineOnly.map((c) => c.id), [mine[1]?.id]);
    assert.equal(((await t.call('GET', '/v1/reviews?value_min=86')).json().data as CaseJson[]).filter((c) => ids.has(c.order_id)).length, 0);
    const bad = await t.call('GET', '/v1/reviews?value_min=1.23456');
    assert.equal(bad.statusCode, 400, bad.body);
    const viewerCase = await t.call('POST', `/v1/reviews/${mine[0]?.id}/assign`, { assignee: (await signedInUser(t, 'viewer')).id });
    assert.equal(viewerCase.statusCode, 422, viewerCase.body);
    assert.equal(viewerCase.json().code, 'REVIEW_ASSIGNEE_UNKNOWN');
  });

  test('value filters are in major units of each case’s currency: JPY has no decimals, KWD three', async () => {
    const sku = await stockedProduct(t, { 'RV-WH': 10 });
    const free = { service_level: 'standard', price: '0' };
    const yen = await placeOrder(t, [{ sku, quantity: 1, unit_price: '8000' }], { currency: 'JPY', shipping: free });
    const dinar = await placeOrder(t, [{ sku, quantity: 1, unit_price: '12.500' }], { currency: 'KWD', shipping: free });
    for (const o of [yen, dinar]) assert.equal((await hold(o.id, 'fraud_review')).statusCode, 201);
    const mine = new Set([yen.id, dinar.id]);
    const matching = async (query: string) => {
      const res = await t.call('GET', `/v1/reviews?kind=fraud_review&limit=200&${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return (res.json().data as CaseJson[]).filter((c) => mine.has(c.order_id)).map((c) => `${c.order_total} ${c.currency}`).sort();
    };
    assert.deepEqual(await matching('value_min=8000'), ['8000 JPY'], '8000 JPY is at least 8000 (not 8000.00 × 100)');
    assert.deepEqual(await matching('value_min=7999.5&value_max=8000'), ['8000 JPY']);
    assert.deepEqual(await matching('value_min=8000.01'), []);
    assert.deepEqual(await matching('value_min=12.5&value_max=12.5'), ['12.500 KWD'], '12.500 KWD is 12500 minor units, not 1250');
    assert.deepEqual(await matching('value_min=12.499&value_max=12.501'), ['12.500 KWD'], 'three decimals for KWD');
    assert.deepEqual(await matching('value_max=12.499'), []);
    assert.deepEqual(await matching('value_min=10&value_max=9000'), ['12.500 KWD', '8000 JPY']);
  });

  test('the case page: order, sentences and linked orders sharing e-mail, phone, address or customer', async () => {
    const tag = uniqueCode('link');
    const address = { name: 'Lin', line1: `${tag} Oak Road`, city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
    const first = await newOrder({ customer: { email: `${tag}@links.test`, name: 'Lin', phone: '+1 973 555 0111' }, shipping_address: address });
    const samePhone = await newOrder({ customer: { email: `${tag}-b@links.test`, name: 'B', phone: '+1 (973) 555-0111' }, shipping_address: { ...address, line1: '9 Elm St' } });
    const sameAddress = await newOrder({ customer: { email: `${tag}-c@links.test`, name: 'C' }, shipping_address: { ...address, line1: `${tag.toUpperCase()}  Oak Road` } });
    const unrelated = await newOrder({ customer: { email: `${tag}-d@links.test`, name: 'D' }, shipping_address: { ...address, line1: '77 Far Away' } });
    await hold(first.id, 'fraud_review');
    const [c] = await casesOf(first.id);
    const res = await t.call('GET', `/v1/reviews/${c?.id}`);
    assert.equal(res.statusCode, 200, res.body);
    const detail = res.json() as Detail;
    assert.equal(detail.order.id, first.id);
    assert.equal(detail.order.held, true);
    const linked = new Map(detail.linked_orders.map((l) => [l.id, l.shared]));
    assert.deepEqual(linked.get(samePhone.id), ['phone']);
    assert.deepEqual(linked.get(sameAddress.id), ['address'], 'the address matches whatever its case and spacing');
    assert.equal(linked.has(unrelated.id), false);
    assert.equal(linked.has(first.id), false, 'not linked to itself');
  });
});

describe('closing', () => {
  test('approved releases the case’s hold; the last hold releases the order; a second close is 409', async () => {
    const order = await newOrder();
    await hold(order.id, 'fraud_review');
    assert.deepEqual(await fulfillmentOf(order.id), ['on_hold']);
    const [c] = await casesOf(order.id);
    const missingReason = await close(c?.id as string, { resolution: 'approved' });
    assert.equal(missingReason.statusCode, 400, 'the reason is required');
    assert.equal((await casesOf(order.id))[0]?.status, 'open', 'nothing written');
    const res = await operator.call('POST', `/v1/reviews/${c?.id}/close`, { resolution: 'approved', reason: 'called the customer' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().status, res.json().resolution, res.json().reason, res.json().closed_by], ['closed', 'approved', 'called the customer', operator.id]);
    assert.deepEqual(await fulfillmentOf(order.id), ['released'], 'the last hold released → fulfillment released');
    const again = await close(c?.id as string, { resolution: 'rejected', reason: 'too late' });
    assert.equal(again.statusCode, 409);
    assert.deepEqual([again.json().code, again.json().resolution], ['REVIEW_CASE_CLOSED', 'approved']);
    const types = await eventTypes(order.id);
    assert.ok(types.includes('review.closed') && types.includes('order.released'), 'review.closed and order.released on the timeline');
    assert.equal((await t.call('GET', `/v1/orders/${order.id}`)).json().status, 'allocated');
  });

  test('rejected cancels the order, releases its stock and ends its other holds; its other cases close as cancelled', async () => {
    const sku = await stockedProduct(t, { 'RV-WH': 5 });
    const order = await newOrder({}, sku);
    assert.deepEqual(await reservedOf(sku), [2], 'the order holds 2 units');
    await hold(order.id, 'fraud_review');
    await hold(order.id, 'address_review');
    await hold(order.id, 'manual', 'staff check');
    const fraud = (await casesOf(order.id)).find((c) => c.kind === 'fraud_review') as CaseJson;
    const res = await close(fraud.id, { resolution: 'rejected', reason: 'stolen card' });
    assert.equal(res.statusCode, 200, res.body);
    const after = (await t.call('GET', `/v1/orders/${order.id}`)).json();
    assert.deepEqual([after.status, after.held, after.holds], ['cancelled', false, []], 'cancelled, no hold left active');
    assert.deepEqual(await reservedOf(sku), [0], 'its stock is released');
    const cases = await casesOf(order.id);
    assert.deepEqual(cases.map((c) => [c.kind, c.resolution]).sort(), [['address_review', 'cancelled'], ['fraud_review', 'rejected']]);
    assert.equal((await t.call('GET', `/v1/orders/${order.id}/holds`)).json().data.filter((h: { active: boolean }) => h.active).length, 0);
  });

  test('cancelling a held order by the cancel route ends its holds and closes its case; closing it then is 409', async () => {
    const order = await newOrder();
    await hold(order.id, 'fraud_review');
    await hold(order.id, 'payment', 'awaiting payment');
    const [c] = await casesOf(order.id);
    assert.equal((await t.call('POST', `/v1/orders/${order.id}/cancel`, { reason: 'customer asked' })).statusCode, 200);
    const holds = (await t.call('GET', `/v1/orders/${order.id}/holds`)).json().data as { active: boolean; release_note: string }[];
    assert.deepEqual(holds.map((h) => [h.active, h.release_note]), [[false, 'order cancelled: customer asked'], [false, 'order cancelled: customer asked']]);
    const late = await close(c?.id as string, { resolution: 'approved', reason: 'looks fine' });
    assert.equal(late.statusCode, 409);
    assert.deepEqual([late.json().code, late.json().resolution], ['REVIEW_CASE_CLOSED', 'cancelled']);
  });

  test('releasing a review hold by hand closes its case as approved', async () => {
    const order = await newOrder();
    const placed = (await hold(order.id, 'address_review')).json();
    assert.equal((await t.call('DELETE', `/v1/orders/${order.id}/holds/${placed.id}`, { note: 'address fixed by phone' })).statusCode, 200);
    const [c] = (await t.call('GET', `/v1/reviews?order_id=${order.id}&status=closed`)).json().data as CaseJson[];
    assert.deepEqual([c?.resolution, c?.reason], ['approved', 'hold released: address fixed by phone']);
  });

  test('a viewer may not read or work the queue', async () => {
    assert.equal((await t.call('GET', '/v1/reviews', undefined, { key: viewer })).statusCode, 403);
  });
});
