// test-files: database server (push jobs claimed and leased from the outbox relay's queues)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { signWooCommerce } from '../../src/modules/channels/domain/signatures.js';
import { AMAZON_ORDER, AMAZON_ORDER_ITEMS_RESPONSE } from '../../src/modules/channels/domain/fixtures/amazon-order.js';
import { EBAY_ORDER } from '../../src/modules/channels/domain/fixtures/ebay-order.js';
import { WOOCOMMERCE_ORDER } from '../../src/modules/channels/domain/fixtures/woocommerce-order.js';
import { generateTrackingNumber } from '../../src/modules/shipping/index.js';
import { pollMarketplaces } from '../../src/flows/channels/jobs/poll-marketplaces.js';
import { channelPushSubscriber, pushChannelUpdates } from '../../src/flows/channels/jobs/channel-pushes.js';
import { VOIDED_BEFORE_SENT } from '../../src/flows/channels/steps/channel-push-rows.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { relayAll } from '../support/relay.js';
import { adjust, createLocation, createProduct } from '../support/factories.js';
import { AMAZON_CREDENTIALS, EBAY_CREDENTIALS, startMarketplaceServer, type MarketplaceData, type MarketplaceServer } from '../support/marketplace-server.js';
import { startWooCommerceServer, type WooCommerceServer } from '../support/woocommerce-server.js';

// Shipments of WooCommerce, Amazon and eBay orders go back to those platforms through the same
// queued, retried, idempotent push as Shopify's, each against a local server speaking that API.

type Obj = Record<string, unknown>;
const WOO_SECRET = 'woo-webhook-secret-for-pushes';
const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };

const amazonOrder = (id: string): Obj => ({ ...structuredClone(AMAZON_ORDER), AmazonOrderId: id, SellerOrderId: id, LastUpdateDate: '2025-03-14T10:00:00Z' });
const amazonItem = (sku: string, orderItemId: string): Obj => ({ ...structuredClone(AMAZON_ORDER_ITEMS_RESPONSE.payload.OrderItems[0]), SellerSKU: sku, OrderItemId: orderItemId, QuantityOrdered: 2, QuantityShipped: 0 });
const ebayOrder = (id: string, lineItemId: string): Obj => {
  const order = { ...structuredClone(EBAY_ORDER), orderId: id, lastModifiedDate: '2025-03-14T09:00:00.000Z' } as Obj;
  order['lineItems'] = (order['lineItems'] as Obj[]).map((l, i) => ({ ...l, lineItemId: `${lineItemId}${i}` }));
  return order;
};

/** One Amazon order per test that ships one. */
const AMAZON_IDS = ['112-0000001-0000001', '112-0000002-0000002', '112-0000003-0000003', '112-0000004-0000004'];
const EBAY_IDS = ['27-00001-00001', '27-00002-00002'];
const data: MarketplaceData = {
  amazon: {
    orders: AMAZON_IDS.map(amazonOrder),
    items: Object.fromEntries(AMAZON_IDS.map((id, i) => [id, [amazonItem('AW-1002', `${i + 1}001`)]])),
  },
  ebay: { orders: EBAY_IDS.map((id, i) => ebayOrder(id, `1001234567890${i}`)) },
};

interface PushRow {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  remote_id: string | null;
  payload: Obj;
}

let t: TestApp;
let market: MarketplaceServer;
let woo: WooCommerceServer;
const channel = { woo: '', amazon: '', ebay: '', wooNoApi: '' };
let serial = 0;

