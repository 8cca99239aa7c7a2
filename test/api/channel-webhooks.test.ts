// test-files: database server (a delivery and its redelivery arriving at once are applied once)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { queryRows } from '../../src/platform/db/database.js';
import { signShopify, signWooCommerce } from '../../src/modules/channels/domain/signatures.js';
import { SHOPIFY_ORDER } from '../../src/modules/channels/domain/fixtures/shopify-order.js';
import { WOOCOMMERCE_ORDER } from '../../src/modules/channels/domain/fixtures/woocommerce-order.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct } from '../support/factories.js';
import { startWooCommerceServer, type WooCommerceServer } from '../support/woocommerce-server.js';

// Issue #11 items 5, 15 and 8 (webhooks): every decision comes from the signed body; deliveries
// are applied once and in the order of their signed timestamps; WooCommerce's unsigned ping is
// answered; text PostgreSQL cannot hold is refused before anything is stored.

const SHOP_SECRET = 'shopify-app-secret-webhook-tests';
const WOO_SECRET = 'woocommerce-webhook-secret-tests';

let t: TestApp;
let store: WooCommerceServer;
let shop: { id: string; webhook_url: string };
let woo: { id: string; webhook_url: string };
let wooChecked: { id: string; webhook_url: string };
let seq = 0;

before(async () => {
  t = await buildTestApp({ secrets: { OMS_WEBHOOK_ALLOW_PRIVATE: '1' } });
  store = await startWooCommerceServer();
  await createLocation(t, 'HW-WH');
  for (const sku of ['AW-1001', 'AW-1002']) {
    await createProduct(t, sku);
    await adjust(t, sku, 'HW-WH', 500);
  }
  const channel = async (body: Record<string, unknown>) => {
    const res = await t.call('POST', '/v1/channels', body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; webhook_url: string };
  };
  shop = await channel({ type: 'shopify', name: 'Hooked Shopify', secret: SHOP_SECRET });
  woo = await channel({ type: 'woocommerce', name: 'Hooked Woo', secret: WOO_SECRET });
  wooChecked = await channel({ type: 'woocommerce', name: 'Hooked Woo with REST', secret: WOO_SECRET, settings: { store_url: store.url }, access_token: `${store.consumerKey}:${store.consumerSecret}` });
});
after(async () => {
  await store.close();
  await t.close();
});

/** A Shopify Order body with a fresh id. */
function shopifyOrder(overrides: Record<string, unknown> = {}) {
  const id = 5550007770000 + ++seq;
  return { ...structuredClone(SHOPIFY_ORDER), id, admin_graphql_api_id: `gid://shopify/Order/${id}`, name: `#HW${seq}`, ...overrides };
}

/** A WooCommerce REST order with a fresh id. */
function wooOrder(overrides: Record<string, unknown> = {}) {
  const id = 90_000 + ++seq;
  return { ...structuredClone(WOOCOMMERCE_ORDER), id, number: String(id), ...overrides };
}

function post(url: string, body: string | Buffer, headers: Record<string, string>, contentType = 'application/json') {
  return t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': contentType, ...headers } });
}

/** Delivered as Shopify does: the HMAC covers the body only; topic and webhook id ride beside it. */
function toShopify(body: unknown, topic: string, webhookId?: string) {
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return post(shop.webhook_url, raw, { 'x-shopify-hmac-sha256': signShopify(raw, SHOP_SECRET), 'x-shopify-topic': topic, ...(webhookId ? { 'x-shopify-webhook-id': webhookId } : {}) });
}

function toWoo(channel: { webhook_url: string }, body: unknown, topic: string, deliveryId?: string) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return post(channel.webhook_url, raw, { 'x-wc-webhook-signature': signWooCommerce(raw, WOO_SECRET), 'x-wc-webhook-topic': topic, 'x-wc-webhook-id': '12', ...(deliveryId ? { 'x-wc-webhook-delivery-id': deliveryId } : {}) });
}

function answer(res: LightMyRequestResponse, outcome: string): { outcome: string; order_id: string | null } {
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().outcome, outcome, res.body);
  return res.json();
}

