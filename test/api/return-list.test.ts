import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createApiKey, createChannel, createLocation, createProduct, placeOrder, uniqueCode, type OrderJson } from '../support/factories.js';

/**
 * GET /v1/returns as the returns queue reads it: each return names its order's number, customer and
 * channel (so the console needs no read per row), and its actors by label, not by `usr_…`/`key_…`.
 */
let t: TestApp;
const SIZE = { dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 };
let wh: string;

before(async () => {
  t = await buildTestApp();
  assert.equal((await t.call('PUT', '/v1/boxes/RL-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  wh = (await createLocation(t, uniqueCode('RLW'), { address: { name: 'Returns DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' })).code;
});
after(() => t.close());

async function shippedOrder(overrides: Record<string, unknown>): Promise<OrderJson & { number: number }> {
  const { sku } = await createProduct(t, uniqueCode('RL'), SIZE);
  await adjust(t, sku, wh, 5);
  const order = await placeOrder(t, [{ sku, quantity: 1 }], overrides);
  for (const fo of (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[]) {
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {});
    assert.equal(shipped.statusCode, 201, shipped.body);
  }
  return order as OrderJson & { number: number };
}

interface Item { id: string; order_id: string; created_by: string; created_by_label: string; order: { number: number; channel: string; channel_name: string | null; customer_name: string | null; customer_email: string | null } | null }

test('each return of the page carries its order’s number, customer and channel, and who requested it by name', async () => {
  const channel = await createChannel(t, 'shopify');
  const clerk = await createApiKey(t, 'operator');
  const a = await shippedOrder({ customer: { email: 'grace@example.com', name: 'Grace Hopper' } });
  const b = await shippedOrder({ channel: channel.id, external_id: uniqueCode('SHOP'), customer: { email: 'only-mail@example.com' } });
  const ids: string[] = [];
  for (const o of [a, b]) {
    const res = await t.call('POST', `/v1/orders/${o.id}/returns`, { lines: [{ order_line_id: o.lines[0]?.id, quantity: 1, reason: 'defective' }] }, { key: clerk.key });
    assert.equal(res.statusCode, 201, res.body);
    ids.push(res.json().id as string);
  }
  const list = await t.call('GET', '/v1/returns?limit=50');
  assert.equal(list.statusCode, 200, list.body);
  const items = (list.json().data as Item[]).filter((r) => ids.includes(r.id));
  assert.equal(items.length, 2, 'both returns listed');
  const ofA = items.find((r) => r.order_id === a.id);
  const ofB = items.find((r) => r.order_id === b.id);
  assert.deepEqual(ofA?.order, { number: a.number, channel: 'web', channel_name: null, customer_name: 'Grace Hopper', customer_email: 'grace@example.com' });
  assert.deepEqual(ofB?.order, { number: b.number, channel: channel.id, channel_name: channel.name, customer_name: null, customer_email: 'only-mail@example.com' });
  assert.match(ofA?.created_by ?? '', /^key_/);
  assert.equal(ofA?.created_by_label, clerk.name, 'the API key’s name, not its id');
});

test('a single return names who requested it by label too', async () => {
  const clerk = await createApiKey(t, 'operator');
  const o = await shippedOrder({});
  const res = await t.call('POST', `/v1/orders/${o.id}/returns`, { lines: [{ order_line_id: o.lines[0]?.id, quantity: 1, reason: 'defective' }] }, { key: clerk.key });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().created_by_label, clerk.name);
  const one = await t.call('GET', `/v1/returns/${res.json().id}`);
  assert.equal(one.json().created_by_label, clerk.name);
  assert.equal(one.json().order, undefined, 'the order summary belongs to the list only');
});
