// test-files: database server (push jobs claimed and leased from the outbox relay's queues)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { retryAfterMs } from '../../src/platform/kernel/retry.js';
import { cancelShopifyFulfillment, pushShopifyFulfillment } from '../../src/modules/channels/index.js';
import { chooseFulfillmentLines } from '../../src/modules/channels/use-cases/shopify-push.js';
import { signShopify } from '../../src/modules/channels/domain/signatures.js';
import { SHOPIFY_ORDER } from '../../src/modules/channels/domain/fixtures/shopify-order.js';
import { generateTrackingNumber } from '../../src/modules/shipping/index.js';
import type { RelayedEvent } from '../../src/platform/outbox/subscribers.js';
import { CANCEL_WAIT_MS } from '../../src/flows/channels/steps/shopify-fulfillment-push.js';
import { VOIDED_BEFORE_SENT } from '../../src/flows/channels/steps/channel-push-rows.js';
import { channelPushSubscriber, pushChannelUpdates } from '../../src/flows/channels/jobs/channel-pushes.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { relayAll } from '../support/relay.js';
import { adjust, createLocation, createProduct, orderBody } from '../support/factories.js';
import { startShopifyServer, type ShopifyServer } from '../support/shopify-server.js';
import { loopbackFetch } from '../support/outbound.js';

const SHOP_SECRET = 'shopify-app-secret-for-tests';
const ACCESS_TOKEN = 'shpat_0123456789abcdef0123456789abcdef';
const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };

let t: TestApp;
let shopify: ShopifyServer;
let channel: { id: string; webhook_url: string };
let serial = 0;

interface PushRow {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  next_attempt_at: Date | string;
  last_status_code: number | null;
  last_error: string | null;
  remote_id: string | null;
  external_order_id: string;
  payload: Record<string, unknown>;
}