function refused(res: LightMyRequestResponse, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.json().code, code, res.body);
}

async function statusOf(orderId: string): Promise<string> {
  const res = await t.call('GET', `/v1/orders/${orderId}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().status as string;
}

async function eventTypes(orderId: string): Promise<string[]> {
  const res = await t.call('GET', `/v1/orders/${orderId}/events`);
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().data as { type: string }[]).map((e) => e.type);
}

async function counts(): Promise<{ orders: number; events: number }> {
  const [row] = await queryRows<{ orders: string; events: string }>(t.database.db, sql`select (select count(*) from orders) as orders, (select count(*) from events) as events`);
  return { orders: Number(row?.orders), events: Number(row?.events) };
}

describe('the signed body decides, never the topic header', () => {
  test('a signed orders/create body replayed with X-Shopify-Topic: orders/cancelled cancels nothing', async () => {
    const order = shopifyOrder();
    const created = answer(await toShopify(order, 'orders/create'), 'created');
    const statusBefore = await statusOf(created.order_id as string);
    refused(await toShopify(order, 'orders/cancelled'), 422, 'CHANNEL_TOPIC_MISMATCH');
    assert.equal(await statusOf(created.order_id as string), statusBefore, 'the order is not cancelled');
    // The genuine cancellation (cancelled_at in the signed body) still cancels, whatever the topic says.
    const cancelled = shopifyOrder({ id: order.id, admin_graphql_api_id: order.admin_graphql_api_id, cancelled_at: '2025-03-14T11:00:00-04:00', cancel_reason: 'customer', updated_at: '2025-03-14T11:00:01-04:00' });
    answer(await toShopify(cancelled, 'orders/updated'), 'cancelled');
    assert.equal(await statusOf(created.order_id as string), 'cancelled');
  });

  test('WooCommerce order.deleted on a signed order body is refused; a signed {id} is no proof of a deletion', async () => {
    const order = wooOrder();
    const created = answer(await toWoo(woo, order, 'order.created'), 'created');
    const id = created.order_id as string;
    refused(await toWoo(woo, order, 'order.deleted'), 422, 'CHANNEL_TOPIC_MISMATCH');
    assert.equal(await statusOf(id), 'allocated');
    // The body WooCommerce sends for any deleted resource with this id: without the store's API to ask, the order is flagged, not cancelled.
    answer(await toWoo(woo, { id: order.id }, 'order.deleted', 'del-1'), 'review');
    answer(await toWoo(woo, { id: order.id }, 'order.deleted', 'del-2'), 'review');
    assert.equal(await statusOf(id), 'allocated', 'nothing cancelled');
    assert.equal((await eventTypes(id)).filter((e) => e === 'order.channel_deletion_reported').length, 1, 'flagged once for review on the order’s timeline');
    // A deleted product or coupon sends the same {id}: not an order topic, ignored.
    answer(await toWoo(woo, { id: order.id }, 'product.deleted'), 'ignored');
  });

  test('with the store’s REST API configured, a deletion is checked there before anything is cancelled', async () => {
    const kept = wooOrder();
    const gone = wooOrder();
    const trashed = wooOrder();
    const ids: string[] = [];
    for (const o of [kept, gone, trashed]) ids.push(answer(await toWoo(wooChecked, o, 'order.created'), 'created').order_id as string);
    store.orders.set(kept.id, kept);
    store.orders.set(trashed.id, { ...trashed, status: 'trash', date_modified_gmt: '2025-03-15T08:00:00' });
    answer(await toWoo(wooChecked, { id: kept.id }, 'order.deleted'), 'ignored');
    assert.equal(await statusOf(ids[0] as string), 'allocated', 'the store still has it: not cancelled');
    answer(await toWoo(wooChecked, { id: gone.id }, 'order.deleted'), 'cancelled');
    assert.equal(await statusOf(ids[1] as string), 'cancelled', 'the store answers Invalid ID: deleted for good');
    answer(await toWoo(wooChecked, { id: trashed.id }, 'order.deleted'), 'cancelled');
    assert.equal(await statusOf(ids[2] as string), 'cancelled', 'in the store’s trash');
    const asked = store.requests.filter((r) => r.path.startsWith('/wp-json/wc/v3/orders/'));
    assert.deepEqual(asked.map((r) => r.path), [kept.id, gone.id, trashed.id].map((id) => `/wp-json/wc/v3/orders/${id}`));
    assert.ok(asked.every((r) => r.authorization?.startsWith('Basic ')), 'asked with the channel’s consumer key');
  });
});

describe('a woocommerce channel’s store address', () => {
  test('settings.store_url must be an address the REST API can be asked at', async () => {
    for (const store_url of ['shop.example.com', 'ftp://shop.example.com', 'https://user:pw@shop.example.com', 'https://shop.example.com/?x=1', 42]) {
      const res = await t.call('POST', '/v1/channels', { type: 'woocommerce', name: `Bad store ${String(store_url)}`, settings: { store_url } });
      refused(res, 422, 'CHANNEL_SETTINGS_INVALID');
      assert.equal(res.json().errors[0].field, 'settings.store_url');
    }
  });
});

describe('deliveries are applied once and in the order of their signed timestamps', () => {
  test('a redelivered X-Shopify-Webhook-Id / X-WC-Webhook-Delivery-ID answers duplicate and changes nothing', async () => {
    const order = shopifyOrder();
    const created = answer(await toShopify(order, 'orders/create', 'wh-create-1'), 'created');
    const cancelled = { ...order, cancelled_at: '2025-03-14T12:00:00-04:00', updated_at: '2025-03-14T12:00:00-04:00' };
    answer(await toShopify(cancelled, 'orders/cancelled', 'wh-cancel-1'), 'cancelled');
    const before = await counts();
    const again = answer(await toShopify(cancelled, 'orders/cancelled', 'wh-cancel-1'), 'duplicate');
    assert.equal(again.order_id, created.order_id);
    assert.deepEqual(await counts(), before, 'nothing written');

    const w = wooOrder();
    answer(await toWoo(woo, w, 'order.created', 'dlv-a'), 'created');
    const wCancelled = { ...w, status: 'cancelled', date_modified_gmt: '2025-03-14T14:00:00' };
    answer(await toWoo(woo, wCancelled, 'order.updated', 'dlv-b'), 'cancelled');
    answer(await toWoo(woo, wCancelled, 'order.updated', 'dlv-b'), 'duplicate');
  });

  test('a delivery and its redelivery arriving at once are applied once', async () => {
    const order = shopifyOrder();
    const before = await counts();
    const answers = await Promise.all([toShopify(order, 'orders/create', 'wh-race'), toShopify(order, 'orders/create', 'wh-race')]);
    assert.deepEqual(answers.map((a) => a.statusCode), [200, 200], answers.map((a) => a.body).join('\n'));
    assert.deepEqual(answers.map((a) => a.json().outcome).sort(), ['created', 'duplicate']);
    assert.equal(answers[0]?.json().order_id, answers[1]?.json().order_id);
    assert.equal((await counts()).orders, before.orders + 1);
  });

  test('an older signed update after a newer one is stale and changes nothing', async () => {
    const order = shopifyOrder({ updated_at: '2025-03-14T10:00:00-04:00' });
    const created = answer(await toShopify(order, 'orders/create'), 'created');
    answer(await toShopify({ ...order, note: 'gift wrap', updated_at: '2025-03-14T10:30:00-04:00' }, 'orders/updated'), 'duplicate');
    // Cancelled at 10:15, delivered late (or replayed) after the 10:30 update was applied.
    const before = await counts();
    answer(await toShopify({ ...order, cancelled_at: '2025-03-14T10:15:00-04:00', updated_at: '2025-03-14T10:15:00-04:00' }, 'orders/cancelled'), 'stale');
    assert.equal(await statusOf(created.order_id as string), 'allocated');
    assert.deepEqual(await counts(), before, 'nothing written');

    const w = wooOrder({ date_modified_gmt: '2025-03-14T13:00:00' });
    const wCreated = answer(await toWoo(woo, w, 'order.created'), 'created');
    answer(await toWoo(woo, { ...w, status: 'on-hold', date_modified_gmt: '2025-03-14T15:00:00' }, 'order.updated'), 'duplicate');
    answer(await toWoo(woo, { ...w, status: 'cancelled', date_modified_gmt: '2025-03-14T14:00:00' }, 'order.updated'), 'stale');
    assert.equal(await statusOf(wCreated.order_id as string), 'allocated');
  });

  test('the signed create body of an order cancelled since cannot bring it back', async () => {
    const order = shopifyOrder({ updated_at: '2025-03-14T10:00:00-04:00' });
    const before = await counts();
    // The cancellation arrives first (the create delivery was delayed): no order to cancel, but it is remembered.
    answer(await toShopify({ ...order, cancelled_at: '2025-03-14T10:05:00-04:00', updated_at: '2025-03-14T10:05:00-04:00' }, 'orders/cancelled'), 'ignored');
    answer(await toShopify(order, 'orders/create'), 'stale');
    assert.equal((await counts()).orders, before.orders, 'no order created');
  });

  test('a body without its signed timestamp cannot be ordered and is refused', async () => {
    const { updated_at: _dropped, ...order } = shopifyOrder();
    const res = await toShopify(order, 'orders/create');
    refused(res, 422, 'CHANNEL_PAYLOAD_INVALID');
    assert.ok((res.json().errors as { field: string }[]).some((e) => e.field === 'updated_at'), res.body);
  });
});

describe('WooCommerce’s ping when a webhook is saved', () => {
  test('the unsigned form body webhook_id=N answers 200 and creates nothing; nothing else goes unsigned', async () => {
    const before = await counts();
    const ping = await post(woo.webhook_url, 'webhook_id=12', { 'user-agent': 'WooCommerce/9.6.0 Hookshot (WordPress/6.7.2)' }, 'application/x-www-form-urlencoded');
    answer(ping, 'ping');
    answer(await post(woo.webhook_url, 'webhook_id=12', {}, 'application/x-www-form-urlencoded; charset=UTF-8'), 'ping');
    assert.deepEqual(await counts(), before, 'nothing created');
    refused(await post(woo.webhook_url, 'webhook_id=12&status=cancelled', {}, 'application/x-www-form-urlencoded'), 415, 'REQUEST_UNSUPPORTED_MEDIA_TYPE');
    refused(await post(shop.webhook_url, 'webhook_id=12', {}, 'application/x-www-form-urlencoded'), 415, 'REQUEST_UNSUPPORTED_MEDIA_TYPE');
    refused(await post(woo.webhook_url, '{"webhook_id":12}', {}), 401, 'CHANNEL_SIGNATURE_INVALID');
    refused(await post('/v1/channels/chn_00000000000000000000000000/webhooks/woocommerce', 'webhook_id=12', {}, 'application/x-www-form-urlencoded'), 401, 'CHANNEL_SIGNATURE_INVALID');
  });
});

describe('text PostgreSQL cannot store', () => {
  test('NUL, a lone surrogate or invalid UTF-8 in a signed body is a 4xx problem and nothing is stored', async () => {
    const before = await counts();
    const nulNote = JSON.stringify(shopifyOrder({ note: 'leave at door\u0000' }));
    const nulTax = JSON.stringify(shopifyOrder({ tax_lines: [{ title: 'State\u0000Tax', price: '1.00', rate: 0.05 }] }));
    const surrogate = JSON.stringify(shopifyOrder({ note: 'NOTE' })).replace('"NOTE"', '"\\ud800"');
    const invalid = Buffer.from(JSON.stringify(shopifyOrder({ note: 'NOTE' })));
    invalid.set([0xff], invalid.indexOf('NOTE'));
    for (const body of [nulNote, nulTax, surrogate, invalid]) {
      const res = await toShopify(body, 'orders/create', `wh-bad-${++seq}`);
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    const nulWoo = JSON.stringify(wooOrder({ customer_note: '\u0000' }));
    const res = await toWoo(woo, nulWoo, 'order.created');
    refused(res, 400, 'REQUEST_INVALID');
    assert.equal(res.json().errors[0].field, 'customer_note');
    assert.deepEqual(await counts(), before, 'no order, no event');
  });
});
