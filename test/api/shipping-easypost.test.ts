import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { startEasyPostServer, type EasyPostServer } from '../support/easypost-server.js';
import { startInternalService } from '../support/outbound.js';
import { adjust, createLocation, createProduct, orderBody, type OrderJson } from '../support/factories.js';

/**
 * The aggregator connection end to end: rates and labels come from a local server speaking
 * EasyPost's documented API, and its signed tracker webhooks move our shipments.
 */
const API_KEY = 'EZTK_test_key';
const HOOK_SECRET = 'whsec-easypost-test';

let t: TestApp;
let ep: EasyPostServer;
let webhookUrl: string;

before(async () => {
  ep = await startEasyPostServer({ apiKey: API_KEY, webhookSecret: HOOK_SECRET });
  // The installation lets carriers name EP_API_KEY (OMS_CARRIER_SECRET_NAMES, set by buildTestApp from `secrets`).
  t = await buildTestApp({ secrets: { EP_API_KEY: API_KEY } });
  // The tenant's own key and webhook secret: sealed, never shown again.
  const carrier = await t.call('PUT', '/v1/carriers/easypost', { name: 'EasyPost', kind: 'easypost', easypost: { base_url: ep.url, api_key: API_KEY, webhook_secret: HOOK_SECRET } });
  assert.equal(carrier.statusCode, 201, carrier.body);
  assert.ok(!carrier.body.includes(API_KEY) && !carrier.body.includes(HOOK_SECRET), 'secrets are never echoed');
  assert.deepEqual(carrier.json().easypost, { base_url: ep.url, has_api_key: true, api_key_env: null, has_webhook_secret: true, webhook_secret_env: null });
  webhookUrl = carrier.json().webhook_url;
  await t.call('PUT', '/v1/boxes/MEDIUM', { inner_mm: { length: 400, width: 300, height: 200 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.10' });
  await createLocation(t, 'EWR', { address: { line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' });
  await createProduct(t, 'EP-SKU', { dimensions_mm: { length: 200, width: 150, height: 100 }, weight_grams: 900 });
  await adjust(t, 'EP-SKU', 'EWR', 50);
});
after(async () => {
  await t.close();
  await ep.close();
});

async function shipOne(): Promise<{ id: string; order_id: string; tracking_number: string; service: string; status: string }> {
  const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'EP-SKU', quantity: 1 }]))).json() as OrderJson;
  const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[];
  assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/pack`, {})).statusCode, 200);
  const shipped = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/ship`, {});
  assert.equal(shipped.statusCode, 201, shipped.body);
  return shipped.json();
}

