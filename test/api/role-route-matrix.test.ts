import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, orderBody, signedInUser, type OrderJson, type SignedIn } from '../support/factories.js';

type Method = Parameters<TestApp['call']>[0];
type Reply = Awaited<ReturnType<TestApp['call']>>;

/**
 * Every route × every kind of key, with the outcome expected, asserted by calling it. The rows are
 * keyed by "METHOD /openapi/path" and compared with the OpenAPI document: a new route without a
 * row fails here. A scoped key's `own` cell (it may use the route, narrowed to its channel or
 * location) needs a narrowing case below proving it sees and changes only its own rows.
 *
 * public: answered without a key · allow: the key passes authorisation · deny: 403 AUTH_FORBIDDEN ·
 * own: passes, narrowed (see `narrowing`) · session: a signed-in person's own session, reached with
 * the session cookie only (a key is answered 401 AUTH_MISSING). `bounces` is the inbound-mail
 * integration's key: it may post bounces and nothing else.
 *
 * A signed-in user of each role (admin, operator, viewer, location bound to l1) is answered as the
 * key of the same kind, on every route (ADR 0016); on `session` routes it passes.
 */
const kinds = ['admin', 'operator', 'viewer', 'channel', 'location', 'bounces'] as const;
type Kind = (typeof kinds)[number];
type Outcome = 'public' | 'allow' | 'deny' | 'own' | 'session';
const [P, A, D, O, S] = ['public', 'allow', 'deny', 'own', 'session'] as const;

