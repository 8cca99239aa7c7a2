import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { signShopify } from '../../src/modules/channels/domain/signatures.js';
import { SHOPIFY_ORDER } from '../../src/modules/channels/domain/fixtures/shopify-order.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createApiKey, createChannel, createLocation, createProduct } from '../support/factories.js';

const OLD_SECRET = 'shopify-app-secret-before-rotation';
const NEW_SECRET = 'shopify-app-secret-after-rotation';
const NEW_TOKEN = 'shpat_rotated_admin_api_token_0001';
const PARTNER = { partner_isa_qualifier: 'ZZ', partner_isa_id: 'CHGBUYER', our_isa_qualifier: 'ZZ', our_isa_id: 'CHGSELLER' };

type Shop = { id: string; webhook_url: string; name: string };

let t: TestApp;
let orderSeq = 0;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'CHG-WH');
  await createLocation(t, 'CHG-STORE');
  for (const sku of ['AW-1001', 'AW-1002', 'AW-1003']) {
    await createProduct(t, sku);
    await adjust(t, sku, 'CHG-WH', 50);
  }
});
after(() => t.close());

/** A Shopify channel of the test's own, with OLD_SECRET, selling from CHG-WH. */
async function newShop(): Promise<Shop> {
  return (await createChannel(t, 'shopify', { secret: OLD_SECRET, locations: ['CHG-WH'] })) as Shop;
}

