// test-files: database server (refund pushes queued by the outbox relay, leased and settled by the push job)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import type { RelayedEvent } from '../../src/platform/outbox/subscribers.js';
import { signShopify, signWooCommerce } from '../../src/modules/channels/domain/signatures.js';
import { SHOPIFY_ORDER } from '../../src/modules/channels/domain/fixtures/shopify-order.js';
import { WOOCOMMERCE_ORDER } from '../../src/modules/channels/domain/fixtures/woocommerce-order.js';
import { channelPushSubscriber, pushChannelUpdates } from '../../src/flows/channels/jobs/channel-pushes.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { relayAll } from '../support/relay.js';
import { adjust, createChannel, createLocation, createProduct, placeOrder } from '../support/factories.js';
import { startShopifyServer, type ShopifyServer } from '../support/shopify-server.js';
import { startWooCommerceServer, type WooCommerceServer } from '../support/woocommerce-server.js';
import { loopbackFetch } from '../support/outbound.js';

// A refund of a return goes back to the platform the order came from, through the shipments' push
// job: Shopify and WooCommerce (local servers speaking their REST APIs) get the refund recorded,
// retried on 5xx / 429, never twice; other platforms get a row for manual action.

type Obj = Record<string, unknown>;
const SHOP_SECRET = 'shopify-app-secret-for-refunds';
const ACCESS_TOKEN = 'shpat_refunds0123456789abcdef01234567';
const WOO_SECRET = 'woo-webhook-secret-for-refunds';
const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };

interface PushRow {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  refund_id: string | null;
  shipment_id: string | null;
  last_status_code: number | null;
  last_error: string | null;
  remote_id: string | null;
  payload: Obj;
}

let t: TestApp;
let shopify: ShopifyServer;
let woo: WooCommerceServer;
const channel = { shopify: '', shopifyWebhook: '', woo: '' };

