// test-files: embedded database is enough (the relay runs alone, to empty the outbox; tenant scoping is SQL the same on both engines)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verificationUrl } from '../../src/modules/reviews/index.js';
import { recordAnswer, surveyUrl } from '../../src/modules/surveys/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { relayOutbox } from '../../src/modules/integrations/index.js';
import { notificationSubscriber } from '../../src/flows/notifications/jobs/notifications.js';
import { twilioSignature, verpAddress, verpKey } from '../../src/modules/notifications/index.js';
import { dsn } from '../support/bounce-reports.js';
import { adjust, createLocation, createProduct, orderBody, signIn, signedInUser, STAFF_PASSWORD, stockOf, uniqueCode, type OrderJson, type SignedIn } from '../support/factories.js';

type Method = Parameters<TestApp['call']>[0];
type Reply = Awaited<ReturnType<TestApp['call']>>;

/**
 * Tenant B's key must never see or change tenant A's data, on any route. The cases are keyed by
 * "METHOD /openapi/path"; a test compares the keys with the OpenAPI document, so a new route
 * without an isolation case fails here.
 */

let t: TestApp;
let keyA: string;
let keyB: string;
let tenantB: string;

// Tenant A's records, created in `before`.
const A = {
  locationId: '',
  storeId: '',
  orderId: '',
  orderLineId: '',
  viewerKeyId: '',
  viewerKey: '',
  rootKeyId: '',
  holdId: '',
  heldOrderId: '',
  orderHoldId: '',
  orderEditId: '',
  inboundId: '',
  fulfillmentOrderId: '',
  pickListId: '',
  packedFulfillmentOrderId: '',
  shipmentId: '',
  trackingNumber: '',
  shipDate: '',
  shippedOrderId: '',
  returnId: '',
  returnLineId: '',
  channelId: '',
  importId: '',
  x12ChannelId: '',
  x12DocumentId: '',
  webhookEndpointId: '',
  webhookDeliveryId: '',
  userId: '',
  userEmail: '',
  customerId: '',
  reviewCaseId: '',
  verifyToken: '',
  verifiedOrderId: '',
  notificationId: '',
  suppressedAddress: '',
  automationId: '',
};
/** A's signed-in admin; B's signed-in admin. */
let userA: SignedIn;
let userB: SignedIn;
const NO_USER = 'usr_00000000000000000000000000';
const A_SKU = 'ISO-A-SKU';
const A_SKU_2 = 'ISO-A-SKU-2';
const A_NAME = 'Tenant A secret product';
const A_POLICY = 'iso-a-secret-policy';

// Ids of the right shape that exist in no tenant: B's answer for A's ids must equal its answer for these.
const NO_ORDER = 'ord_00000000000000000000000000';
const NO_REVIEW = 'rvc_00000000000000000000000000';
const NO_LOCATION = 'loc_00000000000000000000000000';
const NO_KEY = 'key_00000000000000000000000000';
const NO_HOLD = 'hld_00000000000000000000000000';
const NO_INBOUND = 'inb_00000000000000000000000000';
const NO_FULFILLMENT = 'ful_00000000000000000000000000';
const NO_PICK_LIST = 'pkl_00000000000000000000000000';
const NO_SHIPMENT = 'shp_00000000000000000000000000';
const NO_CARRIER = 'car_00000000000000000000000000';
const NO_CHANNEL = 'chn_00000000000000000000000000';
const NO_ENDPOINT = 'whe_00000000000000000000000000';
const NO_DELIVERY = 'whd_00000000000000000000000000';
const NO_X12_DOCUMENT = 'xdc_00000000000000000000000000';
const NO_CUSTOMER = 'cus_00000000000000000000000000';
const NO_NOTIFICATION = 'ntf_00000000000000000000000000';
const NO_AUTOMATION = 'aut_00000000000000000000000000';
const A_RULE_NOTE = 'iso-a-secret-rule-set';
const A_ADDRESS = { line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };

const asB = (method: Method, url: string, body?: unknown) => t.call(method, url, body, { key: keyB });
const asA = (method: Method, url: string, body?: unknown) => t.call(method, url, body, { key: keyA });

function problem(res: Reply, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(res.json().code, code);
}

/** B's answer about A's record is the answer about a record that does not exist. */
function sameAsMissing(forA: Reply, forMissing: Reply) {
  assert.equal(forA.statusCode, forMissing.statusCode, `${forA.body} vs ${forMissing.body}`);
  assert.equal(forA.json().code, forMissing.json().code);
}

function mentionsNothingOfA(body: string) {
  for (const secret of [A.locationId, A.storeId, A.orderId, A.returnId, A.returnLineId, A.shippedOrderId, A.orderLineId, A.viewerKeyId, A.rootKeyId, A.holdId, A.inboundId, A.fulfillmentOrderId, A.pickListId, A.packedFulfillmentOrderId, A.shipmentId, A.trackingNumber, A.channelId, A.webhookEndpointId, A.webhookDeliveryId, A.importId, A.x12ChannelId, A.x12DocumentId, A.userId, A.customerId, 'iso-a-shop', A_RULE_NOTE, 'iso-a-rule', A_NAME, t.tenantId].filter((x) => x !== '')) {
    assert.ok(!body.includes(secret), `response mentions A's ${secret}: ${body.slice(0, 300)}`);
  }
}

/** Everything A can read about itself; compared before and after each of B's attempts. */
async function snapshotA() {
  const urls = [
    '/v1/locations?limit=500',
    `/v1/locations/${A.locationId}`,
    `/v1/locations/${A.storeId}`,
    '/v1/products?limit=500',
    `/v1/products/${A_SKU}`,
    `/v1/products/${A_SKU_2}`,
    '/v1/inventory?limit=500',
    `/v1/inventory/${A_SKU}`,
    '/v1/orders?limit=500',
    `/v1/orders/${A.orderId}`,
    '/v1/returns?limit=500',
    `/v1/returns/${A.returnId}`,
    '/v1/return-reasons',
    '/v1/return-policy',
    `/v1/orders/${A.orderId}/events`,
    '/v1/risk/rule-sets',
    '/v1/risk/rule-sets/active',
    '/v1/api-keys?limit=500',
    '/v1/users?limit=500',
    `/v1/users/${A.userId}`,
    '/v1/settings',
    '/v1/reservations?limit=500',
    `/v1/reservations/${A.holdId}`,
    '/v1/inbound?limit=500',
    `/v1/inbound/${A.inboundId}`,
    '/v1/routing/policies',
    `/v1/routing/policies/${A_POLICY}`,
    '/v1/fulfillment-orders?limit=500',
    `/v1/fulfillment-orders/${A.fulfillmentOrderId}`,
    '/v1/boxes?limit=500',
    '/v1/boxes/ISO-A-BOX',
    `/v1/pick-lists/${A.pickListId}`,
    `/v1/fulfillment-orders/${A.packedFulfillmentOrderId}/packages`,
    '/v1/carriers',
    '/v1/carriers/ups',
    '/v1/shipping/rules',
    '/v1/customers?limit=500',
    `/v1/customers/${A.customerId}`,
    `/v1/customers/${A.customerId}/orders`,
    '/v1/notifications?limit=500',
    `/v1/notifications/${A.notificationId}`,
    '/v1/notification-templates',
    '/v1/notification-templates/delivered/en',
    '/v1/automations?limit=500',
    `/v1/automations/${A.automationId}/runs?limit=500`,
    '/v1/automation-runs?limit=500',
    `/v1/customers/${A.customerId}/notification-preferences`,
    `/v1/shipments/${A.shipmentId}`,
    '/v1/shipments?limit=500',
    '/v1/channels?limit=500',
    `/v1/channels/${A.channelId}`,
    '/v1/webhook-endpoints?limit=500',
    `/v1/webhook-endpoints/${A.webhookEndpointId}`,
    `/v1/webhook-deliveries/${A.webhookDeliveryId}`,
    `/v1/channels/${A.x12ChannelId}/x12/documents`,
  ];
  const out: Record<string, unknown> = {};
  for (const url of urls) {
    const res = await asA('GET', url);
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    out[url] = res.json();
  }
  return out;
}

const A_CREDIT_EMAIL = 'iso-a-credit@shop.test';
let baseline: Record<string, unknown>;
let tenantA: string;

const ISO_BOUNCES = 'bounces.iso-a.test';
/** A hard bounce for A's message, signed for A (B cannot sign one of its own for A's messages). */
const ISO_PUBLIC = 'https://oms.isolation.test';
const ISO_SMS_TOKEN = 'isolation-twilio-token';
/** A callback as the provider posts it: form-encoded, signed for its full public URL. */
const twilioPost = (path: string, params: Record<string, string>) => {
  const form = new URLSearchParams(params);
  return t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(ISO_SMS_TOKEN, `${ISO_PUBLIC}${path}`, [...form]) }, payload: form.toString() });
};
const aBounce = () => dsn(verpAddress(verpKey(t.config.secretKey as Buffer), ISO_BOUNCES, t.tenantId, A.notificationId), '5.1.1', 'failed');

/**
 * A fingerprint of every row tenant A owns, in every table with a tenant_id (and A's tenant row):
 * one query, so each of the many cases below can prove B changed nothing of A's, down to an
 * updated_at (but for a session's last_seen_at, below). What A sees through the API is compared once, after all of them.
 */