/** A fresh Shopify orders/create delivery to `shop` (new order id each time), signed with `secret`. */
function deliver(shop: Shop, secret: string) {
  const id = 5550009990000 + ++orderSeq;
  const body = JSON.stringify({ ...SHOPIFY_ORDER, id, admin_graphql_api_id: `gid://shopify/Order/${id}`, name: `#CHG${orderSeq}` });
  return t.app.inject({ method: 'POST', url: shop.webhook_url, payload: body, headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': signShopify(body, secret), 'x-shopify-topic': 'orders/create' } });
}

async function updatedEvents(channelId: string) {
  return queryRows<{ data: Record<string, unknown> }>(t.database.db, sql`select data from events where aggregate_id = ${channelId} and type = 'channel.updated' order by seq`);
}

function problem(res: Awaited<ReturnType<TestApp['call']>>, status: number, code: string, field?: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(res.json().code, code);
  if (field) assert.ok((res.json().errors as { field: string }[]).some((e) => e.field === field), `names ${field}: ${res.body}`);
}

describe('PATCH /v1/channels/{id}', () => {
  test('rotating the secret: the old signature is refused, the new one creates the order; the new secret is never stored or told in clear', async () => {
    const shop = await newShop();
    assert.equal((await deliver(shop, OLD_SECRET)).statusCode, 200, 'accepted before the rotation');
    const res = await t.call('PATCH', `/v1/channels/${shop.id}`, { secret: NEW_SECRET, access_token: NEW_TOKEN, locations: ['CHG-WH', 'CHG-STORE'] });
    assert.equal(res.statusCode, 200, res.body);
    const view = res.json();
    assert.deepEqual([view.has_secret, view.has_access_token, view.type, view.name], [true, true, 'shopify', shop.name]);
    assert.equal(view.location_ids.length, 2, 'both locations');
    assert.ok(!res.body.includes(NEW_SECRET) && !res.body.includes(NEW_TOKEN), 'never echoed');

    const old = await deliver(shop, OLD_SECRET);
    assert.equal(old.statusCode, 401, old.body);
    assert.equal(old.json().code, 'CHANNEL_SIGNATURE_INVALID');
    const fresh = await deliver(shop, NEW_SECRET);
    assert.equal(fresh.statusCode, 200, fresh.body);
    assert.equal(fresh.json().outcome, 'created');
    assert.equal((await t.call('GET', `/v1/orders/${fresh.json().order_id}`)).json().channel, shop.id);

    const [row] = await queryRows<{ secret_sealed: Buffer; access_token_sealed: Buffer }>(t.database.db, sql`select secret_sealed, access_token_sealed from channels where id = ${shop.id}`);
    assert.ok(row, 'the channel row');
    for (const [sealed, clear] of [[row.secret_sealed, NEW_SECRET], [row.access_token_sealed, NEW_TOKEN]] as const) {
      assert.ok(sealed.length > clear.length, 'something is stored');
      assert.ok(!Buffer.from(sealed).toString('latin1').includes(clear), 'not stored in clear');
    }
    const [event] = await updatedEvents(shop.id);
    assert.ok(event, 'channel.updated appended');
    assert.deepEqual(event.data['fields'], ['locations', 'secret', 'access_token']);
    assert.deepEqual([event.data['secret'], event.data['access_token']], ['rotated', 'rotated']);
    const everything = JSON.stringify(await queryRows(t.database.db, sql`select data from events where aggregate_id = ${shop.id}`));
    assert.ok(!everything.includes(NEW_SECRET) && !everything.includes(NEW_TOKEN) && !everything.includes(OLD_SECRET), 'no event holds a secret');
  });

  test('deactivated with DELETE, re-activated with {active: true}: webhooks are accepted again', async () => {
    const shop = await newShop();
    assert.equal((await t.call('DELETE', `/v1/channels/${shop.id}`)).statusCode, 204);
    assert.equal((await deliver(shop, OLD_SECRET)).statusCode, 401, 'a deactivated channel refuses');
    const res = await t.call('PATCH', `/v1/channels/${shop.id}`, { active: true });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().active, true);
    const accepted = await deliver(shop, OLD_SECRET);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().outcome, 'created');
    assert.deepEqual((await updatedEvents(shop.id)).at(-1)?.data, { fields: ['active'], active: true });
  });

  test('removing the secret: every delivery is refused; the event says removed', async () => {
    const shop = await newShop();
    assert.equal((await t.call('PATCH', `/v1/channels/${shop.id}`, { access_token: NEW_TOKEN })).statusCode, 200);
    const res = await t.call('PATCH', `/v1/channels/${shop.id}`, { secret: null });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().has_secret, res.json().has_access_token], [false, true], 'the secret removed, the access token kept');
    const [row] = await queryRows<{ secret_sealed: Buffer | null }>(t.database.db, sql`select secret_sealed from channels where id = ${shop.id}`);
    assert.equal(row?.secret_sealed, null);
    assert.equal((await deliver(shop, OLD_SECRET)).statusCode, 401, 'no secret: refused');
    assert.deepEqual((await updatedEvents(shop.id)).at(-1)?.data, { fields: ['secret'], secret: 'removed' });
  });

  test('bad settings, a taken name, an unknown channel, an empty or type-changing body, a viewer key: refused, nothing changed', async () => {
    const shop = await newShop();
    const ediId = (await createChannel(t, 'x12', { settings: PARTNER })).id;
    const before = (await t.call('GET', `/v1/channels/${ediId}`)).json();

    // Settings replace the whole object and are checked as on creation: without partner_isa_id the partner is unknown.
    const { partner_isa_id: _dropped, ...incomplete } = PARTNER;
    problem(await t.call('PATCH', `/v1/channels/${ediId}`, { name: 'Renamed partner', settings: { ...incomplete, send_855: false } }), 422, 'X12_PARTNER_SETTINGS_INVALID', 'settings.partner_isa_id');
    problem(await t.call('PATCH', `/v1/channels/${shop.id}`, { settings: { shop_domain: 'https://acme.myshopify.com/' } }), 422, 'CHANNEL_SETTINGS_INVALID', 'settings.shop_domain');
    problem(await t.call('PATCH', `/v1/channels/${ediId}`, { name: shop.name }), 409, 'CHANNEL_NAME_TAKEN', 'name');
    problem(await t.call('PATCH', `/v1/channels/${ediId}`, { locations: ['NO-SUCH-LOCATION'] }), 422, 'LOCATION_UNKNOWN', 'locations[0]');
    problem(await t.call('PATCH', '/v1/channels/chn_00000000000000000000000000', { name: 'Ghost' }), 404, 'CHANNEL_NOT_FOUND');
    assert.equal((await t.call('PATCH', `/v1/channels/${ediId}`, { type: 'shopify' })).statusCode, 400, 'the type cannot change');
    assert.equal((await t.call('PATCH', `/v1/channels/${ediId}`, {})).statusCode, 400, 'at least one field');

    const viewer = await createApiKey(t, 'viewer');
    assert.equal((await t.call('PATCH', `/v1/channels/${ediId}`, { name: 'Viewer rename' }, { key: viewer.key })).statusCode, 403, 'a viewer may not change a channel');

    assert.deepEqual((await t.call('GET', `/v1/channels/${ediId}`)).json(), before, 'stored channel unchanged');
    assert.deepEqual(await updatedEvents(ediId), [], 'no event for a refused change');

    // A valid change goes through: rename and complete settings.
    const ok = await t.call('PATCH', `/v1/channels/${ediId}`, { name: 'Renamed partner', settings: { ...PARTNER, send_855: false } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual([ok.json().name, ok.json().settings.send_855, ok.json().type], ['Renamed partner', false, 'x12']);
    assert.deepEqual((await updatedEvents(ediId)).at(-1)?.data, { fields: ['name', 'settings'], name: 'Renamed partner' });
  });
});