before(async () => {
  t = await buildTestApp();
  shopify = await startShopifyServer(ACCESS_TOKEN);
  assert.equal((await t.call('PUT', '/v1/boxes/MEDIUM', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' })).statusCode, 201);
  await createLocation(t, 'SH-WH', { address: NEWARK, cutoff_time: '23:59' });
  for (const sku of ['AW-1001', 'AW-1002', 'AW-1003']) {
    await createProduct(t, sku, { dimensions_mm: { length: 100, width: 100, height: 50 }, weight_grams: 300 });
    await adjust(t, sku, 'SH-WH', 100);
  }
  const res = await t.call('POST', '/v1/channels', {
    type: 'shopify',
    name: 'Acme Shopify',
    secret: SHOP_SECRET,
    access_token: ACCESS_TOKEN,
    settings: { shop_domain: 'acme-widgets.myshopify.com' },
    locations: ['SH-WH'],
  });
  assert.equal(res.statusCode, 201, res.body);
  channel = res.json();
});
after(async () => {
  await shopify.close();
  await t.close();
});

/** A Shopify order (the fixture under another id) captured through the webhook, known to the store with one open fulfillment order. */
async function shopifyOrder(shopifyId: number): Promise<string> {
  const order = { ...structuredClone(SHOPIFY_ORDER), id: shopifyId, admin_graphql_api_id: `gid://shopify/Order/${shopifyId}` };
  const body = JSON.stringify(order);
  const res = await t.app.inject({ method: 'POST', url: channel.webhook_url, payload: body, headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': signShopify(body, SHOP_SECRET), 'x-shopify-topic': 'orders/create' } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().outcome, 'created');
  // Shopify's ids for this order: line items 1300…01/02 as in the payload, one fulfillment order at one location.
  const lineItems = order.line_items.map((l, i) => ({ id: l.id + shopifyId * 10, variant_id: l.variant_id, sku: l.sku, quantity: l.quantity, index: i }));
  shopify.addOrder({
    id: shopifyId,
    line_items: lineItems.map(({ index: _, ...l }) => l),
    fulfillment_orders: [{ id: shopifyId + 1000, assigned_location_id: 655441491, line_items: lineItems.map((l) => ({ id: l.id + 7, line_item_id: l.id, quantity: l.quantity })) }],
  });
  return res.json().order_id as string;
}

/** Packs and ships the order's fulfillment order with an operator's UPS tracking number. */
async function ship(orderId: string): Promise<{ id: string; tracking_number: string; tracking_url: string | null }> {
  const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${orderId}`)).json().data as { id: string }[];
  assert.ok(fo, 'the order has a fulfillment order');
  const packed = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
  assert.equal(packed.statusCode, 200, packed.body);
  const tracking = generateTrackingNumber('ups', ++serial, { shipperNumber: '999AA1' });
  const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, { tracking_numbers: [tracking] });
  assert.equal(shipped.statusCode, 201, shipped.body);
  return shipped.json();
}

const relay = () => relayAll(t.database.db, [channelPushSubscriber]);

const push = (now: Date) => pushChannelUpdates(t.database.db, now, { secretKey: t.config.secretKey as Buffer, baseUrl: () => shopify.url, fetch: loopbackFetch, timeoutMs: 5_000, random: () => 0.5 });

async function pushesOf(shipmentId: string): Promise<PushRow[]> {
  return queryRows<PushRow>(t.database.db, sql`select * from channel_pushes where shipment_id = ${shipmentId}`);
}

const fulfillmentPosts = () => shopify.requests.filter((r) => r.method === 'POST' && r.path === '/admin/api/2024-10/fulfillments.json');
const cancelPosts = () => shopify.requests.filter((r) => r.method === 'POST' && /^\/admin\/api\/2024-10\/fulfillments\/\d+\/cancel\.json$/.test(r.path));

async function voidShipment(shipmentId: string): Promise<void> {
  const voided = await t.call('POST', `/v1/shipments/${shipmentId}/void`, { reason: 'wrong box' });
  assert.equal(voided.statusCode, 200, voided.body);
  assert.equal(voided.json().status, 'voided');
}

/** The shipment's pushes of one kind. */
async function pushOf(shipmentId: string, kind: 'shopify_fulfillment' | 'shopify_fulfillment_cancel'): Promise<PushRow | undefined> {
  return (await pushesOf(shipmentId)).find((p) => p.kind === kind);
}

/** Hands the stored event to the subscriber again, as a relay retrying it would. */
async function replay(type: string, shipmentId: string): Promise<void> {
  const [event] = await queryRows<RelayedEvent & { tenant_id: string; aggregate_id: string; aggregate_type: string }>(t.database.db, sql`select * from events where type = ${type} and aggregate_id = ${shipmentId}`);
  assert.ok(event, `${type} was recorded`);
  const relayed = { ...event, tenantId: event.tenant_id, aggregateId: event.aggregate_id, aggregateType: event.aggregate_type } as RelayedEvent;
  await inTransaction(t.database.db, (tx) => channelPushSubscriber.handle(tx, relayed, new Date()));
}

describe('Shopify fulfillment push', () => {
  test('a shipment of a Shopify order reaches Shopify once, in the documented body, with the access token', async () => {
    const orderId = await shopifyOrder(5550001112223);
    const shipment = await ship(orderId);
    await relay();
    const [queued, ...others] = await pushesOf(shipment.id);
    assert.ok(queued && others.length === 0, 'one push queued');
    assert.deepEqual([queued.status, queued.external_order_id], ['pending', '5550001112223']);

    const posted = fulfillmentPosts().length;
    const run = await push(new Date());
    assert.equal(run.handled, 1);
    const sent = fulfillmentPosts().slice(posted);
    assert.equal(sent.length, 1);
    const request = sent[0];
    assert.ok(request, 'Shopify received the fulfillment request');
    assert.equal(request.headers['x-shopify-access-token'], ACCESS_TOKEN);
    assert.match(String(request.headers['content-type']), /^application\/json/);
    const base = 5550001112223 * 10;
    assert.deepEqual(JSON.parse(request.body), {
      fulfillment: {
        line_items_by_fulfillment_order: [
          {
            fulfillment_order_id: 5550001112223 + 1000,
            fulfillment_order_line_items: [
              { id: 13000000000001 + base + 7, quantity: 2 },
              { id: 13000000000002 + base + 7, quantity: 4 },
            ],
          },
        ],
        tracking_info: { company: 'UPS', number: shipment.tracking_number, url: shipment.tracking_url },
        notify_customer: true,
      },
    });
    assert.ok(shipment.tracking_url?.startsWith('https://'), 'a UPS tracking URL went with the number');
    // The lookups came first, with the token too.
    const reads = shopify.requests.filter((r) => r.method === 'GET' && r.path.includes('/orders/5550001112223'));
    assert.deepEqual(reads.map((r) => r.path.split('?')[0]), ['/admin/api/2024-10/orders/5550001112223/fulfillment_orders.json', '/admin/api/2024-10/orders/5550001112223.json']);
    assert.ok(reads.every((r) => r.headers['x-shopify-access-token'] === ACCESS_TOKEN), 'every read carries the access token');

    const [done] = await pushesOf(shipment.id);
    const created = shopify.fulfillments.at(-1) as { id: number; tracking_company: string };
    assert.deepEqual([done?.status, done?.remote_id, done?.last_status_code, done?.attempts], ['succeeded', String(created.id), 201, 1]);
    assert.equal(created.tracking_company, 'UPS');

    // The relay replaying the event queues nothing new; the job has nothing left to send.
    const [event] = await queryRows<RelayedEvent & { tenant_id: string; aggregate_id: string; aggregate_type: string }>(t.database.db, sql`select * from events where type = 'shipment.created' and aggregate_id = ${shipment.id}`);
    assert.ok(event, 'the shipment.created event is stored');
    const replay = { ...event, tenantId: event.tenant_id, aggregateId: event.aggregate_id, aggregateType: event.aggregate_type } as RelayedEvent;
    await inTransaction(t.database.db, (tx) => channelPushSubscriber.handle(tx, replay, new Date()));
    assert.equal((await pushesOf(shipment.id)).length, 1);
    assert.equal((await push(new Date(Date.now() + 3_600_000))).handled, 0);
    assert.equal(fulfillmentPosts().length, posted + 1);

    // A worker that died between Shopify's 201 and the settle: the row comes due again; Shopify has
    // nothing left to fulfil, but has our fulfillment, so the push ends succeeded without a second POST.
    await t.database.db.execute(sql`update channel_pushes set status = 'pending', remote_id = null, done_at = null where shipment_id = ${shipment.id}`);
    await push(new Date(Date.now() + 3_600_000));
    const [again] = await pushesOf(shipment.id);
    assert.deepEqual([again?.status, again?.remote_id], ['succeeded', String(created.id)]);
    assert.equal(fulfillmentPosts().length, posted + 1);
  });

  test('a 429 waits for Retry-After, a 503 backs off, then the push succeeds', async () => {
    const orderId = await shopifyOrder(5550001112224);
    const shipment = await ship(orderId);
    await relay();
    // Retry-After (20 s) is longer than the schedule's first delay (5 s): it wins.
    shopify.failNext(429, { retryAfterSeconds: 20, path: '/fulfillments.json' });
    const t0 = new Date();
    await push(t0);
    let [row] = await pushesOf(shipment.id);
    assert.deepEqual([row?.status, row?.last_status_code, row?.attempts], ['pending', 429, 1]);
    assert.match(row?.last_error ?? '', /Exceeded 2 calls per second/);
    const due = new Date(row?.next_attempt_at ?? 0).getTime() - t0.getTime();
    assert.ok(due >= 20_000 && due < 21_000, `next try after Retry-After (20 s), got ${due} ms`);
    assert.equal((await push(new Date(t0.getTime() + 10_000))).handled, 0, 'not before Retry-After');

    shopify.failNext(503, { path: '/fulfillment_orders.json' });
    const t1 = new Date(t0.getTime() + 21_000);
    await push(t1);
    [row] = await pushesOf(shipment.id);
    assert.deepEqual([row?.status, row?.last_status_code, row?.attempts], ['pending', 503, 2]);
    // The schedule's second delay: 30 s ±20%, exactly 30 s with random 0.5.
    const backoff = new Date(row?.next_attempt_at ?? 0).getTime() - t1.getTime();
    assert.ok(backoff >= 30_000 && backoff < 31_000, `backoff ${backoff} ms`);

    await push(new Date(t1.getTime() + 31_000));
    [row] = await pushesOf(shipment.id);
    assert.deepEqual([row?.status, row?.attempts, row?.last_status_code], ['succeeded', 3, 201]);
    assert.ok(row?.remote_id, `the push stored Shopify's id: ${JSON.stringify(row)}`);
  });

  test('a 422 is a final failure recorded with Shopify’s message; nothing is sent again', async () => {
    const orderId = await shopifyOrder(5550001112225);
    const shipment = await ship(orderId);
    await relay();
    shopify.failNext(422, { path: '/fulfillments.json', errors: { base: ['Line items are already fulfilled'] } });
    await push(new Date());
    const [row] = await pushesOf(shipment.id);
    assert.deepEqual([row?.status, row?.last_status_code, row?.remote_id], ['failed', 422, null]);
    assert.match(row?.last_error ?? '', /Line items are already fulfilled/);
    const log = await t.call('GET', `/v1/channels/${channel.id}/pushes?status=failed`);
    assert.equal(log.statusCode, 200, log.body);
    const listed = (log.json().data as { id: string; shipment_id: string; status: string; last_status_code: number; last_error: string; payload: { tracking_numbers: string[]; items: unknown[] } }[]).find((p) => p.shipment_id === shipment.id);
    assert.deepEqual([listed?.status, listed?.last_status_code, listed?.payload.tracking_numbers], ['failed', 422, [shipment.tracking_number]]);
    assert.deepEqual(listed?.payload.items, [{ sku: 'AW-1001', quantity: 2 }, { sku: 'AW-1002', quantity: 4 }]);
    assert.match(listed?.last_error ?? '', /already fulfilled/);
    const posted = fulfillmentPosts().length;
    assert.equal((await push(new Date(Date.now() + 86_400_000))).handled, 0);
    assert.equal(fulfillmentPosts().length, posted);
  });

  test('voiding a shipment whose fulfillment reached Shopify cancels that fulfillment, once', async () => {
    const orderId = await shopifyOrder(5550001112226);
    const shipment = await ship(orderId);
    await relay();
    await push(new Date());
    const fulfillment = await pushOf(shipment.id, 'shopify_fulfillment');
    assert.deepEqual([fulfillment?.status, typeof fulfillment?.remote_id], ['succeeded', 'string']);
    const created = shopify.fulfillments.find((f) => String(f['id']) === fulfillment?.remote_id);
    assert.ok(created, 'Shopify has the fulfillment');

    await voidShipment(shipment.id);
    await relay();
    const queued = await pushOf(shipment.id, 'shopify_fulfillment_cancel');
    assert.deepEqual([queued?.status, queued?.attempts, queued?.external_order_id], ['pending', 0, '5550001112226']);
    assert.deepEqual(queued?.payload, { fulfillment_push_id: fulfillment?.id, reason: 'wrong box' });

    const cancels = cancelPosts().length;
    const posted = fulfillmentPosts().length;
    assert.equal((await push(new Date())).handled, 1);
    const sent = cancelPosts().slice(cancels);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.path, `/admin/api/2024-10/fulfillments/${fulfillment?.remote_id}/cancel.json`);
    assert.equal(sent[0]?.headers['x-shopify-access-token'], ACCESS_TOKEN);
    assert.equal(fulfillmentPosts().length, posted, 'no new fulfillment');
    assert.equal(created['status'], 'cancelled');
    assert.deepEqual(shopify.cancellations.slice(-1), [Number(fulfillment?.remote_id)]);
    const done = await pushOf(shipment.id, 'shopify_fulfillment_cancel');
    assert.deepEqual([done?.status, done?.last_status_code, done?.remote_id, done?.attempts, done?.last_error], ['succeeded', 200, fulfillment?.remote_id, 1, null]);
    // The fulfillment push keeps its record.
    assert.equal((await pushOf(shipment.id, 'shopify_fulfillment'))?.status, 'succeeded');

    // Replaying the voided event (and the created one) adds nothing; nothing more goes to Shopify.
    await replay('shipment.voided', shipment.id);
    await replay('shipment.created', shipment.id);
    assert.equal((await pushesOf(shipment.id)).length, 2);
    assert.equal((await push(new Date(Date.now() + 86_400_000))).handled, 0);
    assert.equal(cancelPosts().length, cancels + 1);
  });

  test('a shipment voided before its fulfillment was sent: nothing goes to Shopify', async () => {
    const orderId = await shopifyOrder(5550001112227);
    const shipment = await ship(orderId);
    await voidShipment(shipment.id);
    // One relay run sees shipment.created then shipment.voided.
    await relay();
    const rows = await pushesOf(shipment.id);
    assert.equal(rows.length, 1, 'no cancel queued');
    assert.deepEqual([rows[0]?.kind, rows[0]?.status, rows[0]?.attempts, rows[0]?.last_error], ['shopify_fulfillment', 'failed', 0, VOIDED_BEFORE_SENT]);
    const calls = shopify.requests.length;
    assert.equal((await push(new Date(Date.now() + 86_400_000))).handled, 0);
    await replay('shipment.voided', shipment.id);
    assert.equal((await pushesOf(shipment.id)).length, 1);
    assert.equal(shopify.requests.length, calls, 'no call at all');
    assert.equal(shopify.requests.some((r) => r.path.includes('5550001112227')), false);
  });

  test('a cancel waits for its fulfillment push still being retried; a 502 backs off, then it succeeds', async () => {
    const orderId = await shopifyOrder(5550001112228);
    const shipment = await ship(orderId);
    await relay();
    shopify.failNext(503, { path: '/fulfillment_orders.json' });
    const t0 = new Date();
    await push(t0);
    const retrying = await pushOf(shipment.id, 'shopify_fulfillment');
    assert.deepEqual([retrying?.status, retrying?.attempts, retrying?.last_status_code], ['pending', 1, 503]);
    const fulfillmentDue = new Date(retrying?.next_attempt_at ?? 0).getTime();

    // It was tried: it may be in Shopify, so voiding queues the cancel instead of dropping it.
    await voidShipment(shipment.id);
    await relay();
    const cancels = cancelPosts().length;
    assert.equal((await pushOf(shipment.id, 'shopify_fulfillment_cancel'))?.status, 'pending');
    await push(new Date(t0.getTime() + 1_000));
    let cancel = await pushOf(shipment.id, 'shopify_fulfillment_cancel');
    assert.deepEqual([cancel?.status, cancel?.attempts, cancel?.remote_id], ['pending', 0, null], 'waiting does not spend a try');
    assert.equal(new Date(cancel?.next_attempt_at ?? 0).getTime(), fulfillmentDue + CANCEL_WAIT_MS);
    assert.match(cancel?.last_error ?? '', /waiting for the fulfillment push/);
    assert.equal(cancelPosts().length, cancels);

    // The fulfillment goes through on its next try; then the cancel: a 502, a backoff, success.
    await push(new Date(fulfillmentDue));
    const fulfillment = await pushOf(shipment.id, 'shopify_fulfillment');
    assert.deepEqual([fulfillment?.status, fulfillment?.attempts], ['succeeded', 2]);
    shopify.failNext(502, { path: '/cancel.json' });
    const t1 = new Date(fulfillmentDue + CANCEL_WAIT_MS);
    await push(t1);
    cancel = await pushOf(shipment.id, 'shopify_fulfillment_cancel');
    assert.deepEqual([cancel?.status, cancel?.attempts, cancel?.last_status_code], ['pending', 1, 502]);
    const backoff = new Date(cancel?.next_attempt_at ?? 0).getTime() - t1.getTime();
    assert.ok(backoff >= 5_000 && backoff < 6_000, `backoff ${backoff} ms`);
    assert.equal(cancelPosts().length, cancels + 1);
    await push(new Date(t1.getTime() + 6_000));
    cancel = await pushOf(shipment.id, 'shopify_fulfillment_cancel');
    assert.deepEqual([cancel?.status, cancel?.attempts, cancel?.last_status_code, cancel?.remote_id], ['succeeded', 2, 200, fulfillment?.remote_id]);
    assert.equal(cancelPosts().at(-1)?.path, `/admin/api/2024-10/fulfillments/${fulfillment?.remote_id}/cancel.json`);
    assert.equal(shopify.fulfillments.find((f) => String(f['id']) === fulfillment?.remote_id)?.['status'], 'cancelled');
  });

  test('orders of other channels queue nothing; the token is never shown nor stored in clear; shop_domain is checked', async () => {
    const placed = await t.call('POST', '/v1/orders', orderBody([{ sku: 'AW-1003', quantity: 1 }]));
    assert.equal(placed.statusCode, 201, placed.body);
    const shipment = await ship(placed.json().id);
    await relay();
    assert.deepEqual(await pushesOf(shipment.id), []);

    const one = await t.call('GET', `/v1/channels/${channel.id}`);
    assert.equal(one.json().has_access_token, true);
    const list = await t.call('GET', '/v1/channels');
    for (const res of [one, list]) assert.ok(!res.body.includes(ACCESS_TOKEN) && !res.body.includes('shpat_'), 'not in the answer');
    const [stored] = await queryRows<{ access_token_sealed: Uint8Array }>(t.database.db, sql`select access_token_sealed from channels where id = ${channel.id}`);
    assert.ok(stored && !Buffer.from(stored.access_token_sealed).toString('latin1').includes(ACCESS_TOKEN), 'sealed at rest');
    const [leak] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from channel_pushes where payload::text like ${'%' + ACCESS_TOKEN + '%'} or coalesce(last_error, '') like ${'%' + ACCESS_TOKEN + '%'}`);
    assert.equal(leak?.n, 0);
    const [events] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from events where data::text like ${'%' + ACCESS_TOKEN + '%'}`);
    assert.equal(events?.n, 0);

    const bad = await t.call('POST', '/v1/channels', { type: 'shopify', name: 'Bad domain', settings: { shop_domain: 'https://acme.myshopify.com' } });
    assert.equal(bad.statusCode, 422, bad.body);
    assert.equal(bad.json().code, 'CHANNEL_SETTINGS_INVALID');
    assert.equal(bad.json().errors[0].field, 'settings.shop_domain');
    assert.equal((await t.call('GET', '/v1/channels')).json().data.some((c: { name: string }) => c.name === 'Bad domain'), false);
  });
});