describe('an EasyPost-format aggregator', () => {
  test('quotes its carriers’ services through the one connection', async () => {
    const res = await t.call('POST', '/v1/rates', { from: 'EWR', to: { line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' }, packages: [{ weight_grams: 1000, dimensions_mm: { length: 300, width: 200, height: 100 } }] });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { rates: { carrier: string; service: string }[]; chosen: { carrier: string; service: string } };
    assert.equal(body.rates.length, 9);
    assert.ok(body.rates.every((r) => r.carrier === 'easypost' && /^(usps|ups|fedex):/.test(r.service)), JSON.stringify(body.rates));
    assert.equal(body.chosen.carrier, 'easypost');
    assert.ok(ep.requests.some((r) => r.method === 'POST' && r.path === '/v2/shipments'), `a shipment was created at EasyPost: ${JSON.stringify(ep.requests.map((r) => `${r.method} ${r.path}`))}`);
  });

  test('buys the chosen label and keeps the carrier’s label files', async () => {
    const shipment = await shipOne();
    assert.equal(shipment.status, 'label_created');
    assert.ok(ep.requests.some((r) => r.method === 'POST' && /\/v2\/shipments\/[^/]+\/buy$/.test(r.path)), `and bought: ${JSON.stringify(ep.requests.map((r) => `${r.method} ${r.path}`))}`);
    const pdf = await t.call('GET', `/v1/shipments/${shipment.id}/label.pdf`);
    assert.equal(pdf.statusCode, 200, pdf.body);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const zpl = await t.call('GET', `/v1/shipments/${shipment.id}/label.zpl`);
    assert.match(zpl.body, /^\^XA[\s\S]*\^XZ\s*$/);
  });

  test('a signed tracker webhook moves the shipment; a wrong signature is refused and changes nothing', async () => {
    const shipment = await shipOne();
    const body = ep.scan(shipment.tracking_number, { status: 'in_transit', datetime: new Date(Date.now() - 60_000).toISOString(), message: 'Departed facility', tracking_location: { city: 'Newark', state: 'NJ', country: 'US', zip: '07102' } } as never);
    const forged = await t.call('POST', webhookUrl, JSON.parse(body), { key: null, headers: { 'x-hmac-signature': `hmac-sha256-hex=${'0'.repeat(64)}` } });
    assert.equal(forged.statusCode, 401, forged.body);
    assert.equal(forged.json().code, 'CARRIER_SIGNATURE_INVALID');
    const unsigned = await t.call('POST', webhookUrl, JSON.parse(body), { key: null });
    assert.equal(unsigned.statusCode, 401, unsigned.body);
    assert.equal((await t.call('GET', `/v1/shipments/${shipment.id}`)).json().status, 'label_created');

    const send = () => t.app.inject({ method: 'POST', url: webhookUrl, payload: body, headers: { 'content-type': 'application/json', 'x-hmac-signature': ep.signEvent(body) } });
    const first = await send();
    assert.equal(first.statusCode, 200, first.body);
    assert.ok(first.json().applied >= 1, first.body);
    assert.equal((await t.call('GET', `/v1/shipments/${shipment.id}`)).json().status, 'in_transit');
    const count = async () => Number((await queryRows<{ n: string }>(t.database.db, sql`select count(*) as n from shipment_events where shipment_id = ${shipment.id}`))[0]?.n);
    const recorded = await count();
    assert.equal(recorded, first.json().received);
    // The same delivery again (webhooks are at-least-once) changes nothing.
    const again = await send();
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().applied, 0);
    assert.equal(await count(), recorded);
  });

  test('the sealed secrets are kept when the connection is replaced without them, and are never shown', async () => {
    const renamed = await t.call('PUT', '/v1/carriers/easypost', { name: 'EasyPost (renamed)', kind: 'easypost', easypost: { base_url: ep.url } });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.deepEqual([renamed.json().easypost.has_api_key, renamed.json().easypost.has_webhook_secret], [true, true]);
    const listed = await t.call('GET', '/v1/carriers');
    assert.ok(!listed.body.includes(API_KEY) && !listed.body.includes(HOOK_SECRET), `the carrier listing shows neither secret: ${listed.body}`);
    const [row] = await queryRows<{ settings: unknown; api_key_sealed: unknown }>(t.database.db, sql`select settings, api_key_sealed from carriers where code = 'easypost'`);
    assert.ok(!JSON.stringify(row).includes(API_KEY), 'the database holds the key sealed only');
    const rates = await t.call('POST', '/v1/rates', { from: 'EWR', to: { line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' }, packages: [{ weight_grams: 1000, dimensions_mm: { length: 300, width: 200, height: 100 } }] });
    assert.equal(rates.json().rates.length, 9, rates.body);
  });

  test('an installation variable on the list may stand for the key', async () => {
    const put = await t.call('PUT', '/v1/carriers/ep-env', { name: 'EasyPost by variable', kind: 'easypost', easypost: { base_url: ep.url, api_key_env: 'EP_API_KEY' } });
    assert.equal(put.statusCode, 201, put.body);
    assert.deepEqual(put.json().easypost, { base_url: ep.url, has_api_key: false, api_key_env: 'EP_API_KEY', has_webhook_secret: false, webhook_secret_env: null });
    const rates = await t.call('POST', '/v1/rates', { from: 'EWR', to: { line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' }, packages: [{ weight_grams: 1000, dimensions_mm: { length: 300, width: 200, height: 100 } }] });
    assert.equal((rates.json().rates as { carrier: string }[]).filter((r) => r.carrier === 'ep-env').length, 9, rates.body);
    assert.equal((await t.call('DELETE', '/v1/carriers/ep-env')).statusCode, 204);
  });

  test('a label file URL that redirects is not followed: the redirect target is never read', async () => {
    const internal = await startInternalService((_req, res) => res.end('^XA^FDinternal secret^FS^XZ'));
    const redirector = await startInternalService((req, res) => res.writeHead(302, { location: `${internal.url}${req.url ?? '/'}` }).end());
    ep.labelOrigin(redirector.url);
    try {
      const shipment = await shipOne();
      assert.equal(redirector.requests.length, 2, 'the PDF and the ZPL were asked where the aggregator said');
      assert.equal(internal.connections, 0, 'the redirect target was never contacted');
      for (const file of ['label.zpl', 'label.pdf']) {
        const label = await t.call('GET', `/v1/shipments/${shipment.id}/${file}`);
        assert.ok(!label.body.includes('internal secret'), `${file}: ${label.body.slice(0, 200)}`);
      }
    } finally {
      ep.labelOrigin(null);
      await internal.close();
      await redirector.close();
    }
  });

  test('voiding asks the aggregator for a refund first', async () => {
    const shipment = await shipOne();
    const voided = await t.call('POST', `/v1/shipments/${shipment.id}/void`, {});
    assert.equal(voided.statusCode, 200, voided.body);
    assert.ok(ep.requests.some((r) => r.method === 'POST' && r.path.endsWith('/refund')), `a refund was requested at EasyPost: ${JSON.stringify(ep.requests.map((r) => `${r.method} ${r.path}`))}`);
  });

  test('a capture is promised a date through the aggregator, and a stalled aggregator does not hold the capture', async () => {
    const promised = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'EP-SKU', quantity: 1 }]))).json() as OrderJson;
    assert.equal(((await t.call('GET', `/v1/orders/${promised.id}/promises`)).json().data as unknown[]).length, 1);
    ep.stallNext();
    const started = Date.now();
    const stalled = await t.call('POST', '/v1/orders', orderBody([{ sku: 'EP-SKU', quantity: 1 }]));
    assert.equal(stalled.statusCode, 201, stalled.body);
    assert.ok(Date.now() - started < 10_000, `capture took ${Date.now() - started} ms`);
    assert.deepEqual((await t.call('GET', `/v1/orders/${(stalled.json() as OrderJson).id}/promises`)).json().data, []);
  });

  test('a carrier outage answers 502 and buys nothing', async () => {
    const order = (await t.call('POST', '/v1/orders', orderBody([{ sku: 'EP-SKU', quantity: 1 }]))).json() as OrderJson;
    const [fo] = (await t.call('GET', `/v1/fulfillment-orders?order_id=${order.id}`)).json().data as { id: string }[];
    assert.equal((await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/pack`, {})).statusCode, 200);
    const before = await queryRows<{ n: string }>(t.database.db, sql`select count(*) as n from shipments`);
    ep.failNext(503);
    const res = await t.call('POST', `/v1/fulfillment-orders/${fo?.id}/ship`, {});
    // The rate call failed: nothing could be quoted, so nothing was bought.
    assert.equal(res.statusCode, 502, res.body);
    assert.equal(res.json().code, 'CARRIER_UNAVAILABLE');
    const after = await queryRows<{ n: string }>(t.database.db, sql`select count(*) as n from shipments`);
    assert.equal(after[0]?.n, before[0]?.n);
    assert.equal((await t.call('GET', `/v1/fulfillment-orders/${fo?.id}`)).json().status, 'packed');
  });
});
