import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { signShopify, signWooCommerce } from '../../src/modules/channels/domain/signatures.js';
import { SHOPIFY_ORDER } from '../../src/modules/channels/domain/fixtures/shopify-order.js';
import { WOOCOMMERCE_ORDER } from '../../src/modules/channels/domain/fixtures/woocommerce-order.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, stockOf } from '../support/factories.js';

const SHOP_SECRET = 'shopify-app-secret-for-tests';
const WOO_SECRET = 'woocommerce-webhook-secret';

let t: TestApp;
let shop: { id: string; webhook_url: string };
let woo: { id: string; webhook_url: string };

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'CH-WH');
  for (const sku of ['AW-1001', 'AW-1002', 'AW-1003']) {
    await createProduct(t, sku);
    await adjust(t, sku, 'CH-WH', 50);
  }
  const s = await t.call('POST', '/v1/channels', { type: 'shopify', name: 'Main Shopify store', secret: SHOP_SECRET, locations: ['CH-WH'] });
  assert.equal(s.statusCode, 201, s.body);
  shop = s.json();
  const w = await t.call('POST', '/v1/channels', { type: 'woocommerce', name: 'Woo store', secret: WOO_SECRET });
  assert.equal(w.statusCode, 201, w.body);
  woo = w.json();
});
after(() => t.close());

function deliver(url: string, body: string, headers: Record<string, string>) {
  return t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json', ...headers } });
}