// prettier-ignore
const matrix: Record<string, readonly [admin: Outcome, operator: Outcome, viewer: Outcome, channel: Outcome, location: Outcome, bounces: Outcome]> = {
  'GET /health': [P, P, P, P, P, P],
  'GET /ready': [P, P, P, P, P, P],
  'GET /metrics': [P, P, P, P, P, P],
  'GET /v1/dashboard': [A, A, A, D, D, D],
  'POST /v1/demo': [A, D, D, D, D, D],
  'POST /v1/tenants': [A, D, D, D, D, D],
  'GET /v1/api-keys': [A, D, D, D, D, D],
  'POST /v1/api-keys': [A, D, D, D, D, D],
  'DELETE /v1/api-keys/{id}': [A, D, D, D, D, D],
  'POST /v1/session': [P, P, P, P, P, P],
  'GET /v1/session': [S, S, S, S, S, S],
  'GET /v1/setup': [P, P, P, P, P, P],
  'POST /v1/setup': [P, P, P, P, P, P],
  'DELETE /v1/session': [S, S, S, S, S, S],
  'POST /v1/password-resets': [P, P, P, P, P, P],
  'POST /v1/password-resets/confirm': [P, P, P, P, P, P],
  'GET /v1/users': [A, D, D, D, D, D],
  'POST /v1/users': [A, D, D, D, D, D],
  'GET /v1/users/{id}': [A, D, D, D, D, D],
  'PATCH /v1/users/{id}': [A, D, D, D, D, D],
  'POST /v1/users/{id}/reset-link': [A, D, D, D, D, D],
  'DELETE /v1/users/{id}': [A, D, D, D, D, D],
  'GET /v1/settings': [A, A, A, D, D, D],
  'PATCH /v1/settings': [A, D, D, D, D, D],
  'POST /v1/locations': [A, A, D, D, D, D],
  'GET /v1/locations': [A, A, A, D, D, D],
  'GET /v1/locations/{id}': [A, A, A, D, D, D],
  'PATCH /v1/locations/{id}': [A, A, D, D, D, D],
  'GET /v1/inventory': [A, A, A, D, D, D],
  'PUT /v1/products/{sku}': [A, A, D, D, D, D],
  'GET /v1/products/{sku}': [A, A, A, D, D, D],
  'GET /v1/products': [A, A, A, D, D, D],
  'POST /v1/inventory/adjustments': [A, A, D, D, D, D],
  'GET /v1/inventory/{sku}': [A, A, A, D, D, D],
  'GET /v1/inventory/{sku}/movements': [A, A, A, D, D, D],
  'GET /v1/stock-alerts': [A, A, A, D, D, D],
  'POST /v1/reservations': [A, A, D, O, D, D],
  'GET /v1/reservations': [A, A, A, O, D, D],
  'GET /v1/reservations/{id}': [A, A, A, O, D, D],
  'DELETE /v1/reservations/{id}': [A, A, D, O, D, D],
  'POST /v1/inbound': [A, A, D, D, D, D],
  'GET /v1/inbound': [A, A, A, D, D, D],
  'POST /v1/inbound/{id}/receive': [A, A, D, D, D, D],
  'GET /v1/inbound/{id}': [A, A, A, D, D, D],
  'POST /v1/inbound/{id}/cancel': [A, A, D, D, D, D],
  'POST /v1/orders': [A, A, D, O, D, D],
  'GET /v1/orders': [A, A, A, O, D, D],
  'GET /v1/orders/{id}': [A, A, A, O, D, D],
  'GET /v1/orders/{id}/promises': [A, A, A, O, D, D],
  'POST /v1/orders/{id}/cancel': [A, A, D, D, D, D],
  'POST /v1/orders/{id}/notes': [A, A, D, D, D, D],
  'PUT /v1/orders/{id}/tags': [A, A, D, D, D, D],
  'GET /v1/orders/{id}/holds': [A, A, A, O, D, D],
  'POST /v1/orders/{id}/holds': [A, A, D, D, D, D],
  'DELETE /v1/orders/{id}/holds/{hold_id}': [A, A, D, D, D, D],
  'GET /v1/orders/{id}/events': [A, A, A, O, D, D],
  'PATCH /v1/orders/{id}': [A, A, D, D, D, D],
  'POST /v1/orders/{id}/edits': [A, A, D, D, D, D],
  'GET /v1/orders/{id}/edits': [A, A, D, D, D, D],
  'POST /v1/orders/{id}/edits/{edit_id}/changes': [A, A, D, D, D, D],
  'DELETE /v1/orders/{id}/edits/{edit_id}/changes/{n}': [A, A, D, D, D, D],
  'GET /v1/orders/{id}/edits/{edit_id}': [A, A, D, D, D, D],
  'POST /v1/orders/{id}/edits/{edit_id}/commit': [A, A, D, D, D, D],
  'POST /v1/orders/{id}/edits/{edit_id}/discard': [A, A, D, D, D, D],
  'GET /v1/orders/{id}/transactions': [A, A, A, O, D, D],
  'POST /v1/orders/{id}/transactions': [A, A, D, O, D, D],
  'GET /v1/return-reasons': [A, A, A, D, D, D],
  'PUT /v1/return-reasons': [A, D, D, D, D, D],
  'GET /v1/return-policy': [A, A, A, D, D, D],
  'PUT /v1/return-policy': [A, D, D, D, D, D],
  'POST /v1/orders/{id}/returns': [A, A, D, D, D, D],
  'GET /v1/orders/{id}/returns': [A, A, A, D, D, D],
  'GET /v1/returns': [A, A, A, D, D, D],
  'GET /v1/returns/{id}': [A, A, A, D, D, D],
  'POST /v1/returns/{id}/approve': [A, A, D, D, D, D],
  'POST /v1/returns/{id}/decline': [A, A, D, D, D, D],
  'POST /v1/returns/{id}/cancel': [A, A, D, D, D, D],
  'POST /v1/returns/{id}/in-transit': [A, A, D, D, D, D],
  'POST /v1/returns/{id}/receipts': [A, A, D, D, D, D],
  'GET /v1/returns/{id}/refund-preview': [A, A, A, D, D, D],
  'POST /v1/returns/{id}/refunds': [A, A, D, D, D, D],
  'POST /v1/returns/{id}/store-credit': [A, A, D, D, D, D],
  'POST /v1/returns/{id}/exchange': [A, A, D, D, D, D],
  'GET /v1/store-credit': [A, A, A, D, D, D],
  'POST /v1/store-credit/adjustments': [A, A, D, D, D, D],
  'GET /v1/reviews': [A, A, D, D, D, D],
  'GET /v1/reviews/{id}': [A, A, D, D, D, D],
  'POST /v1/reviews/{id}/assign': [A, A, D, D, D, D],
  'POST /v1/reviews/{id}/close': [A, A, D, D, D, D],
  'GET /v1/verify/{token}': [P, P, P, P, P, P],
  'POST /v1/verify/{token}': [P, P, P, P, P, P],
  'POST /v1/orders/{id}/verification': [A, A, D, D, D, D],
  'GET /v1/customers': [A, A, A, D, D, D],
  'GET /v1/customers/{id}': [A, A, A, D, D, D],
  'PATCH /v1/customers/{id}': [A, A, D, D, D, D],
  'GET /v1/customers/{id}/orders': [A, A, A, D, D, D],
  'POST /v1/customers/{id}/merge': [A, D, D, D, D, D],
  'POST /v1/customers/{id}/erase': [A, D, D, D, D, D],
  'GET /v1/notifications': [A, A, A, D, D, D],
  'GET /v1/notifications/{id}': [A, A, A, D, D, D],
  'GET /v1/notifications/{id}/message.eml': [A, A, A, D, D, D],
  'POST /v1/notifications/bounces': [A, D, D, D, D, A],
  // The SMS provider's callbacks: authenticated by X-Twilio-Signature, not a key.
  'POST /v1/notifications/sms/{tenant_id}/status/{id}': [P, P, P, P, P, P],
  'POST /v1/notifications/sms/{tenant_id}/inbound': [P, P, P, P, P, P],
  'GET /v1/suppressions': [A, D, D, D, D, D],
  'DELETE /v1/suppressions/{address}': [A, D, D, D, D, D],
  'GET /v1/notification-templates': [A, A, D, D, D, D],
  'GET /v1/notification-templates/{key}/{locale}': [A, A, D, D, D, D],
  'GET /v1/notification-templates/{key}/{locale}/versions': [A, A, D, D, D, D],
  'PUT /v1/notification-templates/{key}/{locale}': [A, D, D, D, D, D],
  'DELETE /v1/notification-templates/{key}/{locale}': [A, D, D, D, D, D],
  'POST /v1/notification-templates/{key}/{locale}/preview': [A, A, D, D, D, D],
  'POST /v1/notification-templates/{key}/{locale}/test-send': [A, D, D, D, D, D],
  'GET /v1/customers/{id}/notification-preferences': [A, A, A, D, D, D],
  'PATCH /v1/customers/{id}/notification-preferences': [A, A, D, D, D, D],
  'GET /v1/risk/rule-sets': [A, A, D, D, D, D],
  'GET /v1/risk/rule-sets/active': [A, A, D, D, D, D],
  'POST /v1/risk/rule-sets': [A, D, D, D, D, D],
  'POST /v1/risk/rule-sets/{version}/activate': [A, D, D, D, D, D],
  'POST /v1/risk/backtest': [A, A, D, D, D, D],
  'GET /v1/orders/{id}/risk': [A, A, D, D, D, D],
  'GET /v1/nps': [A, A, D, D, D, D],
  'GET /v1/survey-responses': [A, A, D, D, D, D],
  'GET /v1/orders/{id}/survey': [A, A, D, D, D, D],
  'POST /v1/returns/{id}/label': [A, A, D, D, D, D],
  'GET /v1/returns/{id}/label': [A, A, A, D, D, D],
  'GET /v1/returns/{id}/shipping': [A, A, A, D, D, D],
  'GET /v1/analytics/returns': [A, A, A, D, D, D],
  'GET /v1/fulfillment-orders': [A, A, A, D, O, D],
  'GET /v1/fulfillment-orders/{id}': [A, A, A, D, O, D],
  'POST /v1/fulfillment-orders/{id}/accept': [A, A, D, D, O, D],
  'POST /v1/fulfillment-orders/{id}/reject': [A, A, D, D, O, D],
  'POST /v1/fulfillment-orders/{id}/cancel': [A, A, D, D, D, D],
  'POST /v1/fulfillment-orders/{id}/release': [A, A, D, D, D, D],
  'PUT /v1/boxes/{code}': [A, A, D, D, D, D],
  'GET /v1/boxes/{code}': [A, A, A, D, D, D],
  'DELETE /v1/boxes/{code}': [A, A, D, D, D, D],
  'GET /v1/boxes': [A, A, A, D, D, D],
  'POST /v1/pick-lists': [A, A, D, D, D, D],
  'GET /v1/pick-lists/{id}': [A, A, A, D, O, D],
  'GET /v1/pick-lists/{id}.pdf': [A, A, A, D, O, D],
  'POST /v1/pick-lists/{id}/confirm': [A, A, D, D, D, D],
  'POST /v1/fulfillment-orders/{id}/pack': [A, A, D, D, O, D],
  'GET /v1/fulfillment-orders/{id}/packages': [A, A, A, D, O, D],
  'POST /v1/routing/simulate': [A, A, A, D, D, D],
  'PUT /v1/routing/policies/{name}': [A, A, D, D, D, D],
  'GET /v1/routing/policies/{name}': [A, A, A, D, D, D],
  'DELETE /v1/routing/policies/{name}': [A, A, D, D, D, D],
  'GET /v1/routing/policies': [A, A, A, D, D, D],
  'GET /v1/availability': [A, A, A, D, D, D],
  'PUT /v1/carriers/{code}': [A, D, D, D, D, D],
  'GET /v1/carriers/{code}': [A, A, A, D, D, D],
  'DELETE /v1/carriers/{code}': [A, D, D, D, D, D],
  'POST /v1/carriers/samples': [A, D, D, D, D, D],
  'GET /v1/carriers': [A, A, A, D, D, D],
  'PUT /v1/shipping/rules': [A, D, D, D, D, D],
  'GET /v1/shipping/rules': [A, A, A, D, D, D],
  'GET /v1/tracking-numbers/{number}': [A, A, A, D, D, D],
  'POST /v1/rates': [A, A, A, D, D, D],
  'POST /v1/fulfillment-orders/{id}/ship': [A, A, D, D, O, D],
  'POST /v1/shipments': [A, A, D, D, O, D],
  'GET /v1/shipments': [A, A, A, D, O, D],
  'POST /v1/pick-lists/{id}/ship': [A, A, D, D, D, D],
  'GET /v1/shipments/{id}': [A, A, A, D, O, D],
  'GET /v1/shipments/{id}/label.pdf': [A, A, A, D, O, D],
  'GET /v1/shipments/{id}/label.zpl': [A, A, A, D, O, D],
  'GET /v1/shipments/{id}/customs.pdf': [A, A, A, D, O, D],
  'POST /v1/shipments/{id}/events': [A, A, D, D, O, D],
  'POST /v1/shipments/{id}/void': [A, A, D, D, D, D],
  'GET /v1/manifests': [A, A, A, D, O, D],
  'GET /v1/manifests.pdf': [A, A, A, D, O, D],
  'GET /v1/manifests.csv': [A, A, A, D, O, D],
  'GET /v1/promise': [A, A, A, D, D, D],
  'POST /v1/carriers/{id}/webhooks/tracking': [P, P, P, P, P, P],
  'POST /v1/channels': [A, D, D, D, D, D],
  'GET /v1/channels': [A, A, A, D, D, D],
  'GET /v1/channels/{id}': [A, A, A, D, D, D],
  'PATCH /v1/channels/{id}': [A, D, D, D, D, D],
  'DELETE /v1/channels/{id}': [A, D, D, D, D, D],
  'POST /v1/channels/{id}/webhooks/shopify': [P, P, P, P, P, P],
  'POST /v1/channels/{id}/webhooks/woocommerce': [P, P, P, P, P, P],
  'GET /v1/channels/{id}/pushes': [A, A, A, D, D, D],
  'GET /v1/channels/{id}/poll': [A, A, A, D, D, D],
  'POST /v1/channels/{id}/poll': [A, A, D, D, D, D],
  'POST /v1/channels/{id}/pos-sales': [A, A, D, O, D, D],
  'POST /v1/channels/{id}/pos-returns': [A, A, D, O, D, D],
  'POST /v1/channels/{id}/x12': [A, A, D, O, D, D],
  'GET /v1/channels/{id}/x12/documents': [A, A, A, O, D, D],
  'GET /v1/x12-documents/{id}': [A, A, A, O, D, D],
  'POST /v1/x12-documents/{id}/acknowledge': [A, A, D, O, D, D],
  'GET /v1/exports/accounting': [A, A, A, D, D, D],
  'POST /v1/webhook-endpoints': [A, D, D, D, D, D],
  'GET /v1/webhook-endpoints': [A, A, A, D, D, D],
  'GET /v1/webhook-endpoints/{id}': [A, A, A, D, D, D],
  'PATCH /v1/webhook-endpoints/{id}': [A, D, D, D, D, D],
  'DELETE /v1/webhook-endpoints/{id}': [A, D, D, D, D, D],
  'POST /v1/webhook-endpoints/{id}/rotate-secret': [A, D, D, D, D, D],
  'POST /v1/webhook-endpoints/{id}/recover': [A, D, D, D, D, D],
  'GET /v1/webhook-deliveries': [A, A, A, D, D, D],
  'GET /v1/webhook-deliveries/{id}': [A, A, A, D, D, D],
  'POST /v1/webhook-deliveries/{id}/retry': [A, D, D, D, D, D],
  'POST /v1/channels/{id}/imports': [A, A, D, D, D, D],
  'GET /v1/channels/{id}/imports': [A, A, A, D, D, D],
  'GET /v1/imports/{id}': [A, A, A, D, D, D],
  'GET /v1/automation-catalog': [A, A, A, D, D, D],
  'GET /v1/automations': [A, A, A, D, D, D],
  'POST /v1/automations': [A, D, D, D, D, D],
  'POST /v1/automations/dry-run': [A, A, A, D, D, D],
  'GET /v1/automations/{id}': [A, A, A, D, D, D],
  'PATCH /v1/automations/{id}': [A, D, D, D, D, D],
  'DELETE /v1/automations/{id}': [A, D, D, D, D, D],
  'POST /v1/automations/{id}/dry-run': [A, A, A, D, D, D],
  'GET /v1/automations/{id}/runs': [A, A, A, D, D, D],
  'GET /v1/automation-runs': [A, A, A, D, D, D],
};

