// test-files: embedded database is enough (the relay runs alone, to count what it hands on)
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { startMetricsListener } from '../../src/apps/api/metrics-endpoint.js';
import { importCommand } from '../../src/apps/import-command.js';
import { jobsFor } from '../../src/apps/worker/jobs.js';
import type { Job } from '../../src/apps/worker/runner.js';
import { pollMarketplaces } from '../../src/flows/channels/jobs/poll-marketplaces.js';
import { signShopify, signWooCommerce } from '../../src/modules/channels/domain/signatures.js';
import { EBAY_ORDER } from '../../src/modules/channels/domain/fixtures/ebay-order.js';
import { SHOPIFY_ORDER } from '../../src/modules/channels/domain/fixtures/shopify-order.js';
import { WOOCOMMERCE_ORDER } from '../../src/modules/channels/domain/fixtures/woocommerce-order.js';
import type { Database } from '../../src/platform/db/database.js';
import { AuthFailureLimiter } from '../../src/platform/http/auth-failures.js';
import { buildTestApp, ROOT_ADMIN_KEY, type TestApp } from '../support/app.js';
import { adjust, createLocation, createProduct, orderBody } from '../support/factories.js';
import { EBAY_CREDENTIALS, startMarketplaceServer, type MarketplaceServer } from '../support/marketplace-server.js';

/**
 * /metrics: installation-wide numbers, so never public (OMS_METRICS_TOKEN, or OMS_METRICS_LISTEN),
 * labelled from closed lists only; oms_orders_captured_total counts every capture path.
 */
const METRICS_TOKEN = 'oms_metrics_token_for_tests_0123456789abcdef';
const CLIENT_CHANNEL_NAME = 'acme-secret-storefront';
const SHOP_SECRET = 'shopify-app-secret-for-metrics-tests';
const WOO_SECRET = 'woocommerce-secret-for-metrics-tests';

let t: TestApp;
let relay: Job;
let marketplace: MarketplaceServer;
let dir: string;
const channels: Record<'shopify' | 'woocommerce' | 'csv' | 'x12' | 'pos' | 'ebay', string> = { shopify: '', woocommerce: '', csv: '', x12: '', pos: '', ebay: '' };