describe('Shopify calls and matching, without the database', () => {
  const payload = { carrier: 'ups', service: 'ground', tracking_numbers: ['1Z999AA10123456784'], tracking_url: null, items: [{ sku: 'AW-1001', quantity: 3 }], notify_customer: false };

  test('401 and 404 are final with Shopify’s body; a refused connection is retried', async () => {
    shopify.addOrder({ id: 7770000000001, line_items: [{ id: 1, variant_id: 2, sku: 'AW-1001', quantity: 3 }], fulfillment_orders: [{ id: 10, assigned_location_id: 1, line_items: [{ id: 11, line_item_id: 1, quantity: 3 }] }] });
    const options = { baseUrl: () => shopify.url, fetch: loopbackFetch };
    const wrong = await pushShopifyFulfillment({ shopDomain: 'acme-widgets.myshopify.com', accessToken: 'shpat_wrong' }, '7770000000001', payload, options);
    assert.equal(wrong.kind, 'failed');
    assert.equal(wrong.statusCode, 401, JSON.stringify(wrong));
    assert.match(wrong.kind === 'failed' ? wrong.error : '', /Invalid API key or access token/);
    const missing = await pushShopifyFulfillment({ shopDomain: 'acme-widgets.myshopify.com', accessToken: ACCESS_TOKEN }, '7770000000999', payload, options);
    assert.deepEqual([missing.kind, missing.statusCode], ['failed', 404]);
    const down = await pushShopifyFulfillment({ shopDomain: 'acme-widgets.myshopify.com', accessToken: ACCESS_TOKEN }, '7770000000001', payload, { baseUrl: () => 'http://127.0.0.1:1', fetch: loopbackFetch });
    assert.deepEqual([down.kind, down.statusCode], ['retry', null]);
    // And the fulfillment goes through with notify_customer false, to the only fulfillment order that can take it.
    const ok = await pushShopifyFulfillment({ shopDomain: 'acme-widgets.myshopify.com', accessToken: ACCESS_TOKEN }, '7770000000001', payload, options);
    assert.equal(ok.kind, 'succeeded');
    const body = JSON.parse(fulfillmentPosts().at(-1)?.body ?? '{}') as { fulfillment: { notify_customer: boolean; tracking_info: unknown; line_items_by_fulfillment_order: unknown } };
    assert.deepEqual(body.fulfillment, { line_items_by_fulfillment_order: [{ fulfillment_order_id: 10, fulfillment_order_line_items: [{ id: 11, quantity: 3 }] }], tracking_info: { company: 'UPS', number: '1Z999AA10123456784' }, notify_customer: false });
  });

  test('a cancel Shopify refuses as already done counts as done; 404 and a wrong token are final', async () => {
    shopify.addOrder({ id: 7770000000002, line_items: [{ id: 21, variant_id: 22, sku: 'AW-1001', quantity: 3 }], fulfillment_orders: [{ id: 30, assigned_location_id: 1, line_items: [{ id: 31, line_item_id: 21, quantity: 3 }] }] });
    const conn = { shopDomain: 'acme-widgets.myshopify.com', accessToken: ACCESS_TOKEN };
    const options = { baseUrl: () => shopify.url, fetch: loopbackFetch };
    const made = await pushShopifyFulfillment(conn, '7770000000002', payload, options);
    assert.equal(made.kind, 'succeeded');
    const id = made.kind === 'succeeded' ? made.remoteId : '';
    const wrong = await cancelShopifyFulfillment({ ...conn, accessToken: 'shpat_wrong' }, id, options);
    assert.deepEqual([wrong.kind, wrong.statusCode], ['failed', 401]);
    const first = await cancelShopifyFulfillment(conn, id, options);
    assert.deepEqual(first, { kind: 'succeeded', statusCode: 200, remoteId: id, warnings: [] });
    const again = await cancelShopifyFulfillment(conn, id, options);
    assert.deepEqual(again, { kind: 'succeeded', statusCode: 422, remoteId: id, warnings: ['already cancelled in Shopify'] });
    // Any other 422 is final, with Shopify's message.
    shopify.failNext(422, { path: '/cancel.json', errors: { base: ['Cannot cancel a fulfillment of an archived order'] } });
    const refused = await cancelShopifyFulfillment(conn, id, options);
    assert.equal(refused.kind, 'failed');
    assert.match(refused.kind === 'failed' ? refused.error : '', /archived order/);
    const missing = await cancelShopifyFulfillment(conn, '999999999', options);
    assert.deepEqual([missing.kind, missing.statusCode], ['failed', 404]);
    assert.equal((await cancelShopifyFulfillment(conn, 'gid://shopify/Fulfillment/1', options)).kind, 'failed');
    // Cancelled, the units are fulfillable again.
    const fos = JSON.parse((await fetch(`${shopify.url}/admin/api/2024-10/orders/7770000000002/fulfillment_orders.json`, { headers: { 'x-shopify-access-token': ACCESS_TOKEN } }).then((r) => r.text()))) as { fulfillment_orders: { status: string; line_items: { fulfillable_quantity: number }[] }[] };
    assert.deepEqual(fos.fulfillment_orders.map((fo) => [fo.status, fo.line_items[0]?.fulfillable_quantity]), [['open', 3]]);
  });

  test('units go to open fulfillment orders of one location, by SKU, up to what is fulfillable', () => {
    const lineItems = [{ id: 1, sku: 'A' }, { id: 2, sku: 'B' }];
    const fos = [
      { id: 100, status: 'closed', assigned_location_id: 1, line_items: [{ id: 101, line_item_id: 1, fulfillable_quantity: 5 }] },
      { id: 200, status: 'open', assigned_location_id: 2, line_items: [{ id: 201, line_item_id: 1, fulfillable_quantity: 1 }] },
      { id: 300, status: 'in_progress', assigned_location_id: 2, line_items: [{ id: 301, line_item_id: 1, fulfillable_quantity: 2 }, { id: 302, line_item_id: 2, fulfillable_quantity: 1 }] },
    ];
    assert.deepEqual(chooseFulfillmentLines([{ sku: 'A', quantity: 3 }, { sku: 'B', quantity: 1 }], fos, lineItems), {
      ok: true,
      lines: [
        { fulfillmentOrderId: 200, fulfillmentOrderLineItemId: 201, quantity: 1 },
        { fulfillmentOrderId: 300, fulfillmentOrderLineItemId: 301, quantity: 2 },
        { fulfillmentOrderId: 300, fulfillmentOrderLineItemId: 302, quantity: 1 },
      ],
    });
    const tooMany = chooseFulfillmentLines([{ sku: 'A', quantity: 4 }], fos, lineItems);
    assert.ok(!tooMany.ok && /1 of 4 units of SKU A/.test(tooMany.error), JSON.stringify(tooMany));
    const unknown = chooseFulfillmentLines([{ sku: 'C', quantity: 1 }], fos, lineItems);
    assert.ok(!unknown.ok && /no line item with SKU C/.test(unknown.error), `a SKU the Shopify order lacks fails with a reason: ${JSON.stringify(unknown)}`);
    assert.equal(retryAfterMs('2.0', 0), 2_000);
    assert.equal(retryAfterMs('Thu, 01 Jan 1970 00:00:30 GMT', 10_000), 20_000);
    assert.equal(retryAfterMs(null, 0), null);
  });
});