let tenantTables: { table_name: string }[] | undefined;
async function rowsOfA(): Promise<Record<string, string>> {
  tenantTables ??= await queryRows<{ table_name: string }>(t.database.db, sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' order by 1`);
  const tables = tenantTables;
  // A's own requests (the check that A's session goes on) touch its session's last_seen_at once a
  // minute: that is A's doing, not B's, and on a slow machine a case can take longer than a minute.
  const parts = tables.map((r) => sql`select ${r.table_name} as t, md5(coalesce(string_agg((to_jsonb(x) - 'last_seen_at')::text, '|' order by (to_jsonb(x) - 'last_seen_at')::text), '')) as h from ${sql.identifier(r.table_name)} x where x.tenant_id = ${tenantA}`);
  parts.push(sql`select 'tenants' as t, md5(coalesce(string_agg(x::text, '|'), '')) as h from tenants x where x.id = ${tenantA}`);
  const rows = await queryRows<{ t: string; h: string }>(t.database.db, sql.join(parts, sql` union all `));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

before(async () => {
  // An SMS provider configured (never reached: no job sends here) so the signed callbacks are live.
  t = await buildTestApp({ config: { bounceDomain: ISO_BOUNCES, publicUrl: ISO_PUBLIC, sms: { baseUrl: 'http://127.0.0.1:9', accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: ISO_SMS_TOKEN, from: '+15005550006' } } });
  keyA = t.rootKey;
  const created = await t.call('POST', '/v1/tenants', { name: 'Tenant B' });
  assert.equal(created.statusCode, 201, created.body);
  tenantB = created.json().id;
  keyB = created.json().api_key.key;
  assert.notEqual(tenantB, t.tenantId);

  A.locationId = (await createLocation(t, 'ISO-WH-A', {}, keyA)).id;
  A.storeId = (await createLocation(t, 'ISO-STORE-A', { type: 'store', ships_to_customers: false }, keyA)).id;
  await createProduct(t, A_SKU, { name: A_NAME, price: '25.00' }, keyA);
  await createProduct(t, A_SKU_2, { name: A_NAME, price: '30.00' }, keyA);
  await adjust(t, A_SKU, 'ISO-WH-A', 10, keyA);
  await adjust(t, A_SKU, 'ISO-STORE-A', 4, keyA);
  const order = await asA('POST', '/v1/orders', orderBody([{ sku: A_SKU, quantity: 2, unit_price: '25.00' }], { external_id: 'ISO-A-ORDER-1' }));
  assert.equal(order.statusCode, 201, order.body);
  A.orderId = (order.json() as OrderJson).id;
  A.orderLineId = (order.json() as OrderJson).lines[0]?.id as string;
  A.customerId = (order.json() as { customer_id: string }).customer_id;
  assert.match(A.customerId, /^cus_/, 'A\'s order is linked to its customer');
  A.fulfillmentOrderId = ((await asA('GET', `/v1/fulfillment-orders?order_id=${A.orderId}`)).json().data as { id: string }[])[0]?.id as string;
  assert.ok(A.fulfillmentOrderId, 'A\'s order has a fulfillment order');
  const held = await asA('POST', '/v1/orders', orderBody([{ sku: A_SKU, quantity: 1, unit_price: '25.00' }], { external_id: 'ISO-A-HELD' }));
  A.heldOrderId = (held.json() as OrderJson).id;
  const placedHold = await asA('POST', `/v1/orders/${A.heldOrderId}/holds`, { type: 'manual', reason: 'A checks the address' });
  assert.equal(placedHold.statusCode, 201, placedHold.body);
  A.orderHoldId = placedHold.json().id;
  // A verification hold: a review case and a verification link (ADR 0031).
  const verified = await asA('POST', '/v1/orders', orderBody([{ sku: A_SKU, quantity: 1, unit_price: '25.00' }], { external_id: 'ISO-A-VERIFY' }));
  assert.equal((await asA('POST', `/v1/orders/${verified.json().id}/holds`, { type: 'verification', reason: 'A asks the customer' })).statusCode, 201);
  A.reviewCaseId = ((await asA('GET', `/v1/reviews?order_id=${verified.json().id}`)).json().data as { id: string }[])[0]?.id as string;
  assert.match(A.reviewCaseId, /^rvc_/);
  const requested = ((await asA('GET', `/v1/orders/${verified.json().id}/events`)).json().data as { type: string; data: { verification_id: string; expires_at: string } }[]).find((e) => e.type === 'verification.requested');
  const link = verificationUrl(requested?.data.verification_id as string, new Date(requested?.data.expires_at as string));
  A.verifyToken = link.slice(link.lastIndexOf('/') + 1);
  A.verifiedOrderId = verified.json().id;
  // A's survey answer, written as the survey page writes it (the NPS and answers B must not see).
  await recordAnswer(t.database.db, { tenantId: t.tenantId, orderId: A.orderId, orderName: 'ISO-A-SURVEY', channel: 'iso-a-channel' }, { score: 9, comment: 'iso-a-survey-comment' }, new Date());
  const edit = await asA('POST', `/v1/orders/${A.heldOrderId}/edits`, { changes: [{ type: 'change_notes', notes: 'A edits' }] });
  assert.equal(edit.statusCode, 201, edit.body);
  A.orderEditId = edit.json().id;
  const viewer = await asA('POST', '/v1/api-keys', { name: 'A viewer', role: 'viewer' });
  assert.equal(viewer.statusCode, 201, viewer.body);
  A.viewerKeyId = viewer.json().id;
  A.viewerKey = viewer.json().key;
  const keys = (await asA('GET', '/v1/api-keys')).json().data as { id: string; name: string }[];
  A.rootKeyId = keys.find((k) => k.name === 'initial admin')?.id as string;
  assert.ok(A.rootKeyId, 'A\'s initial admin key is listed');
  userA = await signedInUser(t, 'admin');
  A.userId = userA.id;
  A.userEmail = userA.email;
  const bEmail = `iso-b-${uniqueCode()}@staff.test`.toLowerCase();
  assert.equal((await asB('POST', '/v1/users', { email: bEmail, name: 'B admin', role: 'admin', password: STAFF_PASSWORD })).statusCode, 201);
  userB = await signIn(t, bEmail, STAFF_PASSWORD);
  assert.equal((await asA('PATCH', '/v1/settings', { accept_unfillable_orders_on_hold: true })).statusCode, 200);
  assert.equal((await asA('PUT', `/v1/routing/policies/${A_POLICY}`, { scope: { channels: ['iso-a-channel'] }, rules: [{ name: 'iso-a-rule', filters: { location_groups: ['iso-a-group'] } }] })).statusCode, 201);
  const hold = await asA('POST', '/v1/reservations', { sku: A_SKU, quantity: 1, ttl_seconds: 3_600 });
  assert.equal(hold.statusCode, 201, hold.body);
  A.holdId = hold.json().id;
  const inbound = await asA('POST', '/v1/inbound', { reference: 'ISO-A-PO', location: 'ISO-WH-A', expected_date: '2026-12-24', lines: [{ sku: A_SKU, quantity: 5 }] });
  assert.equal(inbound.statusCode, 201, inbound.body);
  A.inboundId = inbound.json().id;
  // Pick and pack: a box, and at a location of their own a pick list and a packed fulfillment order.
  assert.equal((await asA('PUT', '/v1/boxes/ISO-A-BOX', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 9000, tare_grams: 200, cost: '1.00' })).statusCode, 201);
  await createLocation(t, 'ISO-PICK-A', { priority: 90, address: A_ADDRESS }, keyA);
  await createProduct(t, 'ISO-A-PICK', { name: A_NAME, dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 500 }, keyA);
  await adjust(t, 'ISO-A-PICK', 'ISO-PICK-A', 5, keyA);
  const fulfillmentOf = async () => {
    // Another channel than A's routing policy (which sends web orders to a group nobody is in).
    const placed = await asA('POST', '/v1/orders', orderBody([{ sku: 'ISO-A-PICK', quantity: 1, unit_price: '10.00' }], { channel: 'iso-pick' }));
    assert.equal(placed.statusCode, 201, placed.body);
    return ((await asA('GET', `/v1/fulfillment-orders?order_id=${(placed.json() as OrderJson).id}`)).json().data as { id: string }[])[0]?.id as string;
  };
  A.packedFulfillmentOrderId = await fulfillmentOf();
  assert.equal((await asA('POST', `/v1/fulfillment-orders/${A.packedFulfillmentOrderId}/pack`, {})).statusCode, 200);
  await fulfillmentOf();
  const pickList = await asA('POST', '/v1/pick-lists', { location: 'ISO-PICK-A' });
  assert.equal(pickList.statusCode, 201, pickList.body);
  A.pickListId = pickList.json().id;
  // Shipping: the sample carriers, rules, and one shipment with a scan.
  assert.equal((await asA('POST', '/v1/carriers/samples')).statusCode, 200);
  assert.equal((await asA('PUT', '/v1/shipping/rules', { strategy: 'fastest' })).statusCode, 200);
  const toShip = await fulfillmentOf();
  assert.equal((await asA('POST', `/v1/fulfillment-orders/${toShip}/pack`, {})).statusCode, 200);
  const shipped = await asA('POST', `/v1/fulfillment-orders/${toShip}/ship`, {});
  assert.equal(shipped.statusCode, 201, shipped.body);
  A.shipmentId = shipped.json().id;
  A.trackingNumber = shipped.json().tracking_number;
  A.shipDate = shipped.json().ship_date;
  // A return of the shipped unit, approved at A's location.
  A.shippedOrderId = shipped.json().order_id;
  const shippedLine = ((await asA('GET', `/v1/orders/${A.shippedOrderId}`)).json() as OrderJson).lines[0]?.id as string;
  const ret = await asA('POST', `/v1/orders/${A.shippedOrderId}/returns`, { lines: [{ order_line_id: shippedLine, quantity: 1, reason: 'defective' }] });
  assert.equal(ret.statusCode, 201, ret.body);
  A.returnId = ret.json().id;
  A.returnLineId = ret.json().lines[0].id;
  assert.equal((await asA('POST', `/v1/returns/${A.returnId}/approve`, { location: 'ISO-PICK-A' })).statusCode, 200);
  // A's customer holds store credit, under the e-mail B will ask about.
  const credit = await asA('POST', '/v1/store-credit/adjustments', { email: A_CREDIT_EMAIL, currency: 'USD', amount: '7.50', reason: 'goodwill' });
  assert.equal(credit.statusCode, 201, credit.body);
  assert.equal((await asA('POST', `/v1/shipments/${A.shipmentId}/events`, { status: 'in_transit', occurred_at: new Date().toISOString() })).statusCode, 200);
  const channel = await asA('POST', '/v1/channels', { type: 'shopify', name: 'iso-a-shop', secret: 'iso-a-shopify-secret', locations: ['ISO-WH-A'] });
  assert.equal(channel.statusCode, 201, channel.body);
  A.channelId = channel.json().id;
  const imported = await t.call('POST', `/v1/channels/${A.channelId}/imports?format=csv`, 'Name,Currency,Lineitem quantity,Lineitem price,Lineitem sku\nISO-IMP-1,USD,1,1.00,ISO-NO-SUCH-SKU\n', { key: keyA, headers: { 'content-type': 'text/csv' } });
  assert.equal(imported.statusCode, 201, imported.body);
  A.importId = imported.json().id;
  const partner = await asA('POST', '/v1/channels', { type: 'x12', name: 'iso-a-edi', settings: { partner_isa_qualifier: 'ZZ', partner_isa_id: 'ISOBUYER', our_isa_qualifier: 'ZZ', our_isa_id: 'ISOSELLER' } });
  assert.equal(partner.statusCode, 201, partner.body);
  A.x12ChannelId = partner.json().id;
  const received = await t.call('POST', `/v1/channels/${A.x12ChannelId}/x12`, ISO_850, { key: keyA, headers: { 'content-type': 'application/edi-x12' } });
  assert.equal(received.statusCode, 200, received.body);
  A.x12DocumentId = String(received.headers['x12-document-id']);
  const endpoint = await asA('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/iso-a', events: ['*'] });
  assert.equal(endpoint.statusCode, 201, endpoint.body);
  A.webhookEndpointId = endpoint.json().id;
  // A's own automation rule, evaluated (not matching) for A's orders by the relay below.
  const rule = await asA('POST', '/v1/automations', { name: 'iso-a-secret-automation', trigger: 'order.created', condition: 'order.total > 999999', actions: [{ type: 'add_tag', tag: 'iso-a-auto' }] });
  assert.equal(rule.statusCode, 201, rule.body);
  A.automationId = rule.json().id;
  // The relay queues A's customers' messages too (they stay queued: no job sends them here).
  await relayOutbox(t.database.db, new Date(), { subscribers: [notificationSubscriber], broker: false });
  A.webhookDeliveryId = (await asA('GET', '/v1/webhook-deliveries?limit=1')).json().data[0].id;
  A.notificationId = (await asA('GET', '/v1/notifications?limit=1')).json().data[0].id;
  // A hard bounce for A's message puts its customer's address on A's suppression list.
  const bounced = await t.call('POST', '/v1/notifications/bounces', aBounce(), { key: keyA, headers: { 'content-type': 'message/rfc822' } });
  assert.equal(bounced.statusCode, 200, bounced.body);
  A.suppressedAddress = bounced.json().recipient;
  // A's own fraud rules, active: B neither sees them nor screens with them.
  const rules = await asA('POST', '/v1/risk/rule-sets', { rules: [{ id: 'iso-a-rule', rule: 'review if order.total > 12345' }], note: A_RULE_NOTE, activate: true });
  assert.equal(rules.statusCode, 201, rules.body);
  // A's own message template and test-send address: B neither sees nor uses them.
  assert.equal((await asA('PUT', '/v1/notification-templates/delivered/en', { subject: 'iso-a-secret-template {{ order.name }}' })).statusCode, 200);
  assert.equal((await asA('PATCH', '/v1/settings', { notification_test_recipients: ['iso-a-qa@a-shop.test'] })).statusCode, 200);
  assert.equal((await asA('PATCH', `/v1/customers/${A.customerId}/notification-preferences`, { locale: 'de' })).statusCode, 200);
  baseline = await snapshotA();
  [{ tenant_id: tenantA }] = (await queryRows<{ tenant_id: string }>(t.database.db, sql`select tenant_id from locations where id = ${A.locationId}`)) as [{ tenant_id: string }];
  assert.ok(Object.keys(await rowsOfA()).length > 30, 'every tenant table is fingerprinted');
});
after(() => t.close());

type Case = () => Promise<void>;

// One 850 from A's trading partner (an unknown item: the set is rejected, the documents are stored).
const ISO_850 =
  'ISA*00*          *00*          *ZZ*ISOBUYER       *ZZ*ISOSELLER      *261127*0350*U*00401*000000001*0*P*>~' +
  'GS*PO*ISOBUYER*ISOSELLER*20261127*0350*1*X*004010~ST*850*0001~BEG*00*SA*ISO-PO-1**20261125~PO1*1*1*EA*1.00**SK*ISO-NO-SUCH~CTT*1~SE*5*0001~GE*1*1~IEA*1*000000001~';