before(async () => {
  t = await buildTestApp();
  market = await startMarketplaceServer(data);
  woo = await startWooCommerceServer();
  assert.equal((await t.call('PUT', '/v1/boxes/MEDIUM', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' })).statusCode, 201);
  await createLocation(t, 'MP-WH', { address: NEWARK, cutoff_time: '23:59' });
  for (const sku of ['AW-1001', 'AW-1002', 'AW-1003']) {
    await createProduct(t, sku, { dimensions_mm: { length: 100, width: 100, height: 50 }, weight_grams: 300 });
    await adjust(t, sku, 'MP-WH', 500);
  }
  const create = async (body: Obj) => {
    const res = await t.call('POST', '/v1/channels', { locations: ['MP-WH'], ...body });
    assert.equal(res.statusCode, 201, res.body);
    return (res.json() as { id: string }).id;
  };
  channel.woo = await create({ type: 'woocommerce', name: 'Woo store', secret: WOO_SECRET, access_token: `${woo.consumerKey}:${woo.consumerSecret}`, settings: { store_url: woo.url } });
  channel.wooNoApi = await create({ type: 'woocommerce', name: 'Woo, webhooks only', secret: WOO_SECRET });
  channel.amazon = await create({
    type: 'amazon',
    name: 'Amazon US',
    secret: AMAZON_CREDENTIALS.clientSecret,
    access_token: AMAZON_CREDENTIALS.refreshToken,
    settings: { poll: true, marketplace_ids: ['ATVPDKIKX0DER'], lwa_client_id: AMAZON_CREDENTIALS.clientId, endpoint: market.url, lwa_token_url: `${market.url}/auth/o2/token` },
  });
  channel.ebay = await create({ type: 'ebay', name: 'eBay US', secret: EBAY_CREDENTIALS.clientSecret, access_token: EBAY_CREDENTIALS.refreshToken, settings: { poll: true, client_id: EBAY_CREDENTIALS.clientId, endpoint: market.url } });
  // Amazon and eBay orders arrive the way they do in production: polled.
  const polled = await pollMarketplaces(t.database.db, new Date('2025-03-15T00:00:00Z'), { secretKey: t.config.secretKey as Buffer, allowPrivate: true, http: { maxRetries: 0 } });
  assert.equal(polled.handled, 2);
  assert.equal((await ordersOf(channel.amazon)).length, AMAZON_IDS.length, 'the Amazon orders were captured');
  assert.equal((await ordersOf(channel.ebay)).length, EBAY_IDS.length, 'the eBay orders were captured');
});
after(async () => {
  await market.close();
  await woo.close();
  await t.close();
});

async function ordersOf(channelId: string): Promise<{ id: string; external_id: string }[]> {
  return queryRows(t.database.db, sql`select id, external_id from orders where channel = ${channelId} order by external_id`);
}
async function orderOf(channelId: string, externalId: string): Promise<string> {
  const found = (await ordersOf(channelId)).find((o) => o.external_id === externalId);
  assert.ok(found, `order ${externalId} of ${channelId} exists`);
  return found.id;
}

/** A WooCommerce order captured through its signed webhook, known to the store. */
async function wooOrder(wooId: number, channelId = channel.woo): Promise<string> {
  const body = JSON.stringify({ ...structuredClone(WOOCOMMERCE_ORDER), id: wooId, number: String(wooId) });
  const res = await t.app.inject({ method: 'POST', url: `/v1/channels/${channelId}/webhooks/woocommerce`, payload: body, headers: { 'content-type': 'application/json', 'x-wc-webhook-signature': signWooCommerce(body, WOO_SECRET), 'x-wc-webhook-topic': 'order.created' } });
  assert.equal(res.statusCode, 200, res.body);
  woo.addOrder(wooId);
  return res.json().order_id as string;
}

/** Packs and ships every fulfillment order of the order with a UPS tracking number; the shipments. */
async function shipAll(orderId: string): Promise<{ id: string; tracking_number: string }[]> {
  const fos = (await t.call('GET', `/v1/fulfillment-orders?order_id=${orderId}`)).json().data as { id: string }[];
  assert.ok(fos.length > 0, 'the order has fulfillment orders');
  const shipments = [];
  for (const fo of fos) {
    const packed = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/pack`, {});
    assert.equal(packed.statusCode, 200, packed.body);
    const tracking = generateTrackingNumber('ups', ++serial, { shipperNumber: '999AA1' });
    const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo.id}/ship`, { tracking_numbers: [tracking] });
    assert.equal(shipped.statusCode, 201, shipped.body);
    shipments.push(shipped.json() as { id: string; tracking_number: string });
  }
  return shipments;
}

const relay = () => relayAll(t.database.db, [channelPushSubscriber]);

/** Ships a polled marketplace order and relays: the shipment, its push queued. */
async function shipPolled(channelId: string, externalId: string): Promise<{ id: string; tracking_number: string }> {
  const [shipment] = await shipAll(await orderOf(channelId, externalId));
  assert.ok(shipment, `order ${externalId} was shipped`);
  await relay();
  return shipment;
}

/** Runs the push job as of `now` (later times let retries come due). */
const push = (now = new Date()) => pushChannelUpdates(t.database.db, now, { secretKey: t.config.secretKey as Buffer, allowPrivate: true, timeoutMs: 5_000, random: () => 0.5 });
const hoursLater = (h: number) => new Date(Date.now() + h * 3_600_000);

async function pushesOf(shipmentId: string): Promise<PushRow[]> {
  return queryRows<PushRow>(t.database.db, sql`select * from channel_pushes where shipment_id = ${shipmentId}`);
}
async function onlyPush(shipmentId: string): Promise<PushRow> {
  const rows = await pushesOf(shipmentId);
  assert.equal(rows.length, 1, `one push for shipment ${shipmentId}`);
  return rows[0] as PushRow;
}

describe('WooCommerce', () => {
  test('a shipment adds a customer note with the tracking number and completes the order, once', async () => {
    const orderId = await wooOrder(9001);
    const [shipment] = await shipAll(orderId);
    assert.ok(shipment, 'the order was shipped');
    await relay();
    assert.equal((await push()).handled, 1);
    const row = await onlyPush(shipment.id);
    assert.equal(row.kind, 'woocommerce_shipment');
    assert.equal(row.status, 'succeeded', row.last_error ?? '');
    const notes = woo.notes.get(9001) ?? [];
    assert.equal(woo.orders.get(9001)?.['status'], 'completed', 'the store marks the order completed');
    assert.equal(notes.length, 1);
    assert.match(notes[0]?.note ?? '', new RegExp(`UPS.*${shipment.tracking_number}`));
    assert.equal(notes[0]?.customer_note, true, 'the note goes to the customer');
    assert.equal(row.remote_id, String(notes[0]?.id));
    const sent = woo.requests.length;
    await relay();
    assert.equal((await push(hoursLater(30))).handled, 0, 'nothing is sent twice');
    assert.equal(woo.requests.length, sent);
  });

  test('an answer lost after the note was made: the retry finds the note and adds no other', async () => {
    const orderId = await wooOrder(9002);
    const [shipment] = await shipAll(orderId);
    assert.ok(shipment, 'the order was shipped');
    await relay();
    woo.loseAnswerNext('/wp-json/wc/v3/orders/9002/notes', 'POST');
    woo.requests.length = 0;
    await push();
    const first = await onlyPush(shipment.id);
    assert.equal(first.status, 'pending', 'a lost answer is tried again');
    assert.equal((woo.notes.get(9002) ?? []).length, 1, 'the store made the note');
    await push(hoursLater(1));
    const row = await onlyPush(shipment.id);
    assert.equal(row.status, 'succeeded', row.last_error ?? '');
    assert.equal((woo.notes.get(9002) ?? []).length, 1, 'no second note');
    assert.equal(woo.orders.get(9002)?.['status'], 'completed');
  });

  test('with the Shipment Tracking extension the tracking number goes there', async () => {
    const res = await t.call('PATCH', `/v1/channels/${channel.woo}`, { settings: { store_url: woo.url, tracking: 'shipment_tracking' } });
    assert.equal(res.statusCode, 200, res.body);
    woo.shipmentTrackingInstalled = true;
    try {
      const orderId = await wooOrder(9003);
      const [shipment] = await shipAll(orderId);
      assert.ok(shipment, 'the order was shipped');
      await relay();
      await push();
      assert.equal((await onlyPush(shipment.id)).status, 'succeeded');
      const trackings = woo.trackings.get(9003) ?? [];
      assert.equal(trackings.length, 1);
      assert.equal(trackings[0]?.['tracking_number'], shipment.tracking_number);
      assert.equal(trackings[0]?.['tracking_provider'], 'UPS');
      assert.equal((woo.notes.get(9003) ?? []).length, 0, 'no note in this mode');
    } finally {
      woo.shipmentTrackingInstalled = false;
      await t.call('PATCH', `/v1/channels/${channel.woo}`, { settings: { store_url: woo.url } });
    }
  });

  test('an order cancelled in the store is not completed: the push fails with the reason', async () => {
    const orderId = await wooOrder(9004);
    const [shipment] = await shipAll(orderId);
    assert.ok(shipment, 'the order was shipped');
    (woo.orders.get(9004) as Obj)['status'] = 'cancelled';
    await relay();
    await push();
    const row = await onlyPush(shipment.id);
    assert.equal(row.status, 'failed');
    assert.match(row.last_error ?? '', /cancelled/);
    assert.equal(woo.orders.get(9004)?.['status'], 'cancelled');
    assert.equal((woo.notes.get(9004) ?? []).length, 0);
  });

  test('a store answering 503 is tried again later; 401 (wrong keys) is final', async () => {
    const orderId = await wooOrder(9005);
    const [shipment] = await shipAll(orderId);
    assert.ok(shipment, 'the order was shipped');
    await relay();
    woo.failNext(503, '/wp-json/wc/v3/orders/9005');
    await push();
    let row = await onlyPush(shipment.id);
    assert.equal(row.status, 'pending');
    assert.equal(row.last_status_code, 503);
    woo.failNext(401, '/wp-json/wc/v3/orders/9005');
    await push(hoursLater(1));
    row = await onlyPush(shipment.id);
    assert.equal(row.status, 'failed');
    assert.equal(row.last_status_code, 401);
  });

  test('a channel without REST API keys queues nothing', async () => {
    const orderId = await wooOrder(9006, channel.wooNoApi);
    const [shipment] = await shipAll(orderId);
    assert.ok(shipment, 'the order was shipped');
    await relay();
    assert.deepEqual(await pushesOf(shipment.id), []);
  });
});

describe('Amazon', () => {
  test('a shipment is confirmed with Amazon: order item ids, carrier code, tracking number, once', async () => {
    const shipment = await shipPolled(channel.amazon, AMAZON_IDS[0] as string);
    await push();
    const row = await onlyPush(shipment.id);
    assert.equal(row.kind, 'amazon_shipment_confirmation');
    assert.equal(row.status, 'succeeded', row.last_error ?? '');
    assert.equal(row.last_status_code, 204);
    const confirmations = market.amazonConfirmations.filter((c) => c.orderId === AMAZON_IDS[0]);
    assert.equal(confirmations.length, 1);
    assert.deepEqual(confirmations[0]?.body, {
      marketplaceId: 'ATVPDKIKX0DER',
      packageDetail: {
        packageReferenceId: '1',
        carrierCode: 'UPS',
        shippingMethod: (row.payload['service'] as string | null) ?? undefined,
        trackingNumber: shipment.tracking_number,
        shipDate: `${row.payload['ship_date'] as string}T12:00:00Z`,
        orderItems: [{ orderItemId: '1001', quantity: 2 }],
      },
    });
    await push(hoursLater(30));
    assert.equal(market.amazonConfirmations.filter((c) => c.orderId === AMAZON_IDS[0]).length, 1);
  });

  test('an answer lost after Amazon confirmed: the retry sees the units shipped and sends nothing more', async () => {
    const shipment = await shipPolled(channel.amazon, AMAZON_IDS[1] as string);
    market.loseAnswerNext(`/orders/v0/orders/${AMAZON_IDS[1]}/shipmentConfirmation`);
    await push();
    assert.equal((await onlyPush(shipment.id)).status, 'pending');
    await push(hoursLater(1));
    const row = await onlyPush(shipment.id);
    assert.equal(row.status, 'succeeded', row.last_error ?? '');
    assert.match(row.last_error ?? '', /already counts these units as shipped/);
    assert.equal(market.amazonConfirmations.filter((c) => c.orderId === AMAZON_IDS[1]).length, 1);
  });

  test('throttled (429 with Retry-After) waits at least that long', async () => {
    const shipment = await shipPolled(channel.amazon, AMAZON_IDS[2] as string);
    market.failNext(429, { retryAfterSeconds: 600, path: `/orders/v0/orders/${AMAZON_IDS[2]}/shipmentConfirmation` });
    const now = new Date();
    await push(now);
    const [row] = await queryRows<PushRow & { next_attempt_at: Date | string }>(t.database.db, sql`select * from channel_pushes where shipment_id = ${shipment.id}`);
    assert.equal(row?.status, 'pending');
    assert.equal(row?.last_status_code, 429);
    assert.ok(new Date(row?.next_attempt_at ?? 0).getTime() >= now.getTime() + 600_000, 'not before Retry-After');
    await push(hoursLater(1));
    assert.equal((await onlyPush(shipment.id)).status, 'succeeded');
  });
});

describe('eBay', () => {
  test('a shipment becomes a shipping fulfillment (write scope, line item ids); a create whose answer was lost is found, not repeated', async () => {
    const shipment = await shipPolled(channel.ebay, EBAY_IDS[0] as string);
    // eBay creates the fulfillment, but its answer never arrives: a POST is not sent again blindly.
    market.loseAnswerNext(`/sell/fulfillment/v1/order/${EBAY_IDS[0]}/shipping_fulfillment`, 'POST');
    await push();
    assert.equal((await onlyPush(shipment.id)).status, 'pending');
    assert.equal((market.ebayFulfillments.get(EBAY_IDS[0] as string) ?? []).length, 1, 'eBay has it');
    await push(hoursLater(1));
    const row = await onlyPush(shipment.id);
    assert.equal(row.kind, 'ebay_shipping_fulfillment');
    assert.equal(row.status, 'succeeded', row.last_error ?? '');
    assert.match(row.last_error ?? '', /found already created/);
    const list = market.ebayFulfillments.get(EBAY_IDS[0] as string) ?? [];
    assert.equal(list.length, 1, 'no second fulfillment');
    assert.equal(list[0]?.['shipmentTrackingNumber'], shipment.tracking_number);
    assert.equal(list[0]?.['shippingCarrierCode'], 'UPS');
    assert.deepEqual(list[0]?.['lineItems'], [{ lineItemId: '100123456789000', quantity: 2 }]);
    assert.equal(row.remote_id, shipment.tracking_number, 'the fulfillment id of the one found');
    const scopes = market.requests.filter((r) => r.path === '/identity/v1/oauth2/token').map((r) => new URLSearchParams(r.body).get('scope'));
    assert.ok(scopes.includes('https://api.ebay.com/oauth/api_scope/sell.fulfillment'), 'a token with the write scope was asked for');
    await push(hoursLater(30));
    assert.equal((market.ebayFulfillments.get(EBAY_IDS[0] as string) ?? []).length, 1);
  });

  test('a push tried again after it succeeded (a crash before settling) finds the fulfillment by tracking number', async () => {
    const shipment = await shipPolled(channel.ebay, EBAY_IDS[1] as string);
    const posts = () => market.requests.filter((r) => r.method === 'POST' && r.path === `/sell/fulfillment/v1/order/${EBAY_IDS[1]}/shipping_fulfillment`).length;
    await push();
    assert.equal((await onlyPush(shipment.id)).status, 'succeeded');
    assert.equal(posts(), 1);
    // A replay of the same push (as after a crash before settling) finds it and posts nothing.
    await t.database.db.execute(sql`update channel_pushes set status = 'pending', next_attempt_at = now() where shipment_id = ${shipment.id}`);
    await push(hoursLater(1));
    const row = await onlyPush(shipment.id);
    assert.equal(row.status, 'succeeded');
    assert.match(row.last_error ?? '', /found already created/);
    assert.equal(posts(), 1, 'no second fulfillment');
  });
});

test('a shipment voided before its confirmation was sent is never sent', async () => {
  const orderId = await wooOrder(9010);
  const [shipment] = await shipAll(orderId);
  assert.ok(shipment, 'the order was shipped');
  await relay();
  const voided = await t.call('POST', `/v1/shipments/${shipment.id}/void`, { reason: 'wrong box' });
  assert.equal(voided.statusCode, 200, voided.body);
  await relay();
  const row = await onlyPush(shipment.id);
  assert.equal(row.status, 'failed');
  assert.equal(row.last_error, VOIDED_BEFORE_SENT);
  woo.requests.length = 0;
  await push(hoursLater(1));
  assert.equal(woo.requests.filter((r) => r.path.includes('/9010')).length, 0, 'the store heard nothing');
});

test('GET /v1/channels/{id}/pushes lists the confirmations of a marketplace channel', async () => {
  const shipment = await shipPolled(channel.amazon, AMAZON_IDS[3] as string);
  await push();
  const mine = await onlyPush(shipment.id);
  assert.equal(mine.status, 'succeeded', mine.last_error ?? '');
  const res = await t.call('GET', `/v1/channels/${channel.amazon}/pushes`);
  assert.equal(res.statusCode, 200, res.body);
  const listed = res.json().data as { id: string; kind: string }[];
  assert.ok(listed.some((p) => p.id === mine.id), `this test's push ${mine.id} is listed: ${res.body}`);
  const kinds = new Set(listed.map((p) => p.kind));
  assert.deepEqual([...kinds], ['amazon_shipment_confirmation']);
});

test('WooCommerce API settings are checked when saved, naming the key', async () => {
  const bad = [
    [{ store_url: 'ftp://shop.acme.test' }, 'settings.store_url'],
    [{ store_url: 'https://user:pw@shop.acme.test' }, 'settings.store_url'],
    [{ tracking: 'sms' }, 'settings.tracking'],
    [{ push_shipments: 'no' }, 'settings.push_shipments'],
  ] as const;
  for (const [settings, field] of bad) {
    const res = await t.call('PATCH', `/v1/channels/${channel.wooNoApi}`, { settings });
    assert.equal(res.statusCode, 422, `${JSON.stringify(settings)}: ${res.body}`);
    assert.equal(res.json().errors[0].field, field);
  }
});

test('Amazon and eBay endpoints are checked when saved, naming the key', async () => {
  const bad = [
    [channel.amazon, { endpoint: 'ftp://sellingpartnerapi-na.amazon.com' }, 'settings.endpoint'],
    [channel.amazon, { lwa_token_url: 'https://user:pw@api.amazon.com/auth/o2/token' }, 'settings.lwa_token_url'],
    [channel.ebay, { endpoint: 'api.ebay.com' }, 'settings.endpoint'],
  ] as const;
  for (const [id, settings, field] of bad) {
    const res = await t.call('PATCH', `/v1/channels/${id}`, { settings: { poll: true, ...settings } });
    assert.equal(res.statusCode, 422, `${JSON.stringify(settings)}: ${res.body}`);
    assert.equal(res.json().errors[0].field, field);
  }
});