describe('channel connections', () => {
  test('the secret is sealed at rest and never echoed', async () => {
    const res = await t.call('GET', `/v1/channels/${shop.id}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().has_secret, true);
    assert.ok(!res.body.includes(SHOP_SECRET), 'the secret is not echoed');
    const [row] = await queryRows<{ secret_sealed: Buffer }>(t.database.db, sql`select secret_sealed from channels where id = ${shop.id}`);
    assert.ok(row && !Buffer.from(row.secret_sealed).toString('latin1').includes(SHOP_SECRET), 'not stored in clear');
    const taken = await t.call('POST', '/v1/channels', { type: 'shopify', name: 'Main Shopify store' });
    assert.equal(taken.statusCode, 409, taken.body);
  });
});

describe('Shopify orders/create webhook', () => {
  const body = JSON.stringify(SHOPIFY_ORDER);
  test('a signed order becomes an order once, however often it is delivered', async () => {
    const headers = { 'x-shopify-hmac-sha256': signShopify(body, SHOP_SECRET), 'x-shopify-topic': 'orders/create' };
    const first = await deliver(shop.webhook_url, body, headers);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().outcome, 'created');
    const again = await deliver(shop.webhook_url, body, headers);
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual([again.json().outcome, again.json().order_id], ['duplicate', first.json().order_id]);
    const order = (await t.call('GET', `/v1/orders/${first.json().order_id}`)).json();
    assert.deepEqual([order.channel, order.external_id], [shop.id, String(SHOPIFY_ORDER.id)]);
    // The money matches the channel to the cent: 60.00 of items + 4.50 of tax + 9.95 shipping = total_price 74.45.
    assert.deepEqual([order.totals.subtotal, order.totals.tax_total, order.totals.shipping_total, order.totals.total], ['60.00', '4.50', '9.95', SHOPIFY_ORDER.total_price]);
    assert.equal(order.money_discrepancy, null);
    // financial_status paid: the ledger opens with the channel's sale, and the order is paid in full.
    assert.deepEqual([order.payment.financial_status, order.payment.paid, order.payment.balance], ['paid', '74.45', '0.00']);
    const ledger = (await t.call('GET', `/v1/orders/${order.id}/transactions`)).json();
    assert.deepEqual(ledger.data.map((x: Record<string, unknown>) => [x.kind, x.amount, x.gateway, x.source]), [['sale', '74.45', 'shopify_payments', 'channel']], 'recorded once, though delivered twice');
    assert.ok(!(first.json().unmapped as { field: string }[]).some((u) => /tax/.test(u.field)), 'taxes are mapped, not reported as unmapped');
  });

  test('a wrong or missing signature is 401 and creates nothing', async () => {
    const before = await queryRows<{ n: string }>(t.database.db, sql`select count(*) as n from orders`);
    const forged = await deliver(shop.webhook_url, body.replace('"id":', '"id" :'), { 'x-shopify-hmac-sha256': signShopify(body, SHOP_SECRET) });
    assert.equal(forged.statusCode, 401, forged.body);
    assert.equal(forged.json().code, 'CHANNEL_SIGNATURE_INVALID');
    assert.equal((await deliver(shop.webhook_url, body, {})).statusCode, 401);
    assert.equal((await deliver(shop.webhook_url, body, { 'x-shopify-hmac-sha256': signShopify(body, 'another-secret') })).statusCode, 401);
    const after = await queryRows<{ n: string }>(t.database.db, sql`select count(*) as n from orders`);
    assert.equal(after[0]?.n, before[0]?.n, 'no order created');
  });

  test('malformed, unknown-SKU and wrong-platform deliveries are refused with the reason', async () => {
    const malformed = JSON.stringify({ ...SHOPIFY_ORDER, id: 'not-a-number', line_items: [] });
    const res = await deliver(shop.webhook_url, malformed, { 'x-shopify-hmac-sha256': signShopify(malformed, SHOP_SECRET) });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().code, 'CHANNEL_PAYLOAD_INVALID');
    const unknown = JSON.stringify({ ...SHOPIFY_ORDER, id: 5550001119999, admin_graphql_api_id: 'gid://shopify/Order/5550001119999', line_items: SHOPIFY_ORDER.line_items.map((l) => ({ ...l, sku: 'NOT-IN-CATALOG' })) });
    const unknownRes = await deliver(shop.webhook_url, unknown, { 'x-shopify-hmac-sha256': signShopify(unknown, SHOP_SECRET) });
    assert.equal(unknownRes.statusCode, 422, unknownRes.body);
    assert.equal(unknownRes.json().code, 'PRODUCT_UNKNOWN_SKU');
    const wrong = await deliver(`/v1/channels/${shop.id}/webhooks/woocommerce`, body, { 'x-wc-webhook-signature': signWooCommerce(body, SHOP_SECRET) });
    assert.equal(wrong.statusCode, 422, wrong.body);
    assert.equal(wrong.json().code, 'CHANNEL_TYPE_MISMATCH');
  });

  test('orders/cancelled cancels the order and releases its stock', async () => {
    // An order of this test's own (its own Shopify id), created first.
    const id = 5550001110001;
    const order = { ...SHOPIFY_ORDER, id, admin_graphql_api_id: `gid://shopify/Order/${id}`, name: '#CH-CANCEL' };
    const createBody = JSON.stringify(order);
    const created = await deliver(shop.webhook_url, createBody, { 'x-shopify-hmac-sha256': signShopify(createBody, SHOP_SECRET), 'x-shopify-topic': 'orders/create' });
    assert.equal(created.statusCode, 200, created.body);
    assert.equal(created.json().outcome, 'created', created.body);
    const sku = SHOPIFY_ORDER.line_items[0]?.sku as string;
    const reservedBefore = (await stockOf(t, sku)).locations.find((l) => l.location === 'CH-WH')?.reserved ?? 0;
    const cancelledBody = JSON.stringify({ ...order, cancelled_at: '2026-11-26T18:00:00-05:00', cancel_reason: 'customer', financial_status: 'voided' });
    const res = await deliver(shop.webhook_url, cancelledBody, { 'x-shopify-hmac-sha256': signShopify(cancelledBody, SHOP_SECRET), 'x-shopify-topic': 'orders/cancelled' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().outcome, 'cancelled', res.body);
    assert.equal(res.json().order_id, created.json().order_id, 'the order the create made');
    assert.equal((await t.call('GET', `/v1/orders/${res.json().order_id}`)).json().status, 'cancelled');
    const reservedAfter = (await stockOf(t, sku)).locations.find((l) => l.location === 'CH-WH')?.reserved ?? 0;
    assert.ok(reservedAfter < reservedBefore, `its stock released: reserved ${reservedBefore} → ${reservedAfter}`);
  });
});

describe('WooCommerce order webhook', () => {
  test('a signed REST v3 order becomes an order; a disconnected channel refuses', async () => {
    const body = JSON.stringify(WOOCOMMERCE_ORDER);
    const headers = { 'x-wc-webhook-signature': signWooCommerce(body, WOO_SECRET), 'x-wc-webhook-topic': 'order.created' };
    const res = await deliver(woo.webhook_url, body, headers);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().outcome, 'created');
    const order = (await t.call('GET', `/v1/orders/${res.json().order_id}`)).json();
    assert.equal(order.external_id, String(WOOCOMMERCE_ORDER.id));
    assert.equal((await t.call('DELETE', `/v1/channels/${woo.id}`)).statusCode, 204);
    assert.equal((await deliver(woo.webhook_url, body, headers)).statusCode, 401, 'a deactivated channel refuses');
  });
});