const cases: Record<string, Case> = {
  'GET /health': async () => {
    const res = await asB('GET', '/health');
    assert.equal(res.statusCode, 200, res.body);
    mentionsNothingOfA(res.body);
  },
  'GET /ready': async () => {
    const res = await asB('GET', '/ready');
    assert.equal(res.statusCode, 200, res.body);
    mentionsNothingOfA(res.body);
  },
  'GET /metrics': async () => {
    // Installation-wide numbers: no API key reads them (only OMS_METRICS_TOKEN, unset here).
    problem(await asB('GET', '/metrics'), 404, 'METRICS_DISABLED');
  },

  'GET /v1/dashboard': async () => {
    const res = await asB('GET', '/v1/dashboard?tz=America/New_York');
    assert.equal(res.statusCode, 200, res.body);
    // B's chart counts B's orders only (all placed just now, within the 7 days).
    const mine = ((await asB('GET', '/v1/orders?limit=500')).json().data as unknown[]).length;
    assert.equal((res.json().orders_per_hour as { count: number }[]).reduce((n, h) => n + h.count, 0), mine);
  },
  'POST /v1/demo': async () => {
    // B with an order of its own: the demo refuses B, and A (checked by the snapshot) is untouched.
    assert.equal((await asB('PUT', '/v1/products/ISO-B-DEMO', { name: 'B demo', price: '1.00', currency: 'USD', backorderable: true })).statusCode, 201);
    assert.equal((await asB('POST', '/v1/orders', orderBody([{ sku: 'ISO-B-DEMO', quantity: 1 }]))).statusCode, 201);
    problem(await asB('POST', '/v1/demo'), 409, 'DEMO_TENANT_NOT_EMPTY');
  },
  'POST /v1/tenants': async () => {
    // B is an admin, but not of the root tenant.
    problem(await asB('POST', '/v1/tenants', { name: 'made by B' }), 403, 'TENANT_ROOT_ONLY');
  },
  'POST /v1/api-keys': async () => {
    const res = await asB('POST', '/v1/api-keys', { name: 'B operator', role: 'operator' });
    assert.equal(res.statusCode, 201, res.body);
    // The new key belongs to B: it cannot read A's order either.
    const withNewKey = await t.call('GET', `/v1/orders/${A.orderId}`, undefined, { key: res.json().key });
    problem(withNewKey, 404, 'ORDER_NOT_FOUND');
    const bKeys = (await asB('GET', '/v1/api-keys')).json().data as { id: string }[];
    assert.ok(bKeys.some((k) => k.id === res.json().id), 'B lists the key it made');
  },
  'GET /v1/api-keys': async () => {
    const res = await asB('GET', '/v1/api-keys?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    const ids = (res.json().data as { id: string }[]).map((k) => k.id);
    assert.ok(ids.length >= 1, 'B lists its own key(s)');
    assert.ok(!ids.includes(A.rootKeyId) && !ids.includes(A.viewerKeyId), `B lists none of A's keys: ${JSON.stringify(ids)}`);
    mentionsNothingOfA(res.body);
  },
  'DELETE /v1/api-keys/{id}': async () => {
    const missing = await asB('DELETE', `/v1/api-keys/${NO_KEY}`);
    problem(missing, 404, 'API_KEY_NOT_FOUND');
    for (const id of [A.viewerKeyId, A.rootKeyId]) {
      const res = await asB('DELETE', `/v1/api-keys/${id}`);
      problem(res, 404, 'API_KEY_NOT_FOUND');
      sameAsMissing(res, missing);
    }
    // A's keys still work.
    assert.equal((await t.call('GET', '/v1/settings', undefined, { key: A.viewerKey })).statusCode, 200);
    assert.equal((await asA('GET', '/v1/settings')).statusCode, 200);
  },
  'POST /v1/session': async () => {
    // Signing in names the tenant by the e-mail: B's person gets B's tenant, and a wrong password for A's e-mail nothing.
    const res = await t.call('POST', '/v1/session', { email: userB.email, password: STAFF_PASSWORD }, { key: null });
    assert.equal(res.json().user.tenant_id, tenantB);
    problem(await t.call('POST', '/v1/session', { email: A.userEmail, password: 'B guesses wrong' }, { key: null }), 401, 'AUTH_CREDENTIALS_INVALID');
  },
  'GET /v1/session': async () => {
    const res = await userB.call('GET', '/v1/session');
    assert.equal(res.json().user.tenant_id, tenantB);
    mentionsNothingOfA(res.body);
    assert.equal((await userB.call('GET', `/v1/orders/${A.orderId}`)).statusCode, 404, 'B’s person does not see A’s order');
  },
  'DELETE /v1/session': async () => {
    const b = await signIn(t, userB.email, STAFF_PASSWORD);
    assert.equal((await b.call('DELETE', '/v1/session')).statusCode, 204);
    assert.equal((await userA.call('GET', '/v1/session')).statusCode, 200, 'A’s session goes on');
  },
  'GET /v1/setup': async () => {
    // One answer for the installation (B's people exist, so no one is asked to set up): nothing of A.
    const res = await t.call('GET', '/v1/setup', undefined, { key: null });
    assert.deepEqual(res.json(), { needs_first_admin: false });
  },
  'POST /v1/setup': async () => {
    // Setup makes a root-tenant admin only while the installation has no user: here it is closed to everyone.
    problem(await t.call('POST', '/v1/setup', { token: 'B guesses', email: 'b-owner@shop.test', name: 'B', password: STAFF_PASSWORD }, { key: null }), 409, 'SETUP_DONE');
  },
  'POST /v1/password-resets': async () => {
    const res = await t.call('POST', '/v1/password-resets', { email: A.userEmail }, { key: null });
    assert.equal(res.statusCode, 202);
    mentionsNothingOfA(res.body);
  },
  'POST /v1/password-resets/confirm': async () => {
    problem(await t.call('POST', '/v1/password-resets/confirm', { token: 'B does not know A’s token', password: 'a long enough password' }, { key: null }), 422, 'PASSWORD_RESET_INVALID');
  },
  'GET /v1/users': async () => {
    const res = await asB('GET', '/v1/users?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    assert.ok((res.json().data as { email: string }[]).some((u) => u.email === userB.email), 'B lists its own');
    mentionsNothingOfA(res.body);
    assert.ok(!res.body.includes(A.userEmail), 'B does not see A’s e-mail');
  },
  'POST /v1/users': async () => {
    const res = await asB('POST', '/v1/users', { email: `iso-b2-${uniqueCode()}@staff.test`, name: 'B viewer', role: 'viewer' });
    assert.equal(res.json().tenant_id, tenantB);
    // E-mails are unique across the installation (ADR 0016): A's is taken, and the answer says no more than that.
    const taken = await asB('POST', '/v1/users', { email: A.userEmail, name: 'B copy', role: 'viewer' });
    problem(taken, 409, 'USER_EMAIL_TAKEN');
    mentionsNothingOfA(taken.body);
  },
  'GET /v1/users/{id}': async () => {
    const missing = await asB('GET', `/v1/users/${NO_USER}`);
    problem(missing, 404, 'USER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/users/${A.userId}`), missing);
  },
  'PATCH /v1/users/{id}': async () => {
    const missing = await asB('PATCH', `/v1/users/${NO_USER}`, { role: 'viewer' });
    problem(missing, 404, 'USER_NOT_FOUND');
    sameAsMissing(await asB('PATCH', `/v1/users/${A.userId}`, { role: 'viewer' }), missing);
    sameAsMissing(await userB.call('PATCH', `/v1/users/${A.userId}`, { disabled: true }), missing);
  },
  'DELETE /v1/users/{id}': async () => {
    const missing = await asB('DELETE', `/v1/users/${NO_USER}`);
    problem(missing, 404, 'USER_NOT_FOUND');
    sameAsMissing(await asB('DELETE', `/v1/users/${A.userId}`), missing);
    assert.equal((await userA.call('GET', '/v1/session')).statusCode, 200, 'A’s person is still signed in');
  },
  'POST /v1/users/{id}/reset-link': async () => {
    // B's admin cannot mint a password link for A's person: answered as for a user that does not exist.
    const missing = await asB('POST', `/v1/users/${NO_USER}/reset-link`);
    problem(missing, 404, 'USER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/users/${A.userId}/reset-link`), missing);
  },
  'GET /v1/settings': async () => {
    const res = await asB('GET', '/v1/settings');
    assert.equal(res.statusCode, 200, res.body);
    // A turned the setting on; B still has the default.
    assert.equal(res.json().accept_unfillable_orders_on_hold, false);
  },
  'PATCH /v1/settings': async () => {
    const on = await asB('PATCH', '/v1/settings', { accept_unfillable_orders_on_hold: true });
    assert.equal(on.statusCode, 200, on.body);
    const off = await asB('PATCH', '/v1/settings', { accept_unfillable_orders_on_hold: false });
    assert.equal(off.json().accept_unfillable_orders_on_hold, false);
    // A's setting (true) is untouched: checked by the snapshot.
  },

  'POST /v1/locations': async () => {
    // Codes are per tenant: B may use A's code, and gets its own location.
    const res = await asB('POST', '/v1/locations', { code: 'ISO-WH-A', name: 'B warehouse', type: 'warehouse' });
    assert.equal(res.statusCode, 201, res.body);
    assert.notEqual(res.json().id, A.locationId);
    assert.equal(res.json().name, 'B warehouse');
  },
  'GET /v1/locations': async () => {
    const res = await asB('GET', '/v1/locations?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    mentionsNothingOfA(res.body);
  },
  'GET /v1/locations/{id}': async () => {
    const missing = await asB('GET', `/v1/locations/${NO_LOCATION}`);
    problem(missing, 404, 'LOCATION_NOT_FOUND');
    for (const ref of [A.locationId, A.storeId, 'ISO-STORE-A']) {
      const res = await asB('GET', `/v1/locations/${ref}`);
      problem(res, 404, 'LOCATION_NOT_FOUND');
      sameAsMissing(res, missing);
    }
  },
  'PATCH /v1/locations/{id}': async () => {
    const missing = await asB('PATCH', `/v1/locations/${NO_LOCATION}`, { name: 'taken over', active: false });
    problem(missing, 404, 'LOCATION_NOT_FOUND');
    for (const ref of [A.locationId, A.storeId, 'ISO-STORE-A']) {
      const res = await asB('PATCH', `/v1/locations/${ref}`, { name: 'taken over', active: false, ships_to_customers: true });
      problem(res, 404, 'LOCATION_NOT_FOUND');
      sameAsMissing(res, missing);
    }
  },

  'GET /v1/inventory': async () => {
    const all = await asB('GET', '/v1/inventory?limit=500');
    assert.equal(all.statusCode, 200, all.body);
    mentionsNothingOfA(all.body);
    const bySku = await asB('GET', `/v1/inventory?sku=${A_SKU}`);
    assert.deepEqual(bySku.json(), { data: [], next_cursor: null });
    // Filtering by A's location is refused exactly like filtering by a location that does not exist.
    const missing = await asB('GET', `/v1/inventory?location=${NO_LOCATION}`);
    problem(missing, 422, 'LOCATION_UNKNOWN');
    for (const ref of [A.locationId, 'ISO-STORE-A']) sameAsMissing(await asB('GET', `/v1/inventory?location=${ref}`), missing);
  },
  'GET /v1/inventory/{sku}': async () => {
    const res = await asB('GET', `/v1/inventory/${A_SKU}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { sku: A_SKU, available_to_promise: 0, kit: false, locations: [] });
  },
  'GET /v1/inventory/{sku}/movements': async () => {
    assert.deepEqual((await asB('GET', `/v1/inventory/${A_SKU}/movements`)).json(), { data: [], next_cursor: null });
    const missing = await asB('GET', `/v1/inventory/${A_SKU}/movements?location=${NO_LOCATION}`);
    problem(missing, 422, 'LOCATION_UNKNOWN');
    sameAsMissing(await asB('GET', `/v1/inventory/${A_SKU}/movements?location=${A.locationId}`), missing);
  },
  'GET /v1/stock-alerts': async () => {
    const res = await asB('GET', '/v1/stock-alerts?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    mentionsNothingOfA(res.body);
  },
  'POST /v1/inventory/adjustments': async () => {
    // B knows neither A's SKU nor A's locations.
    problem(await asB('POST', '/v1/inventory/adjustments', { sku: A_SKU, location: A.locationId, delta: -3, reason: 'correction' }), 422, 'PRODUCT_UNKNOWN_SKU');
    await createProduct(t, 'ISO-B-ONLY', {}, keyB);
    for (const ref of [A.locationId, A.storeId, 'ISO-STORE-A']) {
      problem(await asB('POST', '/v1/inventory/adjustments', { sku: 'ISO-B-ONLY', location: ref, delta: 5, reason: 'received' }), 422, 'LOCATION_UNKNOWN');
    }
    // A batch mixing B's own location with A's changes nothing anywhere.
    await asB('POST', '/v1/locations', { code: 'ISO-B-WH', name: 'B own', type: 'warehouse' });
    const batch = await asB('POST', '/v1/inventory/adjustments', {
      adjustments: [
        { sku: 'ISO-B-ONLY', location: 'ISO-B-WH', delta: 5, reason: 'received' },
        { sku: 'ISO-B-ONLY', location: A.locationId, delta: 5, reason: 'received' },
      ],
    });
    problem(batch, 422, 'LOCATION_UNKNOWN');
    assert.deepEqual((await asB('GET', '/v1/inventory/ISO-B-ONLY')).json().locations, []);
  },
  'PUT /v1/products/{sku}': async () => {
    // The SKU is per tenant: B's PUT creates B's own product (201, not 200) and A's stays as it was.
    const res = await asB('PUT', `/v1/products/${A_SKU_2}`, { name: 'B version', price: '1.00', currency: 'EUR' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().name, 'B version');
  },
  'GET /v1/products': async () => {
    const res = await asB('GET', '/v1/products?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    mentionsNothingOfA(res.body);
  },
  'GET /v1/products/{sku}': async () => {
    const missing = await asB('GET', '/v1/products/ISO-NOWHERE');
    problem(missing, 404, 'PRODUCT_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/products/${A_SKU}`), missing);
  },

  'POST /v1/orders': async () => {
    // A's exact order body: B does not know the SKU, and must not get A's order back as a duplicate.
    const res = await asB('POST', '/v1/orders', orderBody([{ sku: A_SKU, quantity: 2, unit_price: '25.00' }], { external_id: 'ISO-A-ORDER-1' }));
    problem(res, 422, 'PRODUCT_UNKNOWN_SKU');
    mentionsNothingOfA(res.body);
  },
  'GET /v1/orders': async () => {
    // The search box and the console's filters: A's order number, e-mail, name, phone, SKU, tracking number, channel name.
    const order = (await asA('GET', `/v1/orders/${A.orderId}`)).json() as { number: number; external_id: string };
    const shipment = (await asA('GET', `/v1/shipments/${A.shipmentId}`)).json() as { tracking_number: string; order_id: string };
    const searches = [String(order.number), `#${order.number}`, order.external_id, 'ada@example.com', 'Ada Lov', '2175550100', A_SKU, shipment.tracking_number, A.orderId].map((q) => `?q=${encodeURIComponent(q)}`);
    for (const query of searches) {
      const found = ((await asA('GET', `/v1/orders${query}`)).json().data as { id: string }[]).map((o) => o.id);
      assert.ok(found.includes(A.orderId) || found.includes(shipment.order_id), `A finds its own order with ${query}: ${found.join(', ')}`);
    }
    const filters = ['?channel=iso-a-shop', `?channel=${A.channelId}`, '?channel=shopify', '?tag=test', '?late=true', '?has_backorder=false', `?external_id=${order.external_id}`, '?sort=-total', '?sort=ship_by'];
    for (const query of ['?limit=500', `?sku=${A_SKU}`, '?channel=web', '?customer_email=ada@example.com', '?status=allocated', ...searches, ...filters]) {
      const res = await asB('GET', `/v1/orders${query}`);
      assert.equal(res.statusCode, 200, res.body);
      mentionsNothingOfA(res.body);
    }
    assert.deepEqual((await asB('GET', `/v1/orders?sku=${A_SKU}`)).json(), { data: [], next_cursor: null });
  },
  'GET /v1/orders/{id}': async () => {
    const missing = await asB('GET', `/v1/orders/${NO_ORDER}`);
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/orders/${A.orderId}`), missing);
  },
  'POST /v1/orders/{id}/cancel': async () => {
    const missing = await asB('POST', `/v1/orders/${NO_ORDER}/cancel`, { reason: 'B wants it gone' });
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/orders/${A.orderId}/cancel`, { reason: 'B wants it gone' }), missing);
    sameAsMissing(await asB('POST', `/v1/orders/${A.orderId}/cancel`, { reason: 'B wants a line gone', line_ids: [A.orderLineId] }), missing);
  },
  'POST /v1/orders/{id}/notes': async () => {
    const missing = await asB('POST', `/v1/orders/${NO_ORDER}/notes`, { text: 'B was here' });
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/orders/${A.orderId}/notes`, { text: 'B was here' }), missing);
  },
  'PUT /v1/orders/{id}/tags': async () => {
    const missing = await asB('PUT', `/v1/orders/${NO_ORDER}/tags`, { tags: ['b'] });
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('PUT', `/v1/orders/${A.orderId}/tags`, { tags: ['b'] }), missing);
  },
  'GET /v1/orders/{id}/holds': async () => {
    const missing = await asB('GET', `/v1/orders/${NO_ORDER}/holds`);
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/orders/${A.heldOrderId}/holds`), missing);
  },
  'POST /v1/orders/{id}/holds': async () => {
    const missing = await asB('POST', `/v1/orders/${NO_ORDER}/holds`, { type: 'manual', reason: 'B holds it' });
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/orders/${A.orderId}/holds`, { type: 'manual', reason: 'B holds it' }), missing);
    assert.equal((await asA('GET', `/v1/orders/${A.orderId}`)).json().held, false, 'A’s order is not held by B');
  },
  'DELETE /v1/orders/{id}/holds/{hold_id}': async () => {
    const missing = await asB('DELETE', `/v1/orders/${NO_ORDER}/holds/ohd_00000000000000000000000000`, { note: 'B releases it' });
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('DELETE', `/v1/orders/${A.heldOrderId}/holds/${A.orderHoldId}`, { note: 'B releases it' }), missing);
    // B's own order with A's hold id: no such hold on it, as for an id that exists nowhere.
    assert.equal((await asB('PUT', '/v1/products/ISO-B-HOLD', { name: 'B hold', price: '1.00', currency: 'USD', backorderable: true })).statusCode, 201);
    const own = await asB('POST', '/v1/orders', orderBody([{ sku: 'ISO-B-HOLD', quantity: 1 }]));
    assert.equal(own.statusCode, 201, own.body);
    {
      const noHold = await asB('DELETE', `/v1/orders/${own.json().id}/holds/ohd_00000000000000000000000000`, { note: 'B releases it' });
      problem(noHold, 404, 'ORDER_HOLD_NOT_FOUND');
      const withA = await asB('DELETE', `/v1/orders/${own.json().id}/holds/${A.orderHoldId}`, { note: 'B releases it' });
      problem(withA, 404, 'ORDER_HOLD_NOT_FOUND');
      assert.equal(withA.json().detail.replace(A.orderHoldId, 'X'), noHold.json().detail.replace('ohd_00000000000000000000000000', 'X'));
    }
    const holds = (await asA('GET', `/v1/orders/${A.heldOrderId}/holds`)).json().data as { active: boolean }[];
    assert.deepEqual(holds.map((h) => h.active), [true], 'A’s hold is still active');
  },
  'PATCH /v1/orders/{id}': async () => {
    const missing = await asB('PATCH', `/v1/orders/${NO_ORDER}`, { notes: 'B was here' });
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('PATCH', `/v1/orders/${A.orderId}`, { notes: 'B was here' }), missing);
    assert.notEqual((await asA('GET', `/v1/orders/${A.orderId}`)).json().notes, 'B was here', 'A’s notes are A’s');
  },
  'POST /v1/orders/{id}/edits': async () => {
    const missing = await asB('POST', `/v1/orders/${NO_ORDER}/edits`, {});
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/orders/${A.orderId}/edits`, {}), missing);
  },
  'POST /v1/orders/{id}/edits/{edit_id}/changes': async () => {
    const body = { changes: [{ type: 'change_notes', notes: 'B' }] };
    const missing = await asB('POST', `/v1/orders/${NO_ORDER}/edits/oed_00000000000000000000000000/changes`, body);
    problem(missing, 404, 'ORDER_EDIT_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/orders/${A.heldOrderId}/edits/${A.orderEditId}/changes`, body), missing);
  },
  'DELETE /v1/orders/{id}/edits/{edit_id}/changes/{n}': async () => {
    const missing = await asB('DELETE', `/v1/orders/${NO_ORDER}/edits/oed_00000000000000000000000000/changes/0`);
    problem(missing, 404, 'ORDER_EDIT_NOT_FOUND');
    sameAsMissing(await asB('DELETE', `/v1/orders/${A.heldOrderId}/edits/${A.orderEditId}/changes/0`), missing);
  },
  'GET /v1/orders/{id}/edits': async () => {
    const missing = await asB('GET', `/v1/orders/${NO_ORDER}/edits`);
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/orders/${A.heldOrderId}/edits`), missing);
  },
  'GET /v1/orders/{id}/edits/{edit_id}': async () => {
    const missing = await asB('GET', `/v1/orders/${NO_ORDER}/edits/oed_00000000000000000000000000`);
    problem(missing, 404, 'ORDER_EDIT_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/orders/${A.heldOrderId}/edits/${A.orderEditId}`), missing);
  },
  'POST /v1/orders/{id}/edits/{edit_id}/commit': async () => {
    const missing = await asB('POST', `/v1/orders/${NO_ORDER}/edits/oed_00000000000000000000000000/commit`, { reason: 'B' });
    problem(missing, 404, 'ORDER_EDIT_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/orders/${A.heldOrderId}/edits/${A.orderEditId}/commit`, { reason: 'B' }), missing);
  },
  'POST /v1/orders/{id}/edits/{edit_id}/discard': async () => {
    const missing = await asB('POST', `/v1/orders/${NO_ORDER}/edits/oed_00000000000000000000000000/discard`);
    problem(missing, 404, 'ORDER_EDIT_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/orders/${A.heldOrderId}/edits/${A.orderEditId}/discard`), missing);
    const edit = (await asA('GET', `/v1/orders/${A.heldOrderId}/edits/${A.orderEditId}`)).json() as { status: string; changes: unknown[] };
    assert.deepEqual([edit.status, edit.changes.length], ['open', 1], 'A’s edit is untouched by B');
  },
  'GET /v1/orders/{id}/events': async () => {
    const missing = await asB('GET', `/v1/orders/${NO_ORDER}/events`);
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/orders/${A.orderId}/events`), missing);
  },
  'GET /v1/orders/{id}/transactions': async () => {
    const missing = await asB('GET', `/v1/orders/${NO_ORDER}/transactions`);
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/orders/${A.orderId}/transactions`), missing);
  },
  'POST /v1/orders/{id}/transactions': async () => {
    const sale = { kind: 'sale', amount: '1.00', gateway: 'iso-pay' };
    const missing = await asB('POST', `/v1/orders/${NO_ORDER}/transactions`, sale);
    problem(missing, 404, 'ORDER_NOT_FOUND');
    // A's order and its payment are in the snapshot compared after every case: B recorded nothing.
    sameAsMissing(await asB('POST', `/v1/orders/${A.orderId}/transactions`, sale), missing);
  },
  'GET /v1/return-reasons': async () => {
    const res = await asB('GET', '/v1/return-reasons');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().reasons.length, 8, 'B has the defaults');
  },
  'PUT /v1/return-reasons': async () => {
    const reasons = [{ code: 'b_only', label: 'B only', requires_note: false, merchant_fault: false }, { code: 'other', label: 'Other', requires_note: true, merchant_fault: false }];
    assert.equal((await asB('PUT', '/v1/return-reasons', { reasons })).statusCode, 200);
    assert.deepEqual((await asB('GET', '/v1/return-reasons')).json().reasons.map((r: { code: string }) => r.code), ['b_only', 'other']);
    // A's reasons (in the snapshot) are still the defaults.
  },
  'GET /v1/return-policy': async () => {
    const res = await asB('GET', '/v1/return-policy');
    assert.equal(res.statusCode, 200, res.body);
    mentionsNothingOfA(res.body);
  },
  'PUT /v1/return-policy': async () => {
    const policy = { window_days: 14, assumed_transit_days: 3, final_sale_skus: [], restocking_fee_bps: 0, return_shipping: 'free', allowed_outcomes: ['refund'], keep_item_threshold_minor: 0, return_locations: [], overrides: [] };
    assert.equal((await asB('PUT', '/v1/return-policy', policy)).statusCode, 200);
    // A's location code is unknown to B.
    const missing = await asB('PUT', '/v1/return-policy', { ...policy, return_locations: ['ISO-NOWHERE'] });
    problem(missing, 422, 'LOCATION_UNKNOWN');
    sameAsMissing(await asB('PUT', '/v1/return-policy', { ...policy, return_locations: ['ISO-PICK-A'] }), missing);
  },
  'POST /v1/orders/{id}/returns': async () => {
    const body = { lines: [{ order_line_id: A.orderLineId, quantity: 1, reason: 'defective' }] };
    const missing = await asB('POST', `/v1/orders/${NO_ORDER}/returns`, body);
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/orders/${A.shippedOrderId}/returns`, body), missing);
  },
  'GET /v1/orders/{id}/returns': async () => {
    const missing = await asB('GET', `/v1/orders/${NO_ORDER}/returns`);
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/orders/${A.shippedOrderId}/returns`), missing);
  },
  'GET /v1/returns': async () => {
    for (const query of ['?limit=500', `?order_id=${A.shippedOrderId}`, '?status=approved']) {
      const res = await asB('GET', `/v1/returns${query}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().data, []);
    }
    const missing = await asB('GET', '/v1/returns?location=ISO-NOWHERE');
    problem(missing, 422, 'LOCATION_UNKNOWN');
    sameAsMissing(await asB('GET', '/v1/returns?location=ISO-PICK-A'), missing);
  },
  ...Object.fromEntries(
    (
      [
        ['GET', '', undefined],
        ['GET', '/refund-preview', undefined],
        ['POST', '/approve', {}],
        ['POST', '/decline', { reason: 'B says no' }],
        ['POST', '/cancel', {}],
        ['POST', '/in-transit', {}],
        ['POST', '/receipts', { lines: [{ return_line_id: 'rtl_00000000000000000000000000', quantity: 1, disposition: 'restock' }] }],
        ['POST', '/refunds', {}],
        ['POST', '/store-credit', {}],
        ['POST', '/exchange', { lines: [{ return_line_id: 'rtl_00000000000000000000000000', sku: 'ISO-NO-SUCH-SKU', quantity: 1 }] }],
        ['POST', '/label', { method: 'no_label' }],
        ['GET', '/shipping', undefined],
      ] as const
    ).map(([method, suffix, body]) => [
      `${method} /v1/returns/{id}${suffix}`,
      async () => {
        const missing = await asB(method, `/v1/returns/rma_00000000000000000000000000${suffix}`, body);
        problem(missing, 404, 'RETURN_NOT_FOUND');
        // A's return (in the snapshot) is unchanged.
        sameAsMissing(await asB(method, `/v1/returns/${A.returnId}${suffix}`, body), missing);
      },
    ]),
  ),
  'GET /v1/returns/{id}/label': async () => {
    const missing = await asB('GET', '/v1/returns/rma_00000000000000000000000000/label?format=pdf');
    problem(missing, 404, 'RETURN_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/returns/${A.returnId}/label?format=pdf`), missing);
  },
  'GET /v1/store-credit': async () => {
    const res = await asB('GET', `/v1/store-credit?email=${encodeURIComponent(A_CREDIT_EMAIL)}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().balances, []);
    assert.deepEqual(res.json().entries, []);
    mentionsNothingOfA(res.body);
  },
  'GET /v1/reviews': async () => {
    for (const query of ['?limit=500', '?status=closed', `?order_id=${A.verifiedOrderId}`, '?kind=verification']) {
      const res = await asB('GET', `/v1/reviews${query}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().data, [], query);
    }
  },
  'GET /v1/reviews/{id}': async () => {
    const missing = await asB('GET', `/v1/reviews/${NO_REVIEW}`);
    problem(missing, 404, 'REVIEW_CASE_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/reviews/${A.reviewCaseId}`), missing);
  },
  'POST /v1/reviews/{id}/assign': async () => {
    const missing = await asB('POST', `/v1/reviews/${NO_REVIEW}/assign`, { assignee: null });
    problem(missing, 404, 'REVIEW_CASE_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/reviews/${A.reviewCaseId}/assign`, { assignee: null }), missing);
    // A's user cannot be made the assignee of B's case either: B's own case answers "not a user of your tenant".
  },
  'POST /v1/reviews/{id}/close': async () => {
    const missing = await asB('POST', `/v1/reviews/${NO_REVIEW}/close`, { resolution: 'rejected', reason: 'B rejects it' });
    problem(missing, 404, 'REVIEW_CASE_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/reviews/${A.reviewCaseId}/close`, { resolution: 'rejected', reason: 'B rejects it' }), missing);
  },
  'POST /v1/orders/{id}/verification': async () => {
    const missing = await asB('POST', `/v1/orders/${NO_ORDER}/verification`);
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/orders/${A.verifiedOrderId}/verification`), missing);
  },
  'GET /v1/verify/{token}': async () => {
    // The token is the credential (public route); one changed by a character names nothing.
    const tampered = `${A.verifyToken.slice(0, -1)}${A.verifyToken.endsWith('A') ? 'B' : 'A'}`;
    const res = await t.call('GET', `/v1/verify/${tampered}`, undefined, { key: null });
    problem(res, 404, 'VERIFICATION_LINK_INVALID');
    mentionsNothingOfA(res.body);
  },
  'POST /v1/verify/{token}': async () => {
    const tampered = `${A.verifyToken.slice(0, -1)}${A.verifyToken.endsWith('A') ? 'B' : 'A'}`;
    problem(await t.call('POST', `/v1/verify/${tampered}`, undefined, { key: null }), 404, 'VERIFICATION_LINK_INVALID');
  },
  'GET /v1/nps': async () => {
    assert.equal((await asA('GET', '/v1/nps')).json().total.responses, 1, "A's answer is counted for A");
    for (const query of ['', '?group_by=month', '?group_by=week', '?group_by=week&channel=iso-a-channel']) {
      const res = await asB('GET', `/v1/nps${query}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().total.responses, 0, res.body);
      assert.ok(!res.body.includes('iso-a-channel'), res.body);
    }
  },
  'GET /v1/survey-responses': async () => {
    for (const query of ['', '?channel=iso-a-channel', '?score_max=10', '?score_min=9&score_max=10']) {
      const res = await asB('GET', `/v1/survey-responses${query}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().data, []);
      mentionsNothingOfA(res.body);
      assert.ok(!res.body.includes('iso-a-survey-comment'), "no comment of A's");
    }
  },
  'GET /v1/orders/{id}/survey': async () => {
    const missing = await asB('GET', `/v1/orders/${NO_ORDER}/survey`);
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/orders/${A.orderId}/survey`), missing);
    // The public page: A's link re-addressed to B's tenant is refused (the signature covers the tenant).
    const url = surveyUrl(t.tenantId, A.orderId, new Date(Date.now() + 86400_000));
    const forB = url.slice(url.lastIndexOf('/') + 1).replace(t.tenantId, tenantB);
    const page = await t.app.inject({ method: 'GET', url: `/survey/${forB}` });
    assert.equal(page.statusCode, 403, page.body);
    assert.ok(!page.body.includes('ISO-A-SURVEY'), "nothing of A's order");
  },
  'GET /v1/customers': async () => {
    // B knows A's customer's e-mail and name: its search finds nothing of A's.
    for (const query of ['?limit=500', '?q=ada', '?q=ada%40example.com', '?q=1217']) {
      const res = await asB('GET', `/v1/customers${query}`);
      assert.equal(res.statusCode, 200, res.body);
      mentionsNothingOfA(res.body);
    }
  },
  'GET /v1/notifications': async () => {
    for (const query of ['?limit=500', `?order_id=${A.orderId}`, '?status=queued', '?template=order_confirmation', '?channel=email', `?recipient=${encodeURIComponent(A.suppressedAddress)}`]) {
      const res = await asB('GET', `/v1/notifications${query}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().data, []);
    }
  },
  'POST /v1/notifications/bounces': async () => {
    const res = await t.call('POST', '/v1/notifications/bounces', aBounce(), { key: keyB, headers: { 'content-type': 'message/rfc822' } });
    problem(res, 422, 'NOTIFICATION_BOUNCE_UNVERIFIED');
  },
  'GET /v1/suppressions': async () => {
    const res = await asB('GET', '/v1/suppressions?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().data, []);
  },
  'DELETE /v1/suppressions/{address}': async () => {
    const missing = await asB('DELETE', `/v1/suppressions/${encodeURIComponent('nobody-anywhere@customers.test')}`);
    problem(missing, 404, 'SUPPRESSION_NOT_FOUND');
    const theirs = await asB('DELETE', `/v1/suppressions/${encodeURIComponent(A.suppressedAddress)}`);
    assert.equal(theirs.statusCode, 404, theirs.body);
    assert.equal(theirs.json().code, 'SUPPRESSION_NOT_FOUND');
  },
  'POST /v1/notifications/sms/{tenant_id}/status/{id}': async () => {
    // Signed correctly, but on B's path: A's message is not B's to update (same answer as none).
    const params = { MessageSid: `SM${'9'.repeat(32)}`, MessageStatus: 'undelivered', ErrorCode: '21610' };
    const missing = await twilioPost(`/v1/notifications/sms/${tenantB}/status/${NO_NOTIFICATION}`, params);
    problem(missing, 404, 'NOTIFICATION_NOT_FOUND');
    sameAsMissing(await twilioPost(`/v1/notifications/sms/${tenantB}/status/${A.notificationId}`, params), missing);
  },
  'POST /v1/notifications/sms/{tenant_id}/inbound': async () => {
    // A STOP to B's number suppresses in B only (A's suppression list is in the unchanged-rows check).
    const res = await twilioPost(`/v1/notifications/sms/${tenantB}/inbound`, { MessageSid: `SM${'8'.repeat(32)}`, From: '+12175550199', To: '+15005550006', Body: 'STOP' });
    assert.equal(res.statusCode, 200, res.body);
  },
  'GET /v1/notifications/{id}': async () => {
    const missing = await asB('GET', `/v1/notifications/${NO_NOTIFICATION}`);
    problem(missing, 404, 'NOTIFICATION_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/notifications/${A.notificationId}`), missing);
  },
  'GET /v1/notifications/{id}/message.eml': async () => {
    const missing = await asB('GET', `/v1/notifications/${NO_NOTIFICATION}/message.eml`);
    problem(missing, 404, 'NOTIFICATION_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/notifications/${A.notificationId}/message.eml`), missing);
  },
  'GET /v1/automation-catalog': async () => {
    const res = await asB('GET', '/v1/automation-catalog');
    assert.equal(res.statusCode, 200, res.body);
    mentionsNothingOfA(res.body);
  },
  'GET /v1/automations': async () => {
    const res = await asB('GET', '/v1/automations?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes('iso-a-secret-automation') && !res.body.includes(A.automationId), 'B lists A’s rule');
    assert.ok((res.json().data as { default: boolean; version: number }[]).every((r) => r.default && r.version === 0), 'B sees only the defaults as shipped');
  },
  'POST /v1/automations': async () => {
    const res = await asB('POST', '/v1/automations', { name: 'B calls A', trigger: 'order.created', actions: [{ type: 'call_webhook', endpoint_id: A.webhookEndpointId }] });
    problem(res, 422, 'AUTOMATION_RULE_INVALID');
    assert.equal(res.json().errors[0].field, 'body.actions[0].endpoint_id');
  },
  'POST /v1/automations/dry-run': async () => {
    const rule = { name: 'B tries', trigger: 'order.created', actions: [{ type: 'add_tag', tag: 'b' }] };
    const missing = await asB('POST', '/v1/automations/dry-run', { order_id: NO_ORDER, rule });
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', '/v1/automations/dry-run', { order_id: A.orderId, rule }), missing);
  },
  'GET /v1/automations/{id}': async () => {
    const missing = await asB('GET', `/v1/automations/${NO_AUTOMATION}`);
    problem(missing, 404, 'AUTOMATION_RULE_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/automations/${A.automationId}`), missing);
  },
  'PATCH /v1/automations/{id}': async () => {
    const missing = await asB('PATCH', `/v1/automations/${NO_AUTOMATION}`, { enabled: false });
    problem(missing, 404, 'AUTOMATION_RULE_NOT_FOUND');
    sameAsMissing(await asB('PATCH', `/v1/automations/${A.automationId}`, { enabled: false }), missing);
  },
  'DELETE /v1/automations/{id}': async () => {
    const missing = await asB('DELETE', `/v1/automations/${NO_AUTOMATION}`);
    problem(missing, 404, 'AUTOMATION_RULE_NOT_FOUND');
    sameAsMissing(await asB('DELETE', `/v1/automations/${A.automationId}`), missing);
  },
  'POST /v1/automations/{id}/dry-run': async () => {
    const missing = await asB('POST', `/v1/automations/${NO_AUTOMATION}/dry-run`, { order_id: NO_ORDER });
    problem(missing, 404, 'AUTOMATION_RULE_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/automations/${A.automationId}/dry-run`, { order_id: A.orderId }), missing);
    problem(await asB('POST', '/v1/automations/default.order_confirmation.order.created/dry-run', { order_id: A.orderId }), 404, 'ORDER_NOT_FOUND');
  },
  'GET /v1/automations/{id}/runs': async () => {
    const res = await asB('GET', `/v1/automations/${A.automationId}/runs`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().data, []);
  },
  'GET /v1/automation-runs': async () => {
    const res = await asB('GET', `/v1/automation-runs?order_id=${A.orderId}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().data, []);
    mentionsNothingOfA((await asB('GET', '/v1/automation-runs?limit=500')).body);
  },
  'GET /v1/notification-templates': async () => {
    const res = await asB('GET', '/v1/notification-templates');
    assert.equal(res.statusCode, 200, res.body);
    assert.ok((res.json().data as { overridden: boolean }[]).every((d) => !d.overridden), 'B sees A’s template as its own');
  },
  'GET /v1/notification-templates/{key}/{locale}': async () => {
    const res = await asB('GET', '/v1/notification-templates/delivered/en');
    assert.equal(res.json().source, 'shipped');
    assert.ok(!res.body.includes('iso-a-secret-template'), 'B reads A’s template');
  },
  'GET /v1/notification-templates/{key}/{locale}/versions': async () => {
    const res = await asB('GET', '/v1/notification-templates/delivered/en/versions?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().data, [], 'B sees A’s template history');
  },
  'PUT /v1/notification-templates/{key}/{locale}': async () => {
    const res = await asB('PUT', '/v1/notification-templates/delivered/en', { subject: 'B writes {{ order.name }}' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().version, 1, 'B’s first version, not after A’s');
    assert.equal((await asB('DELETE', '/v1/notification-templates/delivered/en')).statusCode, 204);
  },
  'DELETE /v1/notification-templates/{key}/{locale}': async () => {
    problem(await asB('DELETE', '/v1/notification-templates/delivered/en'), 404, 'NOTIFICATION_TEMPLATE_NOT_OVERRIDDEN');
  },
  'POST /v1/notification-templates/{key}/{locale}/preview': async () => {
    const missing = await asB('POST', '/v1/notification-templates/order_confirmation/en/preview', { order_id: NO_ORDER });
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', '/v1/notification-templates/order_confirmation/en/preview', { order_id: A.orderId }), missing);
  },
  'POST /v1/notification-templates/{key}/{locale}/test-send': async () => {
    problem(await asB('POST', '/v1/notification-templates/delivered/en/test-send', { to: 'iso-a-qa@a-shop.test' }), 422, 'NOTIFICATION_TEST_RECIPIENT_NOT_ALLOWED');
  },
  'GET /v1/customers/{id}/notification-preferences': async () => {
    const missing = await asB('GET', `/v1/customers/${NO_CUSTOMER}/notification-preferences`);
    problem(missing, 404, 'CUSTOMER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/customers/${A.customerId}/notification-preferences`), missing);
  },
  'PATCH /v1/customers/{id}/notification-preferences': async () => {
    const missing = await asB('PATCH', `/v1/customers/${NO_CUSTOMER}/notification-preferences`, { email_opt_out: true });
    problem(missing, 404, 'CUSTOMER_NOT_FOUND');
    sameAsMissing(await asB('PATCH', `/v1/customers/${A.customerId}/notification-preferences`, { email_opt_out: true }), missing);
  },
  'GET /v1/customers/{id}': async () => {
    const missing = await asB('GET', `/v1/customers/${NO_CUSTOMER}`);
    problem(missing, 404, 'CUSTOMER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/customers/${A.customerId}`), missing);
  },
  'PATCH /v1/customers/{id}': async () => {
    const missing = await asB('PATCH', `/v1/customers/${NO_CUSTOMER}`, { note: 'B writes' });
    problem(missing, 404, 'CUSTOMER_NOT_FOUND');
    sameAsMissing(await asB('PATCH', `/v1/customers/${A.customerId}`, { note: 'B writes' }), missing);
  },
  'GET /v1/customers/{id}/orders': async () => {
    const missing = await asB('GET', `/v1/customers/${NO_CUSTOMER}/orders`);
    problem(missing, 404, 'CUSTOMER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/customers/${A.customerId}/orders`), missing);
  },
  'POST /v1/customers/{id}/merge': async () => {
    // B's own customer of the same e-mail: merging A's into it (or it into A's) finds no A.
    assert.equal((await asB('PUT', '/v1/products/ISO-B-CUS', { name: 'B customer', price: '1.00', currency: 'USD', backorderable: true })).statusCode, 201);
    const own = await asB('POST', '/v1/orders', orderBody([{ sku: 'ISO-B-CUS', quantity: 1 }], { customer: { email: 'ada@example.com', name: 'Ada Lovelace' } }));
    assert.equal(own.statusCode, 201, own.body);
    const target = (own.json() as { customer_id: string }).customer_id;
    assert.notEqual(target, A.customerId, 'the same e-mail is another customer in another tenant');
    const missing = await asB('POST', `/v1/customers/${target}/merge`, { from: NO_CUSTOMER });
    problem(missing, 404, 'CUSTOMER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/customers/${target}/merge`, { from: A.customerId }), missing);
    sameAsMissing(await asB('POST', `/v1/customers/${A.customerId}/merge`, { from: target }), await asB('POST', `/v1/customers/${NO_CUSTOMER}/merge`, { from: target }));
  },
  'POST /v1/customers/{id}/erase': async () => {
    const missing = await asB('POST', `/v1/customers/${NO_CUSTOMER}/erase`, { reason: 'B erases' });
    problem(missing, 404, 'CUSTOMER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/customers/${A.customerId}/erase`, { reason: 'B erases' }), missing);
  },
  'GET /v1/risk/rule-sets': async () => {
    const res = await asB('GET', '/v1/risk/rule-sets');
    assert.equal(res.statusCode, 200, res.body);
    mentionsNothingOfA(res.body);
  },
  'GET /v1/risk/rule-sets/active': async () => {
    const res = await asB('GET', '/v1/risk/rule-sets/active');
    assert.equal(res.statusCode, 200, res.body);
    mentionsNothingOfA(res.body);
  },
  'POST /v1/risk/rule-sets': async () => {
    // B's versions are numbered on their own: writing and activating one leaves A's active version alone (rowsOfA).
    const res = await asB('POST', '/v1/risk/rule-sets', { rules: [{ id: 'iso-b-rule', rule: 'review if order.total > 1' }], activate: true });
    assert.equal(res.statusCode, 201, res.body);
    mentionsNothingOfA(res.body);
  },
  'POST /v1/risk/rule-sets/{version}/activate': async () => {
    const res = await asB('POST', '/v1/risk/rule-sets/1/activate', {});
    assert.ok(res.statusCode === 404 || res.statusCode === 200, res.body);
    mentionsNothingOfA(res.body);
    problem(await asB('POST', '/v1/risk/rule-sets/9999/activate', {}), 404, 'RISK_RULE_SET_NOT_FOUND');
  },
  'POST /v1/risk/backtest': async () => {
    const res = await asB('POST', '/v1/risk/backtest', { rule_set: { rules: [{ id: 'all', rule: 'review if order.total >= 0' }] }, days: 90 });
    assert.equal(res.statusCode, 200, res.body);
    mentionsNothingOfA(res.body);
  },
  'GET /v1/orders/{id}/risk': async () => {
    const missing = await asB('GET', `/v1/orders/${NO_ORDER}/risk`);
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/orders/${A.orderId}/risk`), missing);
  },
  'POST /v1/store-credit/adjustments': async () => {
    // B's own account under the same e-mail has nothing to take: A's 7.50 is not B's to spend.
    problem(await asB('POST', '/v1/store-credit/adjustments', { email: A_CREDIT_EMAIL, currency: 'USD', amount: '-1.00', reason: 'B takes' }), 409, 'STORE_CREDIT_INSUFFICIENT');
  },
  'GET /v1/analytics/returns': async () => {
    const res = await asB('GET', '/v1/analytics/returns?from=2026-01-01&to=2030-01-01&group_by=channel');
    assert.equal(res.statusCode, 200, res.body);
    mentionsNothingOfA(res.body);
    assert.deepEqual(res.json().dock_to_stock.units, 0);
  },
  'GET /v1/fulfillment-orders': async () => {
    for (const query of ['?limit=500', `?order_id=${A.orderId}`, '?status=released']) {
      const res = await asB('GET', `/v1/fulfillment-orders${query}`);
      assert.equal(res.statusCode, 200, res.body);
      mentionsNothingOfA(res.body);
    }
    assert.deepEqual((await asB('GET', `/v1/fulfillment-orders?order_id=${A.orderId}`)).json(), { data: [], next_cursor: null });
    // Filtering by A's location is refused exactly like a location that does not exist.
    const missing = await asB('GET', '/v1/fulfillment-orders?location=ISO-NOWHERE');
    problem(missing, 422, 'LOCATION_UNKNOWN');
    sameAsMissing(await asB('GET', '/v1/fulfillment-orders?location=ISO-STORE-A'), missing);
  },
  'GET /v1/fulfillment-orders/{id}': async () => {
    const missing = await asB('GET', `/v1/fulfillment-orders/${NO_FULFILLMENT}`);
    problem(missing, 404, 'FULFILLMENT_ORDER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/fulfillment-orders/${A.fulfillmentOrderId}`), missing);
  },
  'POST /v1/fulfillment-orders/{id}/accept': async () => {
    const missing = await asB('POST', `/v1/fulfillment-orders/${NO_FULFILLMENT}/accept`, {});
    problem(missing, 404, 'FULFILLMENT_ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/fulfillment-orders/${A.fulfillmentOrderId}/accept`, {}), missing);
  },
  'POST /v1/fulfillment-orders/{id}/reject': async () => {
    const missing = await asB('POST', `/v1/fulfillment-orders/${NO_FULFILLMENT}/reject`, { reason: 'not_in_stock' });
    problem(missing, 404, 'FULFILLMENT_ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/fulfillment-orders/${A.fulfillmentOrderId}/reject`, { reason: 'not_in_stock' }), missing);
  },
  'POST /v1/fulfillment-orders/{id}/cancel': async () => {
    const missing = await asB('POST', `/v1/fulfillment-orders/${NO_FULFILLMENT}/cancel`, {});
    problem(missing, 404, 'FULFILLMENT_ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/fulfillment-orders/${A.fulfillmentOrderId}/cancel`, {}), missing);
  },
  'POST /v1/fulfillment-orders/{id}/release': async () => {
    const missing = await asB('POST', `/v1/fulfillment-orders/${NO_FULFILLMENT}/release`, {});
    problem(missing, 404, 'FULFILLMENT_ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/fulfillment-orders/${A.fulfillmentOrderId}/release`, {}), missing);
  },
  'POST /v1/routing/simulate': async () => {
    // B cannot learn where A's stock is: A's SKU is unknown to B.
    const res = await asB('POST', '/v1/routing/simulate', { order: orderBody([{ sku: A_SKU, quantity: 1, unit_price: '25.00' }]) });
    problem(res, 422, 'PRODUCT_UNKNOWN_SKU');
    mentionsNothingOfA(res.body);
    // Nor re-route A's orders.
    sameAsMissing(await asB('POST', '/v1/routing/simulate', { order_ids: [A.orderId] }), await asB('POST', '/v1/routing/simulate', { order_ids: [NO_ORDER] }));
  },
  'PUT /v1/routing/policies/{name}': async () => {
    // The same name in B is B's own policy; A's stays as it was (the snapshot checks it).
    const res = await asB('PUT', `/v1/routing/policies/${A_POLICY}`, { rules: [{ name: 'b-rule' }] });
    assert.equal(res.statusCode, 201, res.body);
    assert.ok(!res.body.includes('iso-a-rule'), `B does not see A's routing rule: ${res.body}`);
    assert.equal((await asB('DELETE', `/v1/routing/policies/${A_POLICY}`)).statusCode, 204);
  },
  'GET /v1/routing/policies': async () => {
    const res = await asB('GET', '/v1/routing/policies');
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes(A_POLICY) && !res.body.includes('iso-a-rule'), res.body);
  },
  'GET /v1/routing/policies/{name}': async () => {
    sameAsMissing(await asB('GET', `/v1/routing/policies/${A_POLICY}`), await asB('GET', '/v1/routing/policies/no-such-policy'));
  },
  'DELETE /v1/routing/policies/{name}': async () => {
    sameAsMissing(await asB('DELETE', `/v1/routing/policies/${A_POLICY}`), await asB('DELETE', '/v1/routing/policies/no-such-policy'));
  },
  'PUT /v1/boxes/{code}': async () => {
    // Box codes are per tenant: B's box of the same code is B's own; A's is unchanged (snapshot).
    const res = await asB('PUT', '/v1/boxes/ISO-A-BOX', { inner_mm: { length: 10, width: 10, height: 10 }, max_weight_grams: 100, tare_grams: 1 });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((await asB('DELETE', '/v1/boxes/ISO-A-BOX')).statusCode, 204);
  },
  'GET /v1/boxes': async () => {
    const res = await asB('GET', '/v1/boxes?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes('ISO-A-BOX'), res.body);
  },
  'GET /v1/boxes/{code}': async () => {
    const missing = await asB('GET', '/v1/boxes/NO-SUCH-BOX');
    problem(missing, 404, 'FULFILLMENT_BOX_NOT_FOUND');
    sameAsMissing(await asB('GET', '/v1/boxes/ISO-A-BOX'), missing);
  },
  'DELETE /v1/boxes/{code}': async () => {
    sameAsMissing(await asB('DELETE', '/v1/boxes/ISO-A-BOX'), await asB('DELETE', '/v1/boxes/NO-SUCH-BOX'));
  },
  'POST /v1/pick-lists': async () => {
    // B cannot batch A's fulfillment orders: A's locations are unknown to B.
    const missing = await asB('POST', '/v1/pick-lists', { location: 'ISO-NOWHERE' });
    problem(missing, 422, 'LOCATION_UNKNOWN');
    for (const ref of ['ISO-PICK-A', A.locationId]) sameAsMissing(await asB('POST', '/v1/pick-lists', { location: ref }), missing);
  },
  'GET /v1/pick-lists/{id}': async () => {
    const missing = await asB('GET', `/v1/pick-lists/${NO_PICK_LIST}`);
    problem(missing, 404, 'FULFILLMENT_PICK_LIST_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/pick-lists/${A.pickListId}`), missing);
  },
  'GET /v1/pick-lists/{id}.pdf': async () => {
    const missing = await asB('GET', `/v1/pick-lists/${NO_PICK_LIST}.pdf`);
    problem(missing, 404, 'FULFILLMENT_PICK_LIST_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/pick-lists/${A.pickListId}.pdf`), missing);
  },
  'POST /v1/pick-lists/{id}/confirm': async () => {
    const body = { lines: [{ sku: 'ISO-A-PICK', picked: 0 }] };
    const missing = await asB('POST', `/v1/pick-lists/${NO_PICK_LIST}/confirm`, body);
    problem(missing, 404, 'FULFILLMENT_PICK_LIST_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/pick-lists/${A.pickListId}/confirm`, body), missing);
  },
  'POST /v1/fulfillment-orders/{id}/pack': async () => {
    for (const body of [{}, { scanned: [{ sku: 'ISO-A-PICK', quantity: 9 }] }]) {
      const missing = await asB('POST', `/v1/fulfillment-orders/${NO_FULFILLMENT}/pack`, body);
      problem(missing, 404, 'FULFILLMENT_ORDER_NOT_FOUND');
      sameAsMissing(await asB('POST', `/v1/fulfillment-orders/${A.fulfillmentOrderId}/pack`, body), missing);
    }
  },
  'GET /v1/fulfillment-orders/{id}/packages': async () => {
    const missing = await asB('GET', `/v1/fulfillment-orders/${NO_FULFILLMENT}/packages`);
    problem(missing, 404, 'FULFILLMENT_ORDER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/fulfillment-orders/${A.packedFulfillmentOrderId}/packages`), missing);
  },
  'PUT /v1/carriers/{code}': async () => {
    // Carrier codes are per tenant: B's `ups` is B's own; A's is unchanged (snapshot).
    const res = await asB('PUT', '/v1/carriers/ups', { name: 'B ups', kind: 'easypost', easypost: { api_key: 'EZTK_tenant_b' } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((await asB('DELETE', '/v1/carriers/ups')).statusCode, 204);
  },
  'POST /v1/carriers/samples': async () => {
    const res = await asB('POST', '/v1/carriers/samples');
    assert.equal(res.statusCode, 200, res.body);
    mentionsNothingOfA(res.body);
    for (const code of ['ups', 'fedex', 'usps']) assert.equal((await asB('DELETE', `/v1/carriers/${code}`)).statusCode, 204);
  },
  'GET /v1/carriers': async () => {
    const res = await asB('GET', '/v1/carriers');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().data, []);
  },
  'GET /v1/carriers/{code}': async () => {
    const missing = await asB('GET', '/v1/carriers/no-such-carrier');
    problem(missing, 404, 'CARRIER_NOT_FOUND');
    sameAsMissing(await asB('GET', '/v1/carriers/ups'), missing);
  },
  'DELETE /v1/carriers/{code}': async () => {
    const missing = await asB('DELETE', '/v1/carriers/no-such-carrier');
    problem(missing, 404, 'CARRIER_NOT_FOUND');
    sameAsMissing(await asB('DELETE', '/v1/carriers/ups'), missing);
  },
  'PUT /v1/shipping/rules': async () => {
    assert.equal((await asB('PUT', '/v1/shipping/rules', { strategy: 'cheapest' })).statusCode, 200);
  },
  'GET /v1/shipping/rules': async () => {
    const res = await asB('GET', '/v1/shipping/rules');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().strategy, 'cheapest', 'B sees its own (default or own) rules, never A’s fastest');
  },
  'GET /v1/tracking-numbers/{number}': async () => {
    const res = await asB('GET', `/v1/tracking-numbers/${A.trackingNumber}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(Object.keys(res.json()).sort(), ['carrier', 'format', 'number', 'valid'], 'a format check, nothing about A’s shipment');
  },
  'POST /v1/rates': async () => {
    const body = { from: 'ISO-PICK-A', to: A_ADDRESS, packages: [{ weight_grams: 500, dimensions_mm: { length: 100, width: 100, height: 100 } }] };
    problem(await asB('POST', '/v1/rates', body), 422, 'LOCATION_UNKNOWN');
  },
  'POST /v1/fulfillment-orders/{id}/ship': async () => {
    const missing = await asB('POST', `/v1/fulfillment-orders/${NO_FULFILLMENT}/ship`, {});
    problem(missing, 404, 'FULFILLMENT_ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/fulfillment-orders/${A.packedFulfillmentOrderId}/ship`, {}), missing);
  },
  'POST /v1/shipments': async () => {
    const missing = await asB('POST', '/v1/shipments', { fulfillment_order_id: NO_FULFILLMENT });
    problem(missing, 404, 'FULFILLMENT_ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', '/v1/shipments', { fulfillment_order_id: A.packedFulfillmentOrderId }), missing);
  },
  'POST /v1/pick-lists/{id}/ship': async () => {
    const missing = await asB('POST', `/v1/pick-lists/${NO_PICK_LIST}/ship`, {});
    problem(missing, 404, 'FULFILLMENT_PICK_LIST_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/pick-lists/${A.pickListId}/ship`, {}), missing);
  },
  'GET /v1/shipments': async () => {
    const res = await asB('GET', `/v1/shipments?order_id=${A.orderId}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().data, []);
    assert.deepEqual((await asB('GET', '/v1/shipments')).json().data, []);
    const tracking = (await asA('GET', `/v1/shipments/${A.shipmentId}`)).json().tracking_number as string;
    assert.deepEqual((await asB('GET', `/v1/shipments?tracking_number=${tracking}`)).json().data, [], 'A’s tracking number finds nothing for B');
  },
  'GET /v1/shipments/{id}': async () => {
    const missing = await asB('GET', `/v1/shipments/${NO_SHIPMENT}`);
    problem(missing, 404, 'SHIPMENT_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/shipments/${A.shipmentId}`), missing);
  },
  'GET /v1/shipments/{id}/label.pdf': async () => {
    const missing = await asB('GET', `/v1/shipments/${NO_SHIPMENT}/label.pdf`);
    problem(missing, 404, 'SHIPMENT_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/shipments/${A.shipmentId}/label.pdf`), missing);
  },
  'GET /v1/shipments/{id}/customs.pdf': async () => {
    const missing = await asB('GET', `/v1/shipments/${NO_SHIPMENT}/customs.pdf`);
    problem(missing, 404, 'SHIPMENT_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/shipments/${A.shipmentId}/customs.pdf`), missing);
  },
  'GET /v1/shipments/{id}/label.zpl': async () => {
    const missing = await asB('GET', `/v1/shipments/${NO_SHIPMENT}/label.zpl`);
    problem(missing, 404, 'SHIPMENT_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/shipments/${A.shipmentId}/label.zpl`), missing);
  },
  'POST /v1/shipments/{id}/events': async () => {
    const body = { status: 'delivered', occurred_at: new Date().toISOString() };
    const missing = await asB('POST', `/v1/shipments/${NO_SHIPMENT}/events`, body);
    problem(missing, 404, 'SHIPMENT_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/shipments/${A.shipmentId}/events`, body), missing);
  },
  'POST /v1/shipments/{id}/void': async () => {
    const missing = await asB('POST', `/v1/shipments/${NO_SHIPMENT}/void`, {});
    problem(missing, 404, 'SHIPMENT_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/shipments/${A.shipmentId}/void`, {}), missing);
  },
  'GET /v1/manifests': async () => {
    problem(await asB('GET', `/v1/manifests?carrier=ups&location=ISO-PICK-A&date=${A.shipDate}`), 422, 'LOCATION_UNKNOWN');
  },
  'GET /v1/manifests.pdf': async () => {
    problem(await asB('GET', `/v1/manifests.pdf?carrier=ups&location=ISO-PICK-A&date=${A.shipDate}`), 422, 'LOCATION_UNKNOWN');
  },
  'GET /v1/manifests.csv': async () => {
    problem(await asB('GET', `/v1/manifests.csv?carrier=ups&location=ISO-PICK-A&date=${A.shipDate}`), 422, 'LOCATION_UNKNOWN');
  },
  'GET /v1/exports/accounting': async () => {
    // A's export of its shipment's day has the invoice; B's export of the same day has nothing of A.
    const day = String((await asA('GET', `/v1/shipments/${A.shipmentId}`)).json().created_at).slice(0, 10);
    const mine = await asA('GET', `/v1/exports/accounting?date=${day}&format=quickbooks`);
    assert.ok(mine.body.includes(A.shipmentId), 'the case must see something of A to prove B does not');
    for (const format of ['quickbooks', 'xero', 'csv']) {
      const res = await asB('GET', `/v1/exports/accounting?date=${day}&format=${format}`);
      assert.equal(res.statusCode, 200, res.body);
      mentionsNothingOfA(res.body);
    }
    assert.deepEqual((await asB('GET', `/v1/exports/accounting?date=${day}&format=quickbooks`)).json().invoices, []);
  },
  'GET /v1/promise': async () => {
    problem(await asB('GET', '/v1/promise?sku=ISO-A-PICK&postal_code=10001'), 409, 'INVENTORY_INSUFFICIENT');
  },
  'POST /v1/carriers/{id}/webhooks/tracking': async () => {
    // The carrier id names the tenant; an unknown (or unsigned) one is refused before anything is read.
    const res = await t.call('POST', `/v1/carriers/${NO_CARRIER}/webhooks/tracking`, { description: 'tracker.updated', result: { tracking_code: A.trackingNumber, status: 'delivered' } }, { key: null });
    problem(res, 401, 'CARRIER_SIGNATURE_INVALID');
  },
  'GET /v1/orders/{id}/promises': async () => {
    const missing = await asB('GET', `/v1/orders/${NO_ORDER}/promises`);
    problem(missing, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/orders/${A.orderId}/promises`), missing);
  },
  'POST /v1/channels': async () => {
    // Names are per tenant; A's locations are unknown to B.
    problem(await asB('POST', '/v1/channels', { type: 'shopify', name: 'b-shop', locations: ['ISO-PICK-A'] }), 422, 'LOCATION_UNKNOWN');
    const own = await asB('POST', '/v1/channels', { type: 'shopify', name: 'iso-a-shop' });
    assert.equal(own.statusCode, 201, own.body);
    assert.equal((await asB('DELETE', `/v1/channels/${own.json().id}`)).statusCode, 204);
  },
  'GET /v1/channels': async () => {
    const res = await asB('GET', '/v1/channels?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes(A.channelId), `B does not see A's channel: ${res.body}`);
  },
  'GET /v1/channels/{id}': async () => {
    const missing = await asB('GET', `/v1/channels/${NO_CHANNEL}`);
    problem(missing, 404, 'CHANNEL_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/channels/${A.channelId}`), missing);
  },
  'DELETE /v1/channels/{id}': async () => {
    const missing = await asB('DELETE', `/v1/channels/${NO_CHANNEL}`);
    problem(missing, 404, 'CHANNEL_NOT_FOUND');
    sameAsMissing(await asB('DELETE', `/v1/channels/${A.channelId}`), missing);
  },
  'PATCH /v1/channels/{id}': async () => {
    const missing = await asB('PATCH', `/v1/channels/${NO_CHANNEL}`, { name: 'b-renamed', secret: 'b-chosen-secret' });
    problem(missing, 404, 'CHANNEL_NOT_FOUND');
    sameAsMissing(await asB('PATCH', `/v1/channels/${A.channelId}`, { name: 'b-renamed', secret: 'b-chosen-secret' }), missing);
    // A's locations are unknown to B.
    problem(await asB('PATCH', `/v1/channels/${A.channelId}`, { locations: ['ISO-PICK-A'] }), 422, 'LOCATION_UNKNOWN');
    assert.equal((await asA('GET', `/v1/channels/${A.channelId}`)).json().name, 'iso-a-shop', 'A’s channel unchanged');
  },
  'POST /v1/channels/{id}/imports': async () => {
    const csv = 'Name,Currency,Lineitem quantity,Lineitem price,Lineitem sku\nISO-IMP-B,USD,1,1.00,ISO-A-PICK\n';
    const missing = await t.call('POST', `/v1/channels/${NO_CHANNEL}/imports?format=csv`, csv, { key: keyB, headers: { 'content-type': 'text/csv' } });
    problem(missing, 404, 'CHANNEL_NOT_FOUND');
    sameAsMissing(await t.call('POST', `/v1/channels/${A.channelId}/imports?format=csv`, csv, { key: keyB, headers: { 'content-type': 'text/csv' } }), missing);
    assert.equal((await asA('GET', `/v1/channels/${A.channelId}/imports`)).json().data.length, 1, 'no import job recorded in A');
  },
  'POST /v1/channels/{id}/x12': async () => {
    const post = (id: string) => t.call('POST', `/v1/channels/${id}/x12`, ISO_850.replace('000000001*0', '000000002*0').replace('IEA*1*000000001', 'IEA*1*000000002'), { key: keyB, headers: { 'content-type': 'application/edi-x12' } });
    const missing = await post(NO_CHANNEL);
    problem(missing, 404, 'CHANNEL_NOT_FOUND');
    sameAsMissing(await post(A.x12ChannelId), missing);
  },
  'GET /v1/channels/{id}/x12/documents': async () => {
    const missing = await asB('GET', `/v1/channels/${NO_CHANNEL}/x12/documents`);
    problem(missing, 404, 'CHANNEL_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/channels/${A.x12ChannelId}/x12/documents`), missing);
  },
  'GET /v1/channels/{id}/pushes': async () => {
    const missing = await asB('GET', `/v1/channels/${NO_CHANNEL}/pushes`);
    problem(missing, 404, 'CHANNEL_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/channels/${A.channelId}/pushes`), missing);
    assert.equal((await asA('GET', `/v1/channels/${A.channelId}/pushes`)).statusCode, 200);
  },
  'GET /v1/x12-documents/{id}': async () => {
    const missing = await asB('GET', `/v1/x12-documents/${NO_X12_DOCUMENT}`);
    problem(missing, 404, 'X12_DOCUMENT_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/x12-documents/${A.x12DocumentId}`), missing);
  },
  'POST /v1/x12-documents/{id}/acknowledge': async () => {
    const missing = await asB('POST', `/v1/x12-documents/${NO_X12_DOCUMENT}/acknowledge`);
    problem(missing, 404, 'X12_DOCUMENT_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/x12-documents/${A.x12DocumentId}/acknowledge`), missing);
  },
  'GET /v1/imports/{id}': async () => {
    const missing = await asB('GET', '/v1/imports/imp_00000000000000000000000000');
    problem(missing, 404, 'IMPORT_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/imports/${A.importId}`), missing);
  },
  'GET /v1/channels/{id}/imports': async () => {
    const missing = await asB('GET', `/v1/channels/${NO_CHANNEL}/imports`);
    problem(missing, 404, 'CHANNEL_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/channels/${A.channelId}/imports`), missing);
  },
  'GET /v1/channels/{id}/poll': async () => {
    const missing = await asB('GET', `/v1/channels/${NO_CHANNEL}/poll`);
    problem(missing, 404, 'CHANNEL_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/channels/${A.channelId}/poll`), missing);
  },
  'POST /v1/channels/{id}/poll': async () => {
    const missing = await asB('POST', `/v1/channels/${NO_CHANNEL}/poll`, {});
    problem(missing, 404, 'CHANNEL_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/channels/${A.channelId}/poll`, {}), missing);
  },
  'POST /v1/webhook-endpoints': async () => {
    const own = await asB('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/iso-b', events: ['order.*'] });
    assert.equal(own.statusCode, 201, own.body);
    assert.equal((await asB('DELETE', `/v1/webhook-endpoints/${own.json().id}`)).statusCode, 204);
  },
  'GET /v1/webhook-endpoints': async () => {
    const res = await asB('GET', '/v1/webhook-endpoints?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes(A.webhookEndpointId), `B does not see A's webhook endpoint: ${res.body}`);
  },
  'GET /v1/webhook-endpoints/{id}': async () => {
    const missing = await asB('GET', `/v1/webhook-endpoints/${NO_ENDPOINT}`);
    problem(missing, 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/webhook-endpoints/${A.webhookEndpointId}`), missing);
  },
  'PATCH /v1/webhook-endpoints/{id}': async () => {
    const missing = await asB('PATCH', `/v1/webhook-endpoints/${NO_ENDPOINT}`, { enabled: false });
    problem(missing, 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    sameAsMissing(await asB('PATCH', `/v1/webhook-endpoints/${A.webhookEndpointId}`, { enabled: false }), missing);
  },
  'DELETE /v1/webhook-endpoints/{id}': async () => {
    const missing = await asB('DELETE', `/v1/webhook-endpoints/${NO_ENDPOINT}`);
    problem(missing, 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    sameAsMissing(await asB('DELETE', `/v1/webhook-endpoints/${A.webhookEndpointId}`), missing);
  },
  'POST /v1/webhook-endpoints/{id}/rotate-secret': async () => {
    const missing = await asB('POST', `/v1/webhook-endpoints/${NO_ENDPOINT}/rotate-secret`);
    problem(missing, 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/webhook-endpoints/${A.webhookEndpointId}/rotate-secret`), missing);
  },
  'POST /v1/webhook-endpoints/{id}/recover': async () => {
    const body = { since: '2020-01-01T00:00:00Z' };
    const missing = await asB('POST', `/v1/webhook-endpoints/${NO_ENDPOINT}/recover`, body);
    problem(missing, 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/webhook-endpoints/${A.webhookEndpointId}/recover`, body), missing);
  },
  'GET /v1/webhook-deliveries': async () => {
    const res = await asB('GET', '/v1/webhook-deliveries?limit=500');
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes(A.webhookDeliveryId), `B does not see A's webhook delivery: ${res.body}`);
    assert.equal((await asB('GET', `/v1/webhook-deliveries?endpoint_id=${A.webhookEndpointId}`)).json().data.length, 0);
  },
  'GET /v1/webhook-deliveries/{id}': async () => {
    const missing = await asB('GET', `/v1/webhook-deliveries/${NO_DELIVERY}`);
    problem(missing, 404, 'WEBHOOK_DELIVERY_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/webhook-deliveries/${A.webhookDeliveryId}`), missing);
  },
  'POST /v1/webhook-deliveries/{id}/retry': async () => {
    const missing = await asB('POST', `/v1/webhook-deliveries/${NO_DELIVERY}/retry`);
    problem(missing, 404, 'WEBHOOK_DELIVERY_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/webhook-deliveries/${A.webhookDeliveryId}/retry`), missing);
  },
  'POST /v1/channels/{id}/webhooks/shopify': async () => {
    // Public and signed: without A's channel secret nobody (B included) can post an order into A.
    const body = JSON.stringify({ id: 1, line_items: [{ sku: A_SKU, quantity: 1, price: '1.00' }] });
    const res = await t.app.inject({ method: 'POST', url: `/v1/channels/${A.channelId}/webhooks/shopify`, payload: body, headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': 'AAAA', authorization: `Bearer ${keyB}` } });
    problem(res as Reply, 401, 'CHANNEL_SIGNATURE_INVALID');
  },
  'POST /v1/channels/{id}/webhooks/woocommerce': async () => {
    const body = JSON.stringify({ id: 1 });
    const res = await t.app.inject({ method: 'POST', url: `/v1/channels/${NO_CHANNEL}/webhooks/woocommerce`, payload: body, headers: { 'content-type': 'application/json', 'x-wc-webhook-signature': 'AAAA' } });
    problem(res as Reply, 401, 'CHANNEL_SIGNATURE_INVALID');
  },
  'POST /v1/channels/{id}/pos-sales': async () => {
    // A's channel is looked up in B's tenant before its type is read: B gets "no such channel",
    // not "not a pos channel", and A's stock is untouched (the snapshot of A below).
    const body = { external_id: 'ISO-POS-1', location: 'ISO-WH-A', lines: [{ sku: A_SKU, quantity: 1, unit_price: '1.00' }], currency: 'USD' };
    const missing = await asB('POST', `/v1/channels/${NO_CHANNEL}/pos-sales`, body);
    problem(missing, 404, 'CHANNEL_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/channels/${A.channelId}/pos-sales`, body), missing);
  },
  'POST /v1/channels/{id}/pos-returns': async () => {
    // A's channel is not B's; B's own till cannot find A's order by id or by number.
    const body = { order: A.shippedOrderId, location: 'ISO-B-STORE', lines: [{ sku: A_SKU, quantity: 1, reason: 'defective', disposition: 'restock' }] };
    const missing = await asB('POST', `/v1/channels/${NO_CHANNEL}/pos-returns`, body);
    problem(missing, 404, 'CHANNEL_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/channels/${A.channelId}/pos-returns`, body), missing);
    await asB('POST', '/v1/locations', { code: 'ISO-B-STORE', name: 'B store', type: 'store' });
    const till = await asB('POST', '/v1/channels', { type: 'pos', name: 'b-tills', locations: ['ISO-B-STORE'] });
    assert.equal(till.statusCode, 201, till.body);
    const noOrder = await asB('POST', `/v1/channels/${till.json().id}/pos-returns`, { ...body, order: NO_ORDER });
    problem(noOrder, 404, 'ORDER_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/channels/${till.json().id}/pos-returns`, body), noOrder);
    const number = (await t.call('GET', `/v1/orders/${A.shippedOrderId}`)).json().number as number;
    const byNumber = await asB('POST', `/v1/channels/${till.json().id}/pos-returns`, { ...body, order: `#${number}` });
    sameAsMissing(byNumber, noOrder);
    mentionsNothingOfA(byNumber.body);
  },
  'GET /v1/availability': async () => {
    const res = await asB('GET', `/v1/availability?sku=${A_SKU}&channel=web`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().available, res.json().locations], [0, []]);
    mentionsNothingOfA(res.body);
  },
  'POST /v1/reservations': async () => {
    // B cannot hold A's SKU, and cannot capture an order with A's hold.
    const res = await asB('POST', '/v1/reservations', { sku: A_SKU, quantity: 1, ttl_seconds: 60 });
    problem(res, 422, 'PRODUCT_UNKNOWN_SKU');
    mentionsNothingOfA(res.body);
    await createProduct(t, 'ISO-B-HOLD', {}, keyB);
    const withA = await asB('POST', '/v1/orders', orderBody([{ sku: 'ISO-B-HOLD', quantity: 1 }], { reservation_id: A.holdId }));
    const withNone = await asB('POST', '/v1/orders', orderBody([{ sku: 'ISO-B-HOLD', quantity: 1 }], { reservation_id: NO_HOLD }));
    problem(withNone, 422, 'RESERVATION_UNKNOWN');
    sameAsMissing(withA, withNone);
  },
  'GET /v1/reservations': async () => {
    for (const query of ['?limit=500', `?sku=${A_SKU}`, '?status=active']) {
      const res = await asB('GET', `/v1/reservations${query}`);
      assert.equal(res.statusCode, 200, res.body);
      mentionsNothingOfA(res.body);
      assert.deepEqual(res.json().data, [], `B lists none of A's checkout reservations (${query})`);
    }
  },
  'GET /v1/reservations/{id}': async () => {
    const missing = await asB('GET', `/v1/reservations/${NO_HOLD}`);
    problem(missing, 404, 'RESERVATION_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/reservations/${A.holdId}`), missing);
  },
  'DELETE /v1/reservations/{id}': async () => {
    const missing = await asB('DELETE', `/v1/reservations/${NO_HOLD}`);
    problem(missing, 404, 'RESERVATION_NOT_FOUND');
    sameAsMissing(await asB('DELETE', `/v1/reservations/${A.holdId}`), missing);
  },
  'POST /v1/inbound': async () => {
    problem(await asB('POST', '/v1/inbound', { sku: A_SKU, quantity: 1, location: 'ISO-WH-A', expected_date: '2026-12-24' }), 422, 'PRODUCT_UNKNOWN_SKU');
    await createProduct(t, 'ISO-B-INB', {}, keyB);
    for (const ref of [A.locationId, A.storeId, 'ISO-STORE-A']) problem(await asB('POST', '/v1/inbound', { sku: 'ISO-B-INB', quantity: 1, location: ref, expected_date: '2026-12-24' }), 422, 'LOCATION_UNKNOWN');
  },
  'GET /v1/inbound': async () => {
    for (const query of ['?limit=500', `?sku=${A_SKU}`, '?status=open']) {
      const res = await asB('GET', `/v1/inbound${query}`);
      assert.equal(res.statusCode, 200, res.body);
      mentionsNothingOfA(res.body);
      assert.ok(!res.body.includes('ISO-A-PO'), `B does not see A's inbound: ${res.body}`);
    }
    const missing = await asB('GET', `/v1/inbound?location=${NO_LOCATION}`);
    problem(missing, 422, 'LOCATION_UNKNOWN');
    sameAsMissing(await asB('GET', `/v1/inbound?location=${A.locationId}`), missing);
  },
  'GET /v1/inbound/{id}': async () => {
    const missing = await asB('GET', `/v1/inbound/${NO_INBOUND}`);
    problem(missing, 404, 'INBOUND_NOT_FOUND');
    sameAsMissing(await asB('GET', `/v1/inbound/${A.inboundId}`), missing);
  },
  'POST /v1/inbound/{id}/receive': async () => {
    const missing = await asB('POST', `/v1/inbound/${NO_INBOUND}/receive`, {});
    problem(missing, 404, 'INBOUND_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/inbound/${A.inboundId}/receive`, {}), missing);
    sameAsMissing(await asB('POST', `/v1/inbound/${A.inboundId}/receive`, { lines: [{ sku: A_SKU, quantity: 1 }] }), missing);
  },
  'POST /v1/inbound/{id}/cancel': async () => {
    const missing = await asB('POST', `/v1/inbound/${NO_INBOUND}/cancel`, {});
    problem(missing, 404, 'INBOUND_NOT_FOUND');
    sameAsMissing(await asB('POST', `/v1/inbound/${A.inboundId}/cancel`, {}), missing);
  },
};

describe('every route has an isolation case', () => {
  test('the cases are exactly the operations of the OpenAPI document', async () => {
    const res = await t.call('GET', '/openapi.json', undefined, { key: null });
    assert.equal(res.statusCode, 200, res.body);
    const paths = res.json().paths as Record<string, Record<string, unknown>>;
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
    const documented = Object.entries(paths)
      .flatMap(([path, item]) => Object.keys(item).filter((m) => methods.includes(m)).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    assert.deepEqual(Object.keys(cases).sort(), documented);
  });

  test('every case names a route the app really has', () => {
    for (const route of Object.keys(cases)) {
      const [method, path] = route.split(' ') as [Method, string];
      assert.ok(t.app.hasRoute({ method, url: path.replace(/\{(\w+)\}/g, ':$1') }), route);
    }
  });
});

/**
 * What a case changes of A's by design, not through B's key: anyone may ask for a reset link for
 * any e-mail (the answer is the same whether it exists), which records a reset for A's user.
 */
const changedByAnyone: Record<string, string[]> = { 'POST /v1/password-resets': ['password_resets', 'events', 'outbox'] };

describe("tenant B's key on tenant A's data", () => {
  for (const [route, run] of Object.entries(cases)) {
    test(`${route}: B sees and changes nothing of A`, async () => {
      const before = await rowsOfA();
      await run();
      const after = await rowsOfA();
      for (const table of changedByAnyone[route] ?? []) after[table] = before[table] as string;
      assert.deepEqual(after, before);
    });
  }
  test('after every case, A sees through the API exactly what it saw before', async () => {
    assert.deepEqual(await snapshotA(), baseline);
  });
});

describe('per-tenant identifiers', () => {
  test('B may create a location with the same code as A; each tenant resolves the code to its own', async () => {
    const a = await createLocation(t, 'SAME-CODE', { name: 'A same', priority: 3 }, keyA);
    const b = await createLocation(t, 'SAME-CODE', { name: 'B same', priority: 7 }, keyB);
    assert.notEqual(a.id, b.id);
    assert.equal((await asA('GET', '/v1/locations/SAME-CODE')).json().id, a.id);
    assert.equal((await asB('GET', '/v1/locations/SAME-CODE')).json().id, b.id);
    // A duplicate inside one tenant is still refused.
    problem(await asB('POST', '/v1/locations', { code: 'SAME-CODE', name: 'again', type: 'warehouse' }), 409, 'LOCATION_CODE_TAKEN');
    // Changing B's by code leaves A's alone.
    const patched = await asB('PATCH', '/v1/locations/SAME-CODE', { name: 'B renamed' });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().id, b.id);
    assert.equal((await asA('GET', `/v1/locations/${a.id}`)).json().name, 'A same');
  });

  test('the same SKU in both tenants is two products with independent stock', async () => {
    await createLocation(t, 'SKU-LOC', {}, keyA);
    await createLocation(t, 'SKU-LOC', {}, keyB);
    assert.equal((await asA('PUT', '/v1/products/SHARED-TEE', { name: 'A tee', price: '19.99', currency: 'USD' })).statusCode, 201);
    assert.equal((await asB('PUT', '/v1/products/SHARED-TEE', { name: 'B tee', price: '2500', currency: 'JPY' })).statusCode, 201);
    await adjust(t, 'SHARED-TEE', 'SKU-LOC', 5, keyA);
    await adjust(t, 'SHARED-TEE', 'SKU-LOC', 7, keyB);

    const pa = (await asA('GET', '/v1/products/SHARED-TEE')).json();
    const pb = (await asB('GET', '/v1/products/SHARED-TEE')).json();
    assert.deepEqual([pa.name, pa.price, pa.currency], ['A tee', '19.99', 'USD']);
    assert.deepEqual([pb.name, pb.price, pb.currency], ['B tee', '2500', 'JPY']);
    assert.deepEqual(await stockOf(t, 'SHARED-TEE', keyA), { sku: 'SHARED-TEE', available_to_promise: 5, kit: false, locations: [{ location: 'SKU-LOC', on_hand: 5, reserved: 0, available: 5 }] });
    assert.deepEqual(await stockOf(t, 'SHARED-TEE', keyB), { sku: 'SHARED-TEE', available_to_promise: 7, kit: false, locations: [{ location: 'SKU-LOC', on_hand: 7, reserved: 0, available: 7 }] });

    // Selling in B reserves only B's stock.
    const order = await asB('POST', '/v1/orders', orderBody([{ sku: 'SHARED-TEE', quantity: 6, unit_price: '2500' }], { currency: 'JPY', shipping: { service_level: 'standard', price: '500' } }));
    assert.equal(order.statusCode, 201, order.body);
    assert.equal((await stockOf(t, 'SHARED-TEE', keyB)).available_to_promise, 1);
    assert.equal((await stockOf(t, 'SHARED-TEE', keyA)).available_to_promise, 5);
    // And A cannot allocate more than A has, whatever B holds (A accepts unfillable orders on hold).
    const tooMany = await asA('POST', '/v1/orders', orderBody([{ sku: 'SHARED-TEE', quantity: 6, unit_price: '19.99' }]));
    assert.equal(tooMany.statusCode, 201, tooMany.body);
    assert.equal(tooMany.json().status, 'on_hold');
    assert.deepEqual(tooMany.json().allocations.map((x: { location: string; quantity: number }) => [x.location, x.quantity]), [['SKU-LOC', 5]]);
    assert.equal((await stockOf(t, 'SHARED-TEE', keyA)).available_to_promise, 0);
    assert.equal((await stockOf(t, 'SHARED-TEE', keyB)).available_to_promise, 1);

    const listA = (await asA('GET', '/v1/inventory?sku=SHARED-TEE')).json().data as { location_id: string; on_hand: number }[];
    const listB = (await asB('GET', '/v1/inventory?sku=SHARED-TEE')).json().data as { location_id: string; on_hand: number }[];
    assert.deepEqual(listA.map((r) => r.on_hand), [5]);
    assert.deepEqual(listB.map((r) => r.on_hand), [7]);
    assert.notEqual(listA[0]?.location_id, listB[0]?.location_id);
  });

  test('the same (channel, external_id) in both tenants is two different orders', async () => {
    await createLocation(t, 'EXT-LOC', {}, keyA);
    await createLocation(t, 'EXT-LOC', {}, keyB);
    for (const key of [keyA, keyB]) {
      await createProduct(t, 'EXT-SKU', {}, key);
      await adjust(t, 'EXT-SKU', 'EXT-LOC', 10, key);
    }
    const body = orderBody([{ sku: 'EXT-SKU', quantity: 1 }], { channel: 'amazon', external_id: 'AMZ-SAME-1' });
    const a = await asA('POST', '/v1/orders', body);
    const b = await asB('POST', '/v1/orders', body);
    assert.equal(a.statusCode, 201, a.body);
    assert.equal(b.statusCode, 201, b.body);
    assert.notEqual(a.json().id, b.json().id);
    // A repeat inside one tenant is still the same order.
    const again = await asA('POST', '/v1/orders', body);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().id, a.json().id);
    assert.equal((await asA('GET', `/v1/orders/${a.json().id}`)).statusCode, 200);
    assert.equal((await asB('GET', `/v1/orders/${a.json().id}`)).statusCode, 404);
    assert.equal((await stockOf(t, 'EXT-SKU', keyA)).available_to_promise, 9);
    assert.equal((await stockOf(t, 'EXT-SKU', keyB)).available_to_promise, 9);
  });

  test('the same Idempotency-Key in both tenants makes two orders, not a replay or a conflict', async () => {
    await createLocation(t, 'IDEM-LOC', {}, keyA);
    await createLocation(t, 'IDEM-LOC', {}, keyB);
    for (const key of [keyA, keyB]) {
      await createProduct(t, 'IDEM-SKU', {}, key);
      await adjust(t, 'IDEM-SKU', 'IDEM-LOC', 10, key);
    }
    const headers = { 'idempotency-key': 'shared-idem-key-1' };
    const body = orderBody([{ sku: 'IDEM-SKU', quantity: 1 }], { external_id: null });
    const a = await t.call('POST', '/v1/orders', body, { key: keyA, headers });
    const b = await t.call('POST', '/v1/orders', body, { key: keyB, headers });
    const bOther = await t.call('POST', '/v1/orders', orderBody([{ sku: 'IDEM-SKU', quantity: 2 }], { external_id: null }), { key: keyB, headers: { 'idempotency-key': 'shared-idem-key-2' } });
    const aOther = await t.call('POST', '/v1/orders', orderBody([{ sku: 'IDEM-SKU', quantity: 3 }], { external_id: null }), { key: keyA, headers: { 'idempotency-key': 'shared-idem-key-2' } });
    assert.equal(a.statusCode, 201, a.body);
    assert.equal(b.statusCode, 201, b.body);
    assert.notEqual(a.json().id, b.json().id);
    assert.equal(bOther.statusCode, 201, bOther.body);
    assert.equal(aOther.statusCode, 201, aOther.body);
    assert.equal((await stockOf(t, 'IDEM-SKU', keyA)).available_to_promise, 6);
    assert.equal((await stockOf(t, 'IDEM-SKU', keyB)).available_to_promise, 7);
  });
});