let t: TestApp;
const keys = {} as Record<Kind, string>;
/** Signed-in users standing for every kind a person can be (no person is a channel). */
const userKinds = ['admin', 'operator', 'viewer', 'location'] as const;
const users = {} as Record<(typeof userKinds)[number], SignedIn>;
/** Keys bound to the pos and x12 channels, for the narrowing cases of those routes. */
const extra = { pos: '', x12: '' };
const ADDRESS = { line1: '1 Dock Rd', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
const ISO_850 =
  'ISA*00*          *00*          *ZZ*MXBUYER        *ZZ*MXSELLER       *261127*0350*U*00401*000000001*0*P*>~' +
  'GS*PO*MXBUYER*MXSELLER*20261127*0350*1*X*004010~ST*850*0001~BEG*00*SA*MX-PO-1**20261125~PO1*1*1*EA*1.00**SK*MX-NO-SUCH~CTT*1~SE*5*0001~GE*1*1~IEA*1*000000001~';

/** Records in and out of the scoped keys' scope (1: the key's channel or location; 2: another). */
const R = { c1: '', c2: '', pos: '', x12: '', o1: '', o2: '', h2: '', x12Doc: '', l1: 'MX-L1', l2: 'MX-L2', list1: '', list2: '', fo1: [] as string[], fo2: [] as string[], ship1: '', ship2: '', carrier: '', shipDate: '' };
const NO = { order: 'ord_00000000000000000000000000', hold: 'hld_00000000000000000000000000', channel: 'chn_00000000000000000000000000', x12: 'xdc_00000000000000000000000000', fo: 'ful_00000000000000000000000000', list: 'pkl_00000000000000000000000000', shipment: 'shp_00000000000000000000000000' };

const as = (key: string, method: Method, url: string, body?: unknown, headers?: Record<string, string>) => t.call(method, url, body, { key, ...(headers ? { headers } : {}) });
const code = (res: Reply): string | undefined => (String(res.headers['content-type']).includes('json') ? (res.json() as { code?: string }).code : undefined);

/** The scoped key's answer about a record outside its scope is the answer about one that does not exist. */
function sameAsMissing(outside: Reply, missing: Reply, status: number) {
  assert.equal(missing.statusCode, status, missing.body);
  assert.deepEqual([outside.statusCode, code(outside)], [missing.statusCode, code(missing)], outside.body);
}

async function foAt(sku: string): Promise<string> {
  const order = await t.call('POST', '/v1/orders', orderBody([{ sku, quantity: 1 }]));
  assert.equal(order.statusCode, 201, order.body);
  const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${(order.json() as OrderJson).id}`)).json().data as { id: string }[];
  assert.ok(fo, 'the order has a fulfillment order');
  return fo.id;
}

async function packed(sku: string): Promise<string> {
  const id = await foAt(sku);
  assert.equal((await t.call('POST', `/v1/fulfillment-orders/${id}/pack`, {})).statusCode, 200);
  return id;
}

/** A label bought by the operator through the sample carriers. */
async function shipped(sku: string): Promise<{ id: string; carrier: string; ship_date: string }> {
  const res = await t.call('POST', `/v1/fulfillment-orders/${await packed(sku)}/ship`, {});
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function issue(body: Record<string, unknown>): Promise<string> {
  const res = await t.call('POST', '/v1/api-keys', { name: 'matrix', ...body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().key;
}

before(async () => {
  t = await buildTestApp();
  const channel = async (body: Record<string, unknown>) => {
    const res = await t.call('POST', '/v1/channels', body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  R.c1 = await channel({ type: 'api', name: 'mx-c1' });
  R.c2 = await channel({ type: 'api', name: 'mx-c2' });
  for (const [loc, sku] of [[R.l1, 'MX-1'], [R.l2, 'MX-2']] as const) {
    await createLocation(t, loc, { address: ADDRESS });
    await createProduct(t, sku, { dimensions_mm: { length: 100, width: 100, height: 100 }, weight_grams: 500 });
    await adjust(t, sku, loc, 100);
  }
  await createLocation(t, 'MX-STORE', { type: 'store', ships_to_customers: false });
  R.pos = await channel({ type: 'pos', name: 'mx-tills', locations: ['MX-STORE'] });
  R.x12 = await channel({ type: 'x12', name: 'mx-edi', settings: { partner_isa_qualifier: 'ZZ', partner_isa_id: 'MXBUYER', our_isa_qualifier: 'ZZ', our_isa_id: 'MXSELLER' } });
  keys.admin = t.rootKey;
  keys.operator = await issue({ role: 'operator' });
  keys.viewer = await issue({ role: 'viewer' });
  keys.channel = await issue({ role: 'channel', channel: R.c1 });
  keys.location = await issue({ role: 'channel', location: R.l1 });
  keys.bounces = await issue({ role: 'bounces' });
  for (const kind of userKinds) users[kind] = await signedInUser(t, kind, kind === 'location' ? { location: R.l1 } : {});
  extra.pos = await issue({ role: 'channel', channel: R.pos });
  extra.x12 = await issue({ role: 'channel', channel: R.x12 });

  // Channel side: an order and a hold in each channel, and a stored X12 interchange.
  for (const [channelId, slot] of [[R.c1, 'o1'], [R.c2, 'o2']] as const) {
    const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'MX-1', quantity: 1 }], { channel: channelId }));
    assert.equal(res.statusCode, 201, res.body);
    R[slot] = res.json().id;
  }
  R.h2 = (await t.call('POST', '/v1/reservations', { sku: 'MX-1', quantity: 1, ttl_seconds: 3_600, channel: R.c2 })).json().id;
  const received = await t.call('POST', `/v1/channels/${R.x12}/x12`, ISO_850, { headers: { 'content-type': 'application/edi-x12' } });
  assert.equal(received.statusCode, 200, received.body);
  R.x12Doc = String(received.headers['x12-document-id']);

  // Location side: a pick list at each location first (it takes every ready fulfillment order there).
  await foAt('MX-1');
  await foAt('MX-2');
  for (const [loc, slot] of [[R.l1, 'list1'], [R.l2, 'list2']] as const) {
    const res = await t.call('POST', '/v1/pick-lists', { location: loc });
    assert.equal(res.statusCode, 201, res.body);
    R[slot] = res.json().id;
  }
  assert.equal((await t.call('PUT', '/v1/boxes/MX-BOX', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 9000, tare_grams: 200, cost: '1.00' })).statusCode, 201);
  assert.equal((await t.call('POST', '/v1/carriers/samples')).statusCode, 200);
  // Three each: accept, reject and pack use one apiece.
  for (let i = 0; i < 3; i++) {
    R.fo1.push(await foAt('MX-1'));
    R.fo2.push(await foAt('MX-2'));
  }
  const own = await shipped('MX-1');
  R.ship1 = own.id;
  R.carrier = own.carrier;
  R.shipDate = own.ship_date;
  R.ship2 = (await shipped('MX-2')).id;
});
after(() => t.close());

/** Every `own` cell: what the scoped key may reach, and that everything else answers as missing. */
const narrowing: Record<string, () => Promise<void>> = {
  // ── channel key: bound to c1 ──
  'POST /v1/orders': async () => {
    const other = await as(keys.channel, 'POST', '/v1/orders', orderBody([{ sku: 'MX-1', quantity: 1 }], { channel: R.c2 }));
    assert.deepEqual([other.statusCode, code(other)], [403, 'AUTH_CHANNEL_MISMATCH']);
    const withHold = (id: string) => as(keys.channel, 'POST', '/v1/orders', orderBody([{ sku: 'MX-1', quantity: 1 }], { channel: R.c1, reservation_id: id }));
    sameAsMissing(await withHold(R.h2), await withHold(NO.hold), 422);
    const mine = await as(keys.channel, 'POST', '/v1/orders', orderBody([{ sku: 'MX-1', quantity: 1 }], { channel: R.c1 }));
    assert.equal(mine.statusCode, 201, mine.body);
    assert.equal(mine.json().channel, R.c1);
  },
  'GET /v1/orders': async () => {
    const ids = ((await as(keys.channel, 'GET', '/v1/orders?limit=500')).json().data as { id: string; channel: string }[]).map((o) => [o.id, o.channel]);
    assert.ok(ids.some(([id]) => id === R.o1) && ids.every(([, c]) => c === R.c1), JSON.stringify(ids));
    assert.equal((await as(keys.channel, 'GET', `/v1/orders?channel=${R.c2}`)).json().data.length, 0);
  },
  'GET /v1/orders/{id}': async () => {
    sameAsMissing(await as(keys.channel, 'GET', `/v1/orders/${R.o2}`), await as(keys.channel, 'GET', `/v1/orders/${NO.order}`), 404);
    assert.equal((await as(keys.channel, 'GET', `/v1/orders/${R.o1}`)).statusCode, 200);
  },
  'GET /v1/orders/{id}/promises': async () => {
    sameAsMissing(await as(keys.channel, 'GET', `/v1/orders/${R.o2}/promises`), await as(keys.channel, 'GET', `/v1/orders/${NO.order}/promises`), 404);
    assert.equal((await as(keys.channel, 'GET', `/v1/orders/${R.o1}/promises`)).statusCode, 200);
  },
  'GET /v1/orders/{id}/holds': async () => {
    sameAsMissing(await as(keys.channel, 'GET', `/v1/orders/${R.o2}/holds`), await as(keys.channel, 'GET', `/v1/orders/${NO.order}/holds`), 404);
    assert.equal((await as(keys.channel, 'GET', `/v1/orders/${R.o1}/holds`)).statusCode, 200);
  },
  'GET /v1/orders/{id}/events': async () => {
    sameAsMissing(await as(keys.channel, 'GET', `/v1/orders/${R.o2}/events`), await as(keys.channel, 'GET', `/v1/orders/${NO.order}/events`), 404);
    assert.equal((await as(keys.channel, 'GET', `/v1/orders/${R.o1}/events`)).statusCode, 200);
  },
  'GET /v1/orders/{id}/transactions': async () => {
    sameAsMissing(await as(keys.channel, 'GET', `/v1/orders/${R.o2}/transactions`), await as(keys.channel, 'GET', `/v1/orders/${NO.order}/transactions`), 404);
    assert.equal((await as(keys.channel, 'GET', `/v1/orders/${R.o1}/transactions`)).statusCode, 200);
  },
  'POST /v1/orders/{id}/transactions': async () => {
    const sale = { kind: 'sale', amount: '1.00', gateway: 'mx-pay' };
    sameAsMissing(await as(keys.channel, 'POST', `/v1/orders/${R.o2}/transactions`, sale), await as(keys.channel, 'POST', `/v1/orders/${NO.order}/transactions`, sale), 404);
    assert.deepEqual((await t.call('GET', `/v1/orders/${R.o2}/transactions`)).json().data, [], 'nothing was recorded on the other channel’s order');
    const mine = await as(keys.channel, 'POST', `/v1/orders/${R.o1}/transactions`, sale);
    assert.equal(mine.statusCode, 201, mine.body);
    assert.equal(mine.json().transaction.source, 'channel');
  },
  'POST /v1/reservations': async () => {
    const other = await as(keys.channel, 'POST', '/v1/reservations', { sku: 'MX-1', quantity: 1, ttl_seconds: 60, channel: R.c2 });
    assert.deepEqual([other.statusCode, code(other)], [403, 'AUTH_CHANNEL_MISMATCH']);
    const mine = await as(keys.channel, 'POST', '/v1/reservations', { sku: 'MX-1', quantity: 1, ttl_seconds: 60 });
    assert.equal(mine.statusCode, 201, mine.body);
    assert.equal(mine.json().channel, R.c1, 'a hold without a channel is the key’s channel’s');
  },
  'GET /v1/reservations': async () => {
    const mine = (await as(keys.channel, 'POST', '/v1/reservations', { sku: 'MX-1', quantity: 1, ttl_seconds: 60 })).json().id;
    const seen = ((await as(keys.channel, 'GET', '/v1/reservations?limit=500')).json().data as { id: string; channel: string }[]).map((h) => [h.id, h.channel]);
    assert.ok(seen.some(([id]) => id === mine) && seen.every(([, c]) => c === R.c1), JSON.stringify(seen));
    assert.equal((await as(keys.channel, 'GET', `/v1/reservations?channel=${R.c2}`)).json().data.length, 0, 'another channel’s are not listed even when asked for');
  },
  'GET /v1/reservations/{id}': async () => {
    sameAsMissing(await as(keys.channel, 'GET', `/v1/reservations/${R.h2}`), await as(keys.channel, 'GET', `/v1/reservations/${NO.hold}`), 404);
    const mine = (await as(keys.channel, 'POST', '/v1/reservations', { sku: 'MX-1', quantity: 1, ttl_seconds: 60 })).json().id;
    assert.equal((await as(keys.channel, 'GET', `/v1/reservations/${mine}`)).statusCode, 200);
  },
  'DELETE /v1/reservations/{id}': async () => {
    sameAsMissing(await as(keys.channel, 'DELETE', `/v1/reservations/${R.h2}`), await as(keys.channel, 'DELETE', `/v1/reservations/${NO.hold}`), 404);
    assert.equal((await t.call('GET', `/v1/reservations/${R.h2}`)).json().status, 'active', 'the other channel’s hold was released');
    const mine = (await as(keys.channel, 'POST', '/v1/reservations', { sku: 'MX-1', quantity: 1, ttl_seconds: 60 })).json().id;
    assert.equal((await as(keys.channel, 'DELETE', `/v1/reservations/${mine}`)).statusCode, 204);
  },
  'POST /v1/channels/{id}/pos-sales': async () => {
    const sale = { external_id: `MX-R-${Date.now()}`, location: 'MX-STORE', currency: 'USD', lines: [{ sku: 'MX-1', quantity: 1, unit_price: '1.00' }] };
    sameAsMissing(await as(keys.channel, 'POST', `/v1/channels/${R.pos}/pos-sales`, sale), await as(keys.channel, 'POST', `/v1/channels/${NO.channel}/pos-sales`, sale), 404);
    assert.equal((await as(extra.pos, 'POST', `/v1/channels/${R.pos}/pos-sales`, sale)).statusCode, 201);
  },
  'POST /v1/channels/{id}/pos-returns': async () => {
    // Another channel's till is told the POS channel does not exist; its own till reaches any order of the tenant (here c2's, not yet shipped).
    const body = { order: R.o2, location: 'MX-STORE', lines: [{ sku: 'MX-1', quantity: 1, reason: 'defective', disposition: 'restock' }] };
    sameAsMissing(await as(keys.channel, 'POST', `/v1/channels/${R.pos}/pos-returns`, body), await as(keys.channel, 'POST', `/v1/channels/${NO.channel}/pos-returns`, body), 404);
    assert.equal(code(await as(extra.pos, 'POST', `/v1/channels/${R.pos}/pos-returns`, body)), 'RETURN_UNITS_NOT_SHIPPED');
  },
  'POST /v1/channels/{id}/x12': async () => {
    const post = (key: string, id: string) => as(key, 'POST', `/v1/channels/${id}/x12`, ISO_850, { 'content-type': 'application/edi-x12' });
    sameAsMissing(await post(keys.channel, R.x12), await post(keys.channel, NO.channel), 404);
    assert.equal((await post(extra.x12, R.x12)).statusCode, 200);
  },
  'GET /v1/channels/{id}/x12/documents': async () => {
    sameAsMissing(await as(keys.channel, 'GET', `/v1/channels/${R.x12}/x12/documents`), await as(keys.channel, 'GET', `/v1/channels/${NO.channel}/x12/documents`), 404);
    assert.ok((await as(extra.x12, 'GET', `/v1/channels/${R.x12}/x12/documents`)).json().data.length > 0, 'the x12 channel key lists its stored documents');
  },
  'GET /v1/x12-documents/{id}': async () => {
    sameAsMissing(await as(keys.channel, 'GET', `/v1/x12-documents/${R.x12Doc}`), await as(keys.channel, 'GET', `/v1/x12-documents/${NO.x12}`), 404);
    assert.equal((await as(extra.x12, 'GET', `/v1/x12-documents/${R.x12Doc}`)).statusCode, 200);
  },
  'POST /v1/x12-documents/{id}/acknowledge': async () => {
    sameAsMissing(await as(keys.channel, 'POST', `/v1/x12-documents/${R.x12Doc}/acknowledge`), await as(keys.channel, 'POST', `/v1/x12-documents/${NO.x12}/acknowledge`), 404);
    assert.equal((await t.call('GET', `/v1/channels/${R.x12}/x12/documents`)).json().data.find((d: { id: string }) => d.id === R.x12Doc)?.acknowledged_at ?? null, null);
    assert.equal((await as(extra.x12, 'POST', `/v1/x12-documents/${R.x12Doc}/acknowledge`)).statusCode, 200);
  },

  // ── location key: scoped to l1 ──
  'GET /v1/fulfillment-orders': async () => {
    const seen = (await as(keys.location, 'GET', '/v1/fulfillment-orders?limit=500')).json().data as { id: string; location: string }[];
    assert.ok(seen.length > 0 && seen.every((f) => f.location === R.l1), JSON.stringify(seen));
    assert.ok(R.fo2.every((id) => !seen.some((f) => f.id === id)), `none of location 2's fulfillment orders is seen: ${JSON.stringify(seen)}`);
    sameAsMissing(await as(keys.location, 'GET', `/v1/fulfillment-orders?location=${R.l2}`), await as(keys.location, 'GET', '/v1/fulfillment-orders?location=MX-NONE'), 422);
  },
  'GET /v1/fulfillment-orders/{id}': async () => {
    sameAsMissing(await as(keys.location, 'GET', `/v1/fulfillment-orders/${R.fo2[0]}`), await as(keys.location, 'GET', `/v1/fulfillment-orders/${NO.fo}`), 404);
    assert.equal((await as(keys.location, 'GET', `/v1/fulfillment-orders/${R.fo1[0]}`)).statusCode, 200);
  },
  'POST /v1/fulfillment-orders/{id}/accept': async () => {
    sameAsMissing(await as(keys.location, 'POST', `/v1/fulfillment-orders/${R.fo2[0]}/accept`, {}), await as(keys.location, 'POST', `/v1/fulfillment-orders/${NO.fo}/accept`, {}), 404);
    assert.equal((await t.call('GET', `/v1/fulfillment-orders/${R.fo2[0]}`)).json().status, 'released');
    assert.equal((await as(keys.location, 'POST', `/v1/fulfillment-orders/${R.fo1[0]}/accept`, {})).json().status, 'accepted');
  },
  'POST /v1/fulfillment-orders/{id}/reject': async () => {
    const body = { reason: 'capacity' };
    sameAsMissing(await as(keys.location, 'POST', `/v1/fulfillment-orders/${R.fo2[1]}/reject`, body), await as(keys.location, 'POST', `/v1/fulfillment-orders/${NO.fo}/reject`, body), 404);
    assert.equal((await t.call('GET', `/v1/fulfillment-orders/${R.fo2[1]}`)).json().status, 'released');
    assert.equal((await as(keys.location, 'POST', `/v1/fulfillment-orders/${R.fo1[1]}/reject`, body)).json().status, 'rejected');
  },
  'POST /v1/fulfillment-orders/{id}/pack': async () => {
    sameAsMissing(await as(keys.location, 'POST', `/v1/fulfillment-orders/${R.fo2[2]}/pack`, {}), await as(keys.location, 'POST', `/v1/fulfillment-orders/${NO.fo}/pack`, {}), 404);
    assert.equal((await t.call('GET', `/v1/fulfillment-orders/${R.fo2[2]}`)).json().status, 'released');
    assert.equal((await as(keys.location, 'POST', `/v1/fulfillment-orders/${R.fo1[2]}/pack`, {})).statusCode, 200);
  },
  'GET /v1/fulfillment-orders/{id}/packages': async () => {
    const [theirs, mine] = [await packed('MX-2'), await packed('MX-1')];
    sameAsMissing(await as(keys.location, 'GET', `/v1/fulfillment-orders/${theirs}/packages`), await as(keys.location, 'GET', `/v1/fulfillment-orders/${NO.fo}/packages`), 404);
    assert.equal((await as(keys.location, 'GET', `/v1/fulfillment-orders/${mine}/packages`)).json().packages.length, 1);
  },
  'GET /v1/pick-lists/{id}': async () => {
    sameAsMissing(await as(keys.location, 'GET', `/v1/pick-lists/${R.list2}`), await as(keys.location, 'GET', `/v1/pick-lists/${NO.list}`), 404);
    assert.equal((await as(keys.location, 'GET', `/v1/pick-lists/${R.list1}`)).statusCode, 200);
  },
  'GET /v1/pick-lists/{id}.pdf': async () => {
    sameAsMissing(await as(keys.location, 'GET', `/v1/pick-lists/${R.list2}.pdf`), await as(keys.location, 'GET', `/v1/pick-lists/${NO.list}.pdf`), 404);
    assert.equal((await as(keys.location, 'GET', `/v1/pick-lists/${R.list1}.pdf`)).statusCode, 200);
  },
  'POST /v1/fulfillment-orders/{id}/ship': async () => {
    const body = { carrier: 'ups', tracking_numbers: ['1Z999AA10123456784'] };
    sameAsMissing(await as(keys.location, 'POST', `/v1/fulfillment-orders/${await packed('MX-2')}/ship`, body), await as(keys.location, 'POST', `/v1/fulfillment-orders/${NO.fo}/ship`, body), 404);
    const mine = await packed('MX-1');
    const bought = await as(keys.location, 'POST', `/v1/fulfillment-orders/${mine}/ship`, {});
    assert.deepEqual([bought.statusCode, code(bought)], [403, 'SHIPPING_LABEL_PURCHASE_FORBIDDEN']);
    const reported = await as(keys.location, 'POST', `/v1/fulfillment-orders/${mine}/ship`, body);
    assert.equal(reported.statusCode, 201, reported.body);
  },
  'POST /v1/shipments': async () => {
    const body = (id: string) => ({ fulfillment_order_id: id, carrier: 'ups', tracking_numbers: ['1Z999AA10123456793'] });
    sameAsMissing(await as(keys.location, 'POST', '/v1/shipments', body(await packed('MX-2'))), await as(keys.location, 'POST', '/v1/shipments', body(NO.fo)), 404);
    assert.equal((await as(keys.location, 'POST', '/v1/shipments', body(await packed('MX-1')))).statusCode, 201);
  },
  'GET /v1/shipments': async () => {
    const ids = ((await as(keys.location, 'GET', '/v1/shipments?limit=500')).json().data as { id: string }[]).map((s) => s.id);
    assert.ok(ids.includes(R.ship1) && !ids.includes(R.ship2), JSON.stringify(ids));
  },
  'GET /v1/shipments/{id}': async () => {
    sameAsMissing(await as(keys.location, 'GET', `/v1/shipments/${R.ship2}`), await as(keys.location, 'GET', `/v1/shipments/${NO.shipment}`), 404);
    assert.equal((await as(keys.location, 'GET', `/v1/shipments/${R.ship1}`)).statusCode, 200);
  },
  'GET /v1/shipments/{id}/label.pdf': async () => {
    sameAsMissing(await as(keys.location, 'GET', `/v1/shipments/${R.ship2}/label.pdf`), await as(keys.location, 'GET', `/v1/shipments/${NO.shipment}/label.pdf`), 404);
    assert.equal((await as(keys.location, 'GET', `/v1/shipments/${R.ship1}/label.pdf`)).statusCode, 200);
  },
  'GET /v1/shipments/{id}/label.zpl': async () => {
    sameAsMissing(await as(keys.location, 'GET', `/v1/shipments/${R.ship2}/label.zpl`), await as(keys.location, 'GET', `/v1/shipments/${NO.shipment}/label.zpl`), 404);
    assert.match((await as(keys.location, 'GET', `/v1/shipments/${R.ship1}/label.zpl`)).body, /^\^XA/);
  },
  'GET /v1/shipments/{id}/customs.pdf': async () => {
    sameAsMissing(await as(keys.location, 'GET', `/v1/shipments/${R.ship2}/customs.pdf`), await as(keys.location, 'GET', `/v1/shipments/${NO.shipment}/customs.pdf`), 404);
    // Its own shipment is found: a domestic one has no customs paper (another 404, another code).
    assert.equal(code(await as(keys.location, 'GET', `/v1/shipments/${R.ship1}/customs.pdf`)), 'SHIPMENT_NO_CUSTOMS_DOCUMENT');
  },
  'POST /v1/shipments/{id}/events': async () => {
    const scan = { status: 'in_transit', occurred_at: '2026-11-27T10:00:00Z' };
    sameAsMissing(await as(keys.location, 'POST', `/v1/shipments/${R.ship2}/events`, scan), await as(keys.location, 'POST', `/v1/shipments/${NO.shipment}/events`, scan), 404);
    assert.equal((await t.call('GET', `/v1/shipments/${R.ship2}`)).json().status, 'label_created');
    assert.equal((await as(keys.location, 'POST', `/v1/shipments/${R.ship1}/events`, scan)).json().applied, true);
  },
  ...Object.fromEntries(
    ['/v1/manifests', '/v1/manifests.pdf', '/v1/manifests.csv'].map((path) => [
      `GET ${path}`,
      async () => {
        const url = (loc: string) => `${path}?carrier=${R.carrier}&location=${loc}&date=${R.shipDate}`;
        sameAsMissing(await as(keys.location, 'GET', url(R.l2)), await as(keys.location, 'GET', url('MX-NONE')), 422);
        const mine = await as(keys.location, 'GET', url(R.l1));
        assert.equal(mine.statusCode, 200, mine.body);
        if (path === '/v1/manifests') assert.ok(mine.json().shipments.some((s: { shipment_id: string }) => s.shipment_id === R.ship1), `the manifest lists its own shipment ${R.ship1}: ${mine.body}`);
      },
    ]),
  ),
};