before(async () => {
  t = await buildTestApp({ secrets: { OMS_METRICS_TOKEN: METRICS_TOKEN } });
  const log = { info: () => {}, error: (d: Record<string, unknown>) => assert.fail(String(d['err'])) };
  relay = jobsFor({ config: t.config, engine: t.database.kind, log, metrics: t.metrics }).find((j) => j.name === 'outbox-relay') as Job;
  marketplace = await startMarketplaceServer({ ebay: { orders: [{ ...structuredClone(EBAY_ORDER), orderId: '27-00009-00009', lastModifiedDate: '2025-03-14T09:00:00.000Z' }] } });
  dir = await mkdtemp(join(tmpdir(), 'oms-metrics-'));
  await createLocation(t, 'MX-WH');
  await createLocation(t, 'MX-STORE', { type: 'store' });
  for (const sku of ['AW-1001', 'AW-1002', 'AW-1003', 'MX-1']) {
    await createProduct(t, sku);
    await adjust(t, sku, 'MX-WH', 100);
  }
  await adjust(t, 'MX-1', 'MX-STORE', 10);
  const create = async (body: Record<string, unknown>) => {
    const res = await t.call('POST', '/v1/channels', body);
    assert.equal(res.statusCode, 201, res.body);
    return (res.json() as { id: string }).id;
  };
  channels.shopify = await create({ type: 'shopify', name: 'Shop', secret: SHOP_SECRET });
  channels.woocommerce = await create({ type: 'woocommerce', name: 'Woo', secret: WOO_SECRET });
  channels.csv = await create({ type: 'csv', name: 'Sheet' });
  channels.pos = await create({ type: 'pos', name: 'Tills', locations: ['MX-STORE'] });
  channels.x12 = await create({ type: 'x12', name: 'EDI', settings: { partner_isa_qualifier: 'ZZ', partner_isa_id: 'BUYERCO', our_isa_qualifier: 'ZZ', our_isa_id: 'OMSSELLER' } });
  channels.ebay = await create({ type: 'ebay', name: 'eBay', secret: EBAY_CREDENTIALS.clientSecret, access_token: EBAY_CREDENTIALS.refreshToken, settings: { poll: true, client_id: EBAY_CREDENTIALS.clientId, endpoint: marketplace.url } });
});
after(async () => {
  await marketplace.close();
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const scrape = async () => {
  const res = await t.call('GET', '/metrics', undefined, { key: METRICS_TOKEN });
  assert.equal(res.statusCode, 200, res.body);
  return res.body;
};
/** What the process's relay counts once the capture's events are handed on. */
async function relayAll(): Promise<void> {
  for (let round = 0; round < 20; round++) if (!(await relay.run(t.database.db, new Date())).more) return;
}
function sample(body: string, metric: string, label: string, value: string): number {
  const match = new RegExp(`^${metric}\\{${label}="${value}"\\} (\\d+)$`, 'm').exec(body);
  return match ? Number(match[1]) : 0;
}
const captured = (body: string, type: string) => sample(body, 'oms_orders_captured_total', 'channel_type', type);

/** Runs a capture, relays, and answers by how much each channel type's count grew. */
async function capturedBy(capture: () => Promise<void>): Promise<Record<string, number>> {
  await relayAll();
  const before = await scrape();
  await capture();
  await relayAll();
  const afterwards = await scrape();
  const grown: Record<string, number> = {};
  for (const type of ['api', 'shopify', 'woocommerce', 'csv', 'x12', 'pos', 'ebay', 'amazon']) {
    const delta = captured(afterwards, type) - captured(before, type);
    if (delta !== 0) grown[type] = delta;
  }
  return grown;
}

describe('who may read /metrics', () => {
  test('without OMS_METRICS_TOKEN the API port serves no metrics, not even to an admin key', async () => {
    const open = await buildTestApp();
    try {
      for (const key of [null, ROOT_ADMIN_KEY]) {
        const res = await open.call('GET', '/metrics', undefined, { key });
        assert.equal(res.statusCode, 404, res.body);
        assert.equal(res.json().code, 'METRICS_DISABLED');
      }
    } finally {
      await open.close();
    }
  });

  test('with OMS_METRICS_TOKEN: only `Bearer <token>` reads them; no key, an API key or a near miss is refused', async () => {
    const none = await t.call('GET', '/metrics', undefined, { key: null });
    assert.equal(none.statusCode, 401, none.body);
    assert.equal(none.json().code, 'AUTH_MISSING');
    for (const key of [ROOT_ADMIN_KEY, `${METRICS_TOKEN}x`, METRICS_TOKEN.slice(0, -1)]) {
      const res = await t.call('GET', '/metrics', undefined, { key });
      assert.equal(res.statusCode, 401, key);
      assert.equal(res.json().code, 'AUTH_INVALID');
    }
    const ok = await t.call('GET', '/metrics', undefined, { key: METRICS_TOKEN });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.match(String(ok.headers['content-type']), /^text\/plain/);
    assert.match(ok.body, /^# TYPE oms_orders_captured_total counter$/m);
    assert.match(ok.body, /^oms_http_request_duration_seconds_count\{method="GET",route="\/metrics",status_code="401"\} \d+$/m);
  });

  test('OMS_METRICS_LISTEN: the same metrics on an address of their own, with the token when one is set', async () => {
    const server = await startMetricsListener({ host: '127.0.0.1', port: 0, token: METRICS_TOKEN, db: t.database.db, metrics: t.metrics, authFailures: new AuthFailureLimiter(), log: { error: () => {} } });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      assert.equal((await fetch(`${base}/metrics`)).status, 401);
      assert.equal((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${ROOT_ADMIN_KEY}` } })).status, 401);
      const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(ok.status, 200);
      assert.match(await ok.text(), /^# TYPE oms_relay_backlog gauge$/m);
      assert.equal((await fetch(`${base}/v1/orders`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status, 404, 'nothing else is served there');
    } finally {
      server.close();
    }
  });
});

describe('oms_orders_captured_total counts every capture path, by channel type', () => {
  test('POST /v1/orders: counted as api, under no name a client chose', async () => {
    const grown = await capturedBy(async () => {
      const res = await t.call('POST', '/v1/orders', orderBody([{ sku: 'MX-1', quantity: 1 }], { channel: CLIENT_CHANNEL_NAME }));
      assert.equal(res.statusCode, 201, res.body);
    });
    assert.deepEqual(grown, { api: 1 });
    const body = await scrape();
    assert.ok(!body.includes(CLIENT_CHANNEL_NAME), 'a channel name a client sent is no label');
    for (const id of Object.values(channels)) assert.ok(!body.includes(id), `channel id ${id} is no label`);
    assert.ok(sample(body, 'oms_allocation_outcomes_total', 'outcome', 'allocated') >= 1, 'the capture’s allocation outcome is counted too');
  });

  test('Shopify and WooCommerce webhooks: counted once each, a repeated delivery not again', async () => {
    const shopify = JSON.stringify(SHOPIFY_ORDER);
    const shopifyHeaders = { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopify(shopify, SHOP_SECRET), 'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043', 'x-shopify-triggered-at': new Date().toISOString() };
    const woo = JSON.stringify(WOOCOMMERCE_ORDER);
    const wooHeaders = { 'content-type': 'application/json', 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-signature': signWooCommerce(woo, WOO_SECRET), 'x-wc-webhook-delivery-id': '7311', 'x-wc-webhook-id': '12' };
    const grown = await capturedBy(async () => {
      for (let i = 0; i < 2; i++) {
        const s = await t.app.inject({ method: 'POST', url: `/v1/channels/${channels.shopify}/webhooks/shopify`, payload: shopify, headers: shopifyHeaders });
        assert.equal(s.statusCode, 200, s.body);
        const w = await t.app.inject({ method: 'POST', url: `/v1/channels/${channels.woocommerce}/webhooks/woocommerce`, payload: woo, headers: wooHeaders });
        assert.equal(w.statusCode, 200, w.body);
      }
    });
    assert.deepEqual(grown, { shopify: 1, woocommerce: 1 });
  });

  test('an import through the API: each imported order counted', async () => {
    const mapping = encodeURIComponent(JSON.stringify({ external_id: 'order', sku: 'sku', quantity: 'qty', unit_price: 'price', currency: 'currency' }));
    const grown = await capturedBy(async () => {
      const res = await t.call('POST', `/v1/channels/${channels.csv}/imports?format=csv&mapping=${mapping}`, 'order,sku,qty,price,currency\nIMP-1,MX-1,1,5.00,USD\nIMP-2,MX-1,2,5.00,USD\n', { headers: { 'content-type': 'text/csv' } });
      assert.ok(res.statusCode < 300, res.body);
    });
    assert.deepEqual(grown, { csv: 2 });
  });

  test('`oms import`: orders imported by the command (a process with no metrics) are counted by the relay that hands them on', async () => {
    const file = join(dir, 'orders.csv');
    await writeFile(file, 'order,sku,qty,price,currency\nCLI-1,MX-1,1,5.00,USD\n');
    const mapping = JSON.stringify({ external_id: 'order', sku: 'sku', quantity: 'qty', unit_price: 'price', currency: 'currency' });
    // The command's own database handle is the test's (kept open when the command closes it).
    const database: Database = { ...t.database, close: async () => {} };
    const grown = await capturedBy(async () => {
      const quiet = new PassThrough();
      quiet.resume();
      const code = await importCommand([file, '--format', 'csv', '--channel', channels.csv, '--mapping', mapping], async () => database, quiet as unknown as NodeJS.WriteStream, quiet);
      assert.equal(code, 0);
    });
    assert.deepEqual(grown, { csv: 1 });
  });

  test('an X12 850: each accepted purchase order counted', async () => {
    const isa = ['ISA', '00', '          ', '00', '          ', 'ZZ', 'BUYERCO        ', 'ZZ', 'OMSSELLER      ', '261127', '0350', 'U', '00401', '000000101', '0', 'P', '>'].join('*');
    const interchange =
      `${isa}~GS*PO*BUYERCO*OMSSELLER*20261127*0350*501*X*004010~ST*850*0001~BEG*00*SA*PO-MX-1**20261125~CUR*BY*USD~` +
      'N1*ST*BUYER CO DC 7*92*0007~N3*100 MAIN ST~N4*SPRINGFIELD*IL*62701*US~PO1*1*2*EA*12.50**SK*MX-1~CTT*1*2~SE*9*0001~GE*1*501~IEA*1*000000101~';
    const grown = await capturedBy(async () => {
      const res = await t.call('POST', `/v1/channels/${channels.x12}/x12`, interchange, { headers: { 'content-type': 'application/edi-x12' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /AK9\*A\*1\*1\*1/, 'the 850 was accepted');
    });
    assert.deepEqual(grown, { x12: 1 });
  });

  test('a POS sale: counted as pos', async () => {
    const grown = await capturedBy(async () => {
      const res = await t.call('POST', `/v1/channels/${channels.pos}/pos-sales`, { external_id: 'RCPT-1', location: 'MX-STORE', currency: 'USD', lines: [{ sku: 'MX-1', quantity: 1, unit_price: '10.00' }] });
      assert.equal(res.statusCode, 201, res.body);
    });
    assert.deepEqual(grown, { pos: 1 });
  });

  test('marketplace polling (eBay): counted as ebay', async () => {
    const grown = await capturedBy(async () => {
      const run = await pollMarketplaces(t.database.db, new Date('2025-03-15T00:00:00Z'), { secretKey: t.config.secretKey as Buffer, allowPrivate: true, http: { maxRetries: 0 } });
      assert.equal(run.handled, 1);
    });
    assert.deepEqual(grown, { ebay: 1 });
  });
});