before(async () => {
  t = await buildTestApp();
  shopify = await startShopifyServer(ACCESS_TOKEN);
  woo = await startWooCommerceServer();
  assert.equal((await t.call('PUT', '/v1/boxes/MEDIUM', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  await createLocation(t, 'RP-WH', { address: NEWARK, cutoff_time: '23:59' });
  for (const sku of ['AW-1001', 'AW-1002', 'AW-1003']) {
    await createProduct(t, sku, { dimensions_mm: { length: 100, width: 100, height: 50 }, weight_grams: 300 });
    await adjust(t, sku, 'RP-WH', 500);
  }
  const s = await t.call('POST', '/v1/channels', { type: 'shopify', name: 'Acme Shopify', secret: SHOP_SECRET, access_token: ACCESS_TOKEN, settings: { shop_domain: 'acme-widgets.myshopify.com' }, locations: ['RP-WH'] });
  assert.equal(s.statusCode, 201, s.body);
  channel.shopify = s.json().id;
  channel.shopifyWebhook = s.json().webhook_url;
  const w = await t.call('POST', '/v1/channels', { type: 'woocommerce', name: 'Woo store', secret: WOO_SECRET, access_token: `${woo.consumerKey}:${woo.consumerSecret}`, settings: { store_url: woo.url }, locations: ['RP-WH'] });
  assert.equal(w.statusCode, 201, w.body);
  channel.woo = w.json().id;
});
after(async () => {
  await shopify.close();
  await woo.close();
  await t.close();
});

const relay = () => relayAll(t.database.db, [channelPushSubscriber]);
const push = (now: Date) => pushChannelUpdates(t.database.db, now, { secretKey: t.config.secretKey as Buffer, baseUrl: () => shopify.url, fetch: loopbackFetch, allowPrivate: true, timeoutMs: 5_000, random: () => 0.5 });

/** A Shopify order captured through its webhook (paid: a sale on the ledger), known to the store. */
async function shopifyOrder(shopifyId: number): Promise<{ orderId: string; lineIds: Record<string, number> }> {
  const order = { ...structuredClone(SHOPIFY_ORDER), id: shopifyId, admin_graphql_api_id: `gid://shopify/Order/${shopifyId}` };
  const body = JSON.stringify(order);
  const res = await t.app.inject({ method: 'POST', url: channel.shopifyWebhook, payload: body, headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': signShopify(body, SHOP_SECRET), 'x-shopify-topic': 'orders/create' } });
  assert.equal(res.statusCode, 200, res.body);
  const lineItems = order.line_items.map((l) => ({ id: l.id + shopifyId * 10, variant_id: l.variant_id, sku: l.sku, quantity: l.quantity, price: l.price }));
  shopify.addOrder({
    id: shopifyId,
    line_items: lineItems,
    fulfillment_orders: [{ id: shopifyId + 1000, assigned_location_id: 655441491, line_items: lineItems.map((l) => ({ id: l.id + 7, line_item_id: l.id, quantity: l.quantity })) }],
    transactions: [{ id: shopifyId + 77, kind: 'sale', status: 'success', gateway: 'shopify_payments', amount: '74.45' }],
  });
  return { orderId: res.json().order_id as string, lineIds: Object.fromEntries(lineItems.map((l) => [l.sku, l.id])) };
}

/** A WooCommerce order captured through its signed webhook, known to the store with its line items. */
async function wooOrder(wooId: number): Promise<string> {
  const order = { ...structuredClone(WOOCOMMERCE_ORDER), id: wooId, number: String(wooId) };
  const body = JSON.stringify(order);
  const res = await t.app.inject({ method: 'POST', url: `/v1/channels/${channel.woo}/webhooks/woocommerce`, payload: body, headers: { 'content-type': 'application/json', 'x-wc-webhook-signature': signWooCommerce(body, WOO_SECRET), 'x-wc-webhook-topic': 'order.created' } });
  assert.equal(res.statusCode, 200, res.body);
  woo.addOrder(wooId, 'processing', { line_items: order.line_items });
  return res.json().order_id as string;
}

/** Ships every fulfillment order of the order. */
async function shipAll(orderId: string): Promise<void> {
  const fos = (await t.call('GET', `/v1/fulfillment-orders?order_id=${orderId}`)).json().data as { id: string }[];
  assert.ok(fos.length > 0, 'the order has fulfillment orders');
  for (const fo of fos) {
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {})).statusCode, 200);
    const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, {});
    assert.equal(shipped.statusCode, 201, shipped.body);
  }
}

/** Returns `quantity` units of the SKU's line (received, restocked) and refunds them; the refund's ledger transaction id and the return id. */
async function returnAndRefund(orderId: string, sku: string, quantity: number, reason = 'changed_mind'): Promise<{ transactionId: string; returnId: string }> {
  const order = (await t.call('GET', `/v1/orders/${orderId}`)).json() as { lines: { id: string; sku: string }[] };
  const line = order.lines.find((l) => l.sku === sku);
  assert.ok(line, `the order has a ${sku} line`);
  const requested = await t.call('POST', `/v1/orders/${orderId}/returns`, { lines: [{ order_line_id: line.id, quantity, reason }] });
  assert.equal(requested.statusCode, 201, requested.body);
  const ret = requested.json() as { id: string; lines: { id: string }[] };
  assert.equal((await t.call('POST', `/v1/returns/${ret.id}/approve`, { location: 'RP-WH' })).statusCode, 200);
  const received = await t.call('POST', `/v1/returns/${ret.id}/receipts`, { lines: [{ return_line_id: ret.lines[0]?.id, quantity, disposition: 'restock' }] });
  assert.equal(received.statusCode, 201, received.body);
  const refunded = await t.call('POST', `/v1/returns/${ret.id}/refunds`, {});
  assert.equal(refunded.statusCode, 201, refunded.body);
  return { transactionId: refunded.json().refund.transaction_id as string, returnId: ret.id };
}

async function pushOfRefund(transactionId: string): Promise<PushRow[]> {
  return queryRows<PushRow>(t.database.db, sql`select * from channel_pushes where refund_id = ${transactionId}`);
}

async function refundEvents(orderId: string): Promise<{ actor: string; data: Obj }[]> {
  return queryRows(t.database.db, sql`select actor, data from events where aggregate_id = ${orderId} and type = 'order.refund_channel_status' order by seq`);
}

const refundPosts = (orderId: number) => shopify.requests.filter((r) => r.method === 'POST' && r.path === `/admin/api/2024-10/orders/${orderId}/refunds.json`);

describe('Shopify', () => {
  test('the refund is recorded on Shopify (lines by Shopify id, no restock, no money moved), retried after a 503, sent once', async () => {
    const { orderId, lineIds } = await shopifyOrder(7101);
    await shipAll(orderId);
    await relay();
    const { transactionId, returnId } = await returnAndRefund(orderId, 'AW-1001', 1);
    await relay();
    const [row, ...more] = await pushOfRefund(transactionId);
    assert.ok(row, 'the refund has a push');
    assert.equal(more.length, 0, 'one push per refund');
    assert.deepEqual([row.kind, row.status, row.shipment_id], ['shopify_refund', 'pending', null]);
    // 1 of 2 × 12.50 with half the line's 1.88 tax; changed mind: no shipping back.
    assert.deepEqual([row.payload['amount'], row.payload['lines'], row.payload['shipping'], row.payload['through_platform']], ['13.44', [{ sku: 'AW-1001', quantity: 1, amount: '12.50', tax: '0.94' }], '0.00', false]);

    shopify.failNext(503, { path: '/refunds.json' });
    const t0 = new Date();
    await push(t0);
    const retried = (await pushOfRefund(transactionId))[0];
    assert.deepEqual([retried?.status, retried?.attempts, retried?.last_status_code], ['pending', 1, 503], 'a 503 is tried again');
    await push(new Date(t0.getTime() + 6_000));
    const done = (await pushOfRefund(transactionId))[0];
    assert.equal(done?.status, 'succeeded', done?.last_error ?? '');
    assert.equal(done?.remote_id, String((shopify.refunds.at(-1) as { id: number }).id), 'remote_id is Shopify’s refund id');

    const posts = refundPosts(7101);
    assert.equal(posts.length, 2, 'the 503 and the retry');
    assert.equal(posts[1]?.headers['x-shopify-access-token'], ACCESS_TOKEN);
    assert.deepEqual(JSON.parse(posts[1]?.body ?? ''), {
      refund: {
        currency: 'USD',
        notify: true,
        note: `return ${returnId} (OMS refund ${transactionId})`,
        refund_line_items: [{ line_item_id: lineIds['AW-1001'], quantity: 1, restock_type: 'no_restock' }],
      },
    });
    assert.equal(shopify.requests.filter((r) => r.path.includes('/transactions.json')).length, 0, 'no transaction looked up: the money is not moved on Shopify');

    // The same refund.created relayed again queues nothing, and nothing is sent again.
    const [evt] = await queryRows<{ id: string; type: string; aggregate_type: string; aggregate_id: string; data: Obj }>(t.database.db, sql`select id, type, aggregate_type, aggregate_id, data from events where type = 'refund.created' and aggregate_id = ${transactionId}`);
    assert.ok(evt, 'the refund.created event is stored');
    const replay: RelayedEvent = { seq: 0, tenantId: t.tenantId, id: evt.id, type: evt.type, aggregateType: evt.aggregate_type, aggregateId: evt.aggregate_id, actor: 'test', at: new Date(), data: evt.data } as unknown as RelayedEvent;
    await inTransaction(t.database.db, (tx) => channelPushSubscriber.handle(tx, replay, new Date()));
    assert.equal((await pushOfRefund(transactionId)).length, 1, 'a replayed event adds no push');
    await push(new Date(t0.getTime() + 60_000));
    assert.equal(refundPosts(7101).length, 2, 'nothing sent twice');

    const events = await refundEvents(orderId);
    assert.deepEqual(events.map((e) => [e.actor, e.data['status'], e.data['refund_id'], e.data['remote_id']]), [['system:channel-pushes', 'succeeded', transactionId, done?.remote_id]]);
  });

  test('with refund_through_platform, Shopify moves the money: a refund transaction of the whole amount against its sale; 429 waits for Retry-After', async () => {
    assert.equal((await t.call('PATCH', `/v1/channels/${channel.shopify}`, { settings: { shop_domain: 'acme-widgets.myshopify.com', refund_through_platform: true } })).statusCode, 200);
    try {
      const { orderId, lineIds } = await shopifyOrder(7102);
      await shipAll(orderId);
      await relay();
      const { transactionId, returnId } = await returnAndRefund(orderId, 'AW-1002', 2, 'defective');
      await relay();
      const [row] = await pushOfRefund(transactionId);
      assert.equal(row?.payload['through_platform'], true);
      // 2 of 4 × 8.75 with their share of the line's 2.62 tax (0.66 + 0.66, the lowest units first); defective is the merchant's fault: shipping (9.95, untaxed) too.
      assert.deepEqual([row?.payload['amount'], row?.payload['lines'], row?.payload['shipping'], row?.payload['shipping_tax']], ['28.77', [{ sku: 'AW-1002', quantity: 2, amount: '17.50', tax: '1.32' }], '9.95', '0.00']);
      const amount = row?.payload['amount'] as string;
      shopify.failNext(429, { path: '/refunds.json', retryAfterSeconds: 30 });
      const t0 = new Date();
      await push(t0);
      const waiting = (await queryRows<{ status: string; next_attempt_at: Date | string }>(t.database.db, sql`select status, next_attempt_at from channel_pushes where refund_id = ${transactionId}`))[0];
      assert.equal(waiting?.status, 'pending');
      assert.ok(new Date(waiting?.next_attempt_at ?? 0).getTime() - t0.getTime() >= 30_000, 'Retry-After is a floor');
      await push(new Date(t0.getTime() + 31_000));
      assert.equal((await pushOfRefund(transactionId))[0]?.status, 'succeeded');
      const body = JSON.parse(refundPosts(7102).at(-1)?.body ?? '') as { refund: Obj };
      assert.deepEqual(body.refund['refund_line_items'], [{ line_item_id: lineIds['AW-1002'], quantity: 2, restock_type: 'no_restock' }]);
      assert.deepEqual(body.refund['transactions'], [{ parent_id: 7179, amount, kind: 'refund', gateway: 'shopify_payments' }]);
      assert.equal(body.refund['note'], `return ${returnId} (OMS refund ${transactionId})`);
      assert.deepEqual(body.refund['shipping'], { amount: '9.95' });
    } finally {
      assert.equal((await t.call('PATCH', `/v1/channels/${channel.shopify}`, { settings: { shop_domain: 'acme-widgets.myshopify.com' } })).statusCode, 200);
    }
  });

  test('a refusal is final: failed with Shopify’s error, on the channel’s failed pushes and the order’s timeline', async () => {
    const { orderId } = await shopifyOrder(7103);
    await shipAll(orderId);
    await relay();
    const { transactionId, returnId } = await returnAndRefund(orderId, 'AW-1001', 1);
    await relay();
    shopify.failNext(422, { path: '/refunds.json', errors: { refund_line_items: ['Quantity cannot refund more items than were purchased.'] } });
    await push(new Date());
    const [row] = await pushOfRefund(transactionId);
    assert.deepEqual([row?.status, row?.last_status_code], ['failed', 422]);
    assert.match(row?.last_error ?? '', /cannot refund more items/);
    const failed = (await t.call('GET', `/v1/channels/${channel.shopify}/pushes?status=failed`)).json().data as { id: string; refund_id: string | null; last_error: string }[];
    assert.ok(failed.some((p) => p.id === row?.id && p.refund_id === transactionId), 'listed with the failed pushes');
    const sync = (await t.call('GET', `/v1/returns/${returnId}`)).json().refund.channel_sync;
    assert.deepEqual([sync?.status, sync?.last_error], ['failed', row?.last_error], 'the return’s refund shows the failure');
    const [event] = await refundEvents(orderId);
    assert.deepEqual([event?.actor, event?.data['status']], ['system:channel-pushes', 'failed']);
    assert.match(String(event?.data['reason']), /422/);
  });
});

describe('WooCommerce', () => {
  test('the refund is recorded with api_refund false, line and tax-rate ids, amounts as decimal strings; a 500 is retried', async () => {
    const orderId = await wooOrder(9301);
    await shipAll(orderId);
    await relay();
    const { transactionId, returnId } = await returnAndRefund(orderId, 'AW-1002', 2);
    await relay();
    const [row] = await pushOfRefund(transactionId);
    assert.deepEqual([row?.kind, row?.status], ['woocommerce_refund', 'pending']);
    woo.failNext(500, '/wp-json/wc/v3/orders/9301/refunds');
    const t0 = new Date();
    await push(t0);
    assert.deepEqual([(await pushOfRefund(transactionId))[0]?.status, (await pushOfRefund(transactionId))[0]?.last_status_code], ['pending', 500]);
    await push(new Date(t0.getTime() + 6_000));
    const done = (await pushOfRefund(transactionId))[0];
    assert.equal(done?.status, 'succeeded', done?.last_error ?? '');
    const posts = woo.requests.filter((r) => r.method === 'POST' && r.path === '/wp-json/wc/v3/orders/9301/refunds');
    assert.equal(posts.length, 2);
    assert.equal(posts[1]?.authorization, `Basic ${Buffer.from(`${woo.consumerKey}:${woo.consumerSecret}`).toString('base64')}`);
    assert.deepEqual(JSON.parse(posts[1]?.body ?? ''), {
      amount: '18.95',
      reason: `return ${returnId} (OMS refund ${transactionId})`,
      api_refund: false,
      api_restock: false,
      line_items: [{ id: 312, quantity: 2, refund_total: '17.50', refund_tax: [{ id: 1, refund_total: '1.45' }] }],
    });
    assert.equal(done?.remote_id, String((woo.refunds.get(9301)?.[0] as { id: number }).id));
    const [event] = await refundEvents(orderId);
    assert.deepEqual([event?.actor, event?.data['status'], event?.data['remote_id']], ['system:channel-pushes', 'succeeded', done?.remote_id]);
  });

  test('an attempt whose answer was lost is not sent again: the next finds the refund by its marker', async () => {
    const orderId = await wooOrder(9302);
    await shipAll(orderId);
    await relay();
    const { transactionId } = await returnAndRefund(orderId, 'AW-1001', 1);
    await relay();
    woo.loseAnswerNext('/wp-json/wc/v3/orders/9302/refunds', 'POST');
    const t0 = new Date();
    await push(t0);
    assert.equal((await pushOfRefund(transactionId))[0]?.status, 'pending', 'no answer: tried again');
    assert.equal(woo.refunds.get(9302)?.length, 1, 'WooCommerce made the refund');
    await push(new Date(t0.getTime() + 6_000));
    const done = (await pushOfRefund(transactionId))[0];
    assert.deepEqual([done?.status, done?.remote_id], ['succeeded', String((woo.refunds.get(9302)?.[0] as { id: number }).id)]);
    assert.match(done?.last_error ?? '', /answer was lost/);
    assert.equal(woo.refunds.get(9302)?.length, 1, 'not refunded twice');
    assert.equal(woo.requests.filter((r) => r.method === 'POST' && r.path === '/wp-json/wc/v3/orders/9302/refunds').length, 1);
  });
});

describe('platforms the OMS does not push refunds to', () => {
  test('an Amazon order’s refund is a manual_action_required row naming the channel, listed and on the timeline; nothing is sent', async () => {
    const amazon = await createChannel(t, 'amazon', { locations: ['RP-WH'] });
    const order = await placeOrder(t, [{ sku: 'AW-1003', quantity: 1 }], { channel: amazon.id, external_id: '113-0000001-0000001' });
    assert.equal((await t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '15.00', gateway: 'amazon' })).statusCode, 201);
    await shipAll(order.id);
    const { transactionId, returnId } = await returnAndRefund(order.id, 'AW-1003', 1);
    await relay();
    const [row] = await pushOfRefund(transactionId);
    assert.deepEqual([row?.kind, row?.status, row?.attempts], ['manual_refund', 'manual_action_required', 0]);
    const sync = (await t.call('GET', `/v1/returns/${returnId}`)).json().refund.channel_sync;
    assert.deepEqual([sync?.push_id, sync?.channel_id, sync?.kind, sync?.status], [row?.id, amazon.id, 'manual_refund', 'manual_action_required'], 'the return’s refund says so');
    assert.match(row?.last_error ?? '', new RegExp(`amazon channel "${amazon.name}"`));
    const requests = shopify.requests.length + woo.requests.length;
    await push(new Date(Date.now() + 86_400_000));
    assert.equal((await pushOfRefund(transactionId))[0]?.status, 'manual_action_required', 'never leased');
    assert.equal(shopify.requests.length + woo.requests.length, requests, 'nothing sent');
    const listed = (await t.call('GET', `/v1/channels/${amazon.id}/pushes?status=manual_action_required`)).json().data as { refund_id: string }[];
    assert.deepEqual(listed.map((p) => p.refund_id), [transactionId]);
    const [event] = await refundEvents(order.id);
    assert.deepEqual([event?.actor, event?.data['status'], event?.data['refund_id']], ['system:channel-pushes', 'manual_action_required', transactionId]);
  });

  test('an order from no channel (API, free channel name) gets no row', async () => {
    const order = await placeOrder(t, [{ sku: 'AW-1003', quantity: 1 }]);
    assert.equal((await t.call('POST', `/v1/orders/${order.id}/transactions`, { kind: 'sale', amount: '15.00', gateway: 'stripe' })).statusCode, 201);
    await shipAll(order.id);
    const { transactionId, returnId } = await returnAndRefund(order.id, 'AW-1003', 1);
    await relay();
    assert.deepEqual(await pushOfRefund(transactionId), []);
    assert.equal((await t.call('GET', `/v1/returns/${returnId}`)).json().refund.channel_sync, null);
  });
});