describe('the role × route matrix is complete', () => {
  test('its rows are exactly the operations of the OpenAPI document', async () => {
    const res = await t.call('GET', '/openapi.json', undefined, { key: null });
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
    const documented = Object.entries(res.json().paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, item]) => Object.keys(item).filter((m) => methods.includes(m)).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    assert.deepEqual(Object.keys(matrix).sort(), documented);
  });

  test('every `own` cell has a narrowing case, and every narrowing case an `own` cell', () => {
    const own = Object.entries(matrix).filter(([, cells]) => cells.includes(O)).map(([route]) => route);
    assert.deepEqual(Object.keys(narrowing).sort(), own.sort());
  });
});

describe('every route answers every kind of key as the matrix says', () => {
  for (const [route, cells] of Object.entries(matrix)) {
    test(route, async () => {
      const [method, path] = route.split(' ') as [Method, string];
      const url = path.replace(/\{\w+\}/g, 'x');
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      for (const [i, kind] of kinds.entries()) {
        const expected = cells[i] as Outcome;
        const res = await t.call(method, url, body, { key: expected === P ? null : keys[kind] });
        const got = code(res);
        assert.ok(res.statusCode < 500, `${kind}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (expected === D) assert.deepEqual([res.statusCode, got], [403, 'AUTH_FORBIDDEN'], `${kind} should be refused`);
        else if (expected === S) assert.deepEqual([res.statusCode, got], [401, 'AUTH_MISSING'], `${kind} key has no session`);
        else assert.ok(!['AUTH_MISSING', 'AUTH_INVALID', 'AUTH_FORBIDDEN'].includes(got ?? ''), `${kind} should pass authorisation: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      for (const kind of userKinds) {
        const expected = cells[kinds.indexOf(kind)] as Outcome;
        if (expected === P) continue;
        // Signing out ends the session: a fresh one for that, so the others stay signed in.
        const user = route === 'DELETE /v1/session' ? await signedInUser(t, kind, kind === 'location' ? { location: R.l1 } : {}) : users[kind];
        const res = await user.call(method, url, body);
        const got = code(res);
        assert.ok(res.statusCode < 500, `${kind} user: ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (expected === D) assert.deepEqual([res.statusCode, got], [403, 'AUTH_FORBIDDEN'], `${kind} user should be refused`);
        else assert.ok(!['AUTH_MISSING', 'AUTH_INVALID', 'AUTH_FORBIDDEN', 'CSRF_TOKEN_INVALID'].includes(got ?? ''), `${kind} user should pass authorisation: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    });
  }
});

describe('a scoped key sees and changes only its own channel’s or location’s rows', () => {
  for (const [route, run] of Object.entries(narrowing)) test(route, run);
});
