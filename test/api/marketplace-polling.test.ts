// test-files: database server (two polling runs at once claim each channel once (SKIP LOCKED))
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { leaseDuePolls, settlePoll, type ClaimedPoll } from '../../src/modules/channels/index.js';
import { AMAZON_ORDER, AMAZON_ORDER_ITEMS_RESPONSE } from '../../src/modules/channels/domain/fixtures/amazon-order.js';
import { EBAY_ORDER } from '../../src/modules/channels/domain/fixtures/ebay-order.js';
import { pollerForChannel, pollMarketplaces, type PollJobOptions } from '../../src/flows/channels/jobs/poll-marketplaces.js';
import { sealSecret } from '../../src/platform/kernel/secret-box.js';
import { PollError } from '../../src/modules/channels/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { adjust, createApiKey, createChannel, createLocation, createProduct } from '../support/factories.js';
import { AMAZON_CREDENTIALS, EBAY_CREDENTIALS, startMarketplaceServer, type MarketplaceData, type MarketplaceServer } from '../support/marketplace-server.js';
import { startInternalService } from '../support/outbound.js';

type Obj = Record<string, unknown>;
const NOW = new Date('2025-03-15T00:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

const amazonOrder = (id: string, lastUpdate: string, extra: Obj = {}): Obj => ({ ...structuredClone(AMAZON_ORDER), AmazonOrderId: id, SellerOrderId: id, LastUpdateDate: lastUpdate, ...extra });
const amazonItem = (sku: string, orderItemId: string): Obj => ({ ...structuredClone(AMAZON_ORDER_ITEMS_RESPONSE.payload.OrderItems[0]), SellerSKU: sku, OrderItemId: orderItemId });
const ebayOrder = (id: string, lastModified: string): Obj => ({ ...structuredClone(EBAY_ORDER), orderId: id, lastModifiedDate: lastModified });

type Data = MarketplaceData & { ebay: { orders: Obj[] } };

/** What the fake marketplaces hold when a test starts (a test may add to its copy). */
const DATA: Data = {
  amazon: {
    orders: [
      amazonOrder('112-0000001-0000001', '2025-03-14T10:00:00Z'),
      amazonOrder('112-0000002-0000002', '2025-03-14T12:00:00Z'),
      amazonOrder('112-0000003-0000003', '2025-03-14T13:00:00Z', { FulfillmentChannel: 'AFN' }),
      amazonOrder('112-0000004-0000004', '2025-03-14T15:30:00Z'),
    ],
    items: {
      '112-0000001-0000001': [amazonItem('AW-1001', '1001'), amazonItem('AW-1002', '1002')],
      '112-0000002-0000002': [amazonItem('AW-1002', '2001')],
      '112-0000003-0000003': [amazonItem('AW-1002', '3001')],
      '112-0000004-0000004': [amazonItem('AW-1003', '4001')],
    },
  },
  ebay: { orders: [ebayOrder('27-00001-00001', '2025-03-14T09:00:00.000Z'), ebayOrder('27-00002-00002', '2025-03-14T18:23:11.000Z')] },
  amazonPageSize: 2,
  amazonLastUpdatedBefore: '2025-03-14T23:58:00Z',
};

interface PollRow {
  cursor: string | null;
  next_poll_at: Date | string;
  last_polled_at: Date | string | null;
  last_error: string | null;
  consecutive_failures: number;
  last_import_id: string | null;
}

let t: TestApp;
let data: Data;
let server: MarketplaceServer;
let options: PollJobOptions;
const channels: Record<'amazon' | 'ebay' | 'idle', string> = { amazon: '', ebay: '', idle: '' };

async function pollRow(channelId: string): Promise<PollRow | undefined> {
  const [row] = await queryRows<PollRow>(t.database.db, sql`select * from channel_polls where channel_id = ${channelId}`);
  return row;
}
async function externalIds(channelId: string): Promise<string[]> {
  const rows = await queryRows<{ external_id: string }>(t.database.db, sql`select external_id from orders where channel = ${channelId} order by external_id`);
  return rows.map((r) => r.external_id);
}
const ms = (value: Date | string) => new Date(value).getTime();
const tokenRequests = () => server.requests.filter((r) => r.path === '/auth/o2/token' || r.path === '/identity/v1/oauth2/token').map((r) => r.path);

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'MP-WH');
  for (const sku of ['AW-1001', 'AW-1002', 'AW-1003']) {
    await createProduct(t, sku);
    await adjust(t, sku, 'MP-WH', 100);
  }
});
after(() => t.close());

/**
 * Each test has marketplaces of its own (a fake server with a fresh copy of DATA) and channels of
 * its own. The polling job polls every due channel of the database, so a test's channels are
 * deactivated when it ends: the next test's job sees only its own.
 */
beforeEach(async () => {
  data = structuredClone(DATA);
  server = await startMarketplaceServer(data);
  options = { secretKey: t.config.secretKey as Buffer, allowPrivate: true, http: { maxRetries: 0 } };
  const create = async (type: string, body: Obj) => (await createChannel(t, type, body)).id;
  const amazonSettings = { marketplace_ids: ['ATVPDKIKX0DER'], lwa_client_id: AMAZON_CREDENTIALS.clientId, endpoint: server.url, lwa_token_url: `${server.url}/auth/o2/token` };
  channels.amazon = await create('amazon', { secret: AMAZON_CREDENTIALS.clientSecret, access_token: AMAZON_CREDENTIALS.refreshToken, settings: { ...amazonSettings, poll: true } });
  channels.ebay = await create('ebay', { secret: EBAY_CREDENTIALS.clientSecret, access_token: EBAY_CREDENTIALS.refreshToken, settings: { poll: true, client_id: EBAY_CREDENTIALS.clientId, endpoint: server.url, poll_interval_seconds: 10 } });
  // Fully configured, but not asked to poll (`poll: "true"` is not `true`): file imports only.
  channels.idle = await create('amazon', { secret: AMAZON_CREDENTIALS.clientSecret, access_token: AMAZON_CREDENTIALS.refreshToken, settings: { ...amazonSettings, poll: 'true' } });
});
afterEach(async () => {
  for (const id of Object.values(channels)) assert.equal((await t.call('DELETE', `/v1/channels/${id}`)).statusCode, 204);
  await server.close();
});

/**
 * The polling story, step by step: each step's clock and cursors follow from the ones before.
 * A test replays the steps before its own (their assertions included) on a world of its own.
 */
const story: [string, () => Promise<void>][] = [
  ['two concurrent runs poll each channel once; orders captured, an import job each, cursors stored', async () => {
    server.requests.length = 0;
    const runs = await Promise.all([pollMarketplaces(t.database.db, NOW, options), pollMarketplaces(t.database.db, NOW, options)]);
    assert.equal(runs[0].handled + runs[1].handled, 2, 'the amazon and the ebay channel, once each');
    assert.deepEqual(tokenRequests().sort(), ['/auth/o2/token', '/identity/v1/oauth2/token'], 'one token grant per channel');

    // 112-0000003 is Fulfilled by Amazon: filtered at the source (FulfillmentChannels=MFN).
    assert.deepEqual(await externalIds(channels.amazon), ['112-0000001-0000001', '112-0000002-0000002', '112-0000004-0000004']);
    assert.deepEqual(await externalIds(channels.ebay), ['27-00001-00001', '27-00002-00002']);

    const amazon = await pollRow(channels.amazon);
    assert.equal(amazon?.cursor, '2025-03-14T23:58:00Z', 'Amazon’s LastUpdatedBefore');
    assert.equal(amazon?.last_error, null);
    assert.equal(amazon?.consecutive_failures, 0);
    assert.ok(ms(amazon.next_poll_at) >= ms(at(5)) && ms(amazon.next_poll_at) < ms(at(6)), 'default interval 300 s');
    const ebay = await pollRow(channels.ebay);
    assert.equal(ebay?.cursor, '2025-03-14T18:23:11.000Z', 'the latest lastModifiedDate');
    assert.ok(ms(ebay.next_poll_at) >= ms(at(1)) && ms(ebay.next_poll_at) < ms(at(2)), 'poll_interval_seconds 10 is raised to the 60 s minimum');

    const jobs = await queryRows<{ id: string; channel_id: string; format: string; status: string; total: number; imported: number; duplicates: number; rejected: number; actor: string }>(
      t.database.db,
      sql`select * from import_jobs where channel_id in (${channels.amazon}, ${channels.ebay}, ${channels.idle}) order by channel_id`,
    );
    const byChannel = new Map(jobs.map((j) => [j.channel_id, j]));
    assert.equal(jobs.length, 2, 'one import job per polled channel');
    assert.deepEqual(pick(byChannel.get(channels.amazon)), { format: 'amazon', status: 'completed', total: 3, imported: 3, duplicates: 0, rejected: 0 });
    assert.equal(byChannel.get(channels.amazon)?.actor, 'job:marketplace-polling');
    assert.deepEqual(pick(byChannel.get(channels.ebay)), { format: 'ebay', status: 'completed', total: 2, imported: 2, duplicates: 0, rejected: 0 });
    assert.equal(amazon?.last_import_id, byChannel.get(channels.amazon)?.id);
    assert.equal(ebay?.last_import_id, byChannel.get(channels.ebay)?.id);

    // Nothing is due any more: a third run polls nothing.
    assert.equal((await pollMarketplaces(t.database.db, NOW, options)).handled, 0);
  }],

  ['the next run reads from the cursor: known orders are duplicates, new ones imported, cursors advance', async () => {
    data.amazonLastUpdatedBefore = '2025-03-15T00:08:00Z';
    data.ebay.orders.push(ebayOrder('27-00003-00003', '2025-03-15T00:05:00.000Z'));
    server.requests.length = 0;
    const run = await pollMarketplaces(t.database.db, at(10), options);
    assert.equal(run.handled, 2);

    const list = server.requests.find((r) => r.path.startsWith('/orders/v0/orders?'));
    assert.equal(new URL(`http://x${list?.path}`).searchParams.get('LastUpdatedAfter'), '2025-03-14T23:58:00.000Z', 'Amazon is asked from the stored cursor');
    const page = server.requests.find((r) => r.path.startsWith('/sell/fulfillment/v1/order?'));
    assert.equal(new URL(`http://x${page?.path}`).searchParams.get('filter'), 'lastmodifieddate:[2025-03-14T18:23:11.000Z..]', 'eBay is asked from the stored cursor');

    assert.deepEqual(await externalIds(channels.amazon), ['112-0000001-0000001', '112-0000002-0000002', '112-0000004-0000004'], 'nothing new from Amazon');
    assert.deepEqual(await externalIds(channels.ebay), ['27-00001-00001', '27-00002-00002', '27-00003-00003']);
    const amazon = await pollRow(channels.amazon);
    assert.equal(amazon?.cursor, '2025-03-15T00:08:00Z');
    const ebay = await pollRow(channels.ebay);
    assert.equal(ebay?.cursor, '2025-03-15T00:05:00.000Z');
    const [job] = await queryRows<{ id: string; total: number; imported: number; duplicates: number }>(t.database.db, sql`select * from import_jobs where id = ${ebay?.last_import_id ?? ''}`);
    // The cursor's own instant is read again (eBay's filter is inclusive): counted as a duplicate.
    assert.deepEqual([job?.total, job?.imported, job?.duplicates], [2, 1, 1]);
    const amazonJobs = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from import_jobs where channel_id = ${channels.amazon}`);
    assert.equal(amazonJobs[0]?.n, 1, 'an empty poll records no import job');
  }],

  ['throttled (429): the cursor stays, the next poll waits for Retry-After', async () => {
    server.failNext(429, { path: '/orders/v0/orders', retryAfterSeconds: 900 });
    const run = await pollMarketplaces(t.database.db, at(20), options);
    assert.equal(run.handled, 2);
    const amazon = await pollRow(channels.amazon);
    assert.equal(amazon?.cursor, '2025-03-15T00:08:00Z', 'unchanged');
    assert.match(amazon?.last_error ?? '', /RATE_LIMITED/);
    assert.equal(amazon?.consecutive_failures, 1);
    assert.ok(ms(amazon.next_poll_at) >= ms(at(35)), `not before Retry-After: ${String(amazon.next_poll_at)}`);
    assert.equal((await pollMarketplaces(t.database.db, at(34), options)).handled, 1, 'only eBay is due before then');
  }],

  ['refused credentials (401): recorded in last_error, the cursor stays, retried hourly', async () => {
    server.failNext(401, { path: '/auth/o2/token' });
    server.requests.length = 0;
    await pollMarketplaces(t.database.db, at(36), options);
    const amazon = await pollRow(channels.amazon);
    assert.equal(amazon?.cursor, '2025-03-15T00:08:00Z');
    assert.match(amazon?.last_error ?? '', /^HTTP_401: Login with Amazon answered 401/);
    assert.equal(amazon?.consecutive_failures, 2);
    assert.ok(ms(amazon.next_poll_at) >= ms(at(96)), 'slow rate after a failure that waiting does not fix');
    assert.equal(server.requests.filter((r) => r.path.startsWith('/orders/')).length, 0, 'no order read without a token');

    // Once it works again, the failures are cleared.
    await pollMarketplaces(t.database.db, at(97), options);
    const healed = await pollRow(channels.amazon);
    assert.deepEqual([healed?.last_error, healed?.consecutive_failures], [null, 0]);
  }],

  ['a worker that dies mid-poll: its channels wait for the lease to run out, then the same window is read again', async () => {
    const dead = await inTransaction(t.database.db, (tx) => leaseDuePolls(tx, at(103), at(118), 10));
    assert.deepEqual(dead.map((c) => c.channelId).sort(), [channels.amazon, channels.ebay].sort());
    assert.equal((await pollMarketplaces(t.database.db, at(110), options)).handled, 0, 'leased: nobody else polls them');
    server.requests.length = 0;
    assert.equal((await pollMarketplaces(t.database.db, at(119), options)).handled, 2);
    const page = server.requests.find((r) => r.path.startsWith('/sell/fulfillment/v1/order?'));
    assert.equal(new URL(`http://x${page?.path}`).searchParams.get('filter'), 'lastmodifieddate:[2025-03-15T00:05:00.000Z..]');
    // The dead worker's late settle finds its lease gone and writes nothing.
    assert.equal(await settlePoll(t.database.db, dead[0] as ClaimedPoll, { ok: true, cursor: '2030-01-01T00:00:00Z', importId: null, nextPollAt: at(120), at: at(120) }), false);
    assert.notEqual((await pollRow(channels.amazon))?.cursor, '2030-01-01T00:00:00Z');
    assert.notEqual((await pollRow(channels.ebay))?.cursor, '2030-01-01T00:00:00Z');
  }],

  ['without allowPrivate an http endpoint is refused and recorded; a channel without poll: true is never polled', async () => {
    await pollMarketplaces(t.database.db, at(200), { ...options, allowPrivate: false });
    const amazon = await pollRow(channels.amazon);
    assert.match(amazon?.last_error ?? '', /settings\.endpoint must use https/);
    assert.equal(amazon?.cursor, '2025-03-15T00:08:00Z');

    assert.equal(await pollRow(channels.idle), undefined);
    assert.deepEqual(await externalIds(channels.idle), []);
  }],

  ['the API shows where polling stands, and polls now from an earlier instant on request', async () => {
    const state = await t.call('GET', `/v1/channels/${channels.amazon}/poll`);
    assert.equal(state.statusCode, 200, state.body);
    assert.equal(state.json().polling, true);
    assert.equal(state.json().cursor, (await pollRow(channels.amazon))?.cursor);
    assert.match(state.json().last_error, /settings\.endpoint must use https/);
    assert.equal((await t.call('GET', `/v1/channels/${channels.idle}/poll`)).json().polling, false, 'poll: "true" is not true');

    const again = await t.call('POST', `/v1/channels/${channels.amazon}/poll`, { since: '2025-03-01T00:00:00Z' });
    assert.equal(again.statusCode, 202, again.body);
    assert.equal(again.json().cursor, '2025-03-01T00:00:00.000Z');
    assert.ok(Math.abs(ms(again.json().next_poll_at) - Date.now()) < 60_000, 'due now');
    const row = await pollRow(channels.amazon);
    assert.equal(row?.cursor, '2025-03-01T00:00:00.000Z');

    const shop = await createChannel(t, 'shopify');
    const refused = await t.call('POST', `/v1/channels/${shop.id}/poll`, {});
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().code, 'CHANNEL_TYPE_MISMATCH');
    const viewer = await createApiKey(t, 'viewer');
    assert.equal((await t.call('POST', `/v1/channels/${channels.amazon}/poll`, {}, { key: viewer.key })).statusCode, 403, 'a viewer may not poll');
  }],
];

describe('marketplace-polling job', () => {
  for (const [i, [name, step]] of story.entries()) {
    test(name, async () => {
      for (const [, earlier] of story.slice(0, i)) await earlier();
      await step();
    });
  }
});

describe('where a poller connects', () => {
  test('a public-looking name that resolves to loopback is refused when the poller connects, for Amazon and eBay', async () => {
    const internal = await startInternalService();
    try {
      const key = t.config.secretKey as Buffer;
      const endpoint = `https://poller.test:${internal.port}`;
      const sealed = { secretSealed: sealSecret('client-secret', key), accessTokenSealed: sealSecret('refresh-token', key) };
      const strict: PollJobOptions = { ...options, allowPrivate: false, resolve: async (name) => (name === 'poller.test' ? [{ address: '127.0.0.1', family: 4 }] : []) };
      const claims = [
        { type: 'amazon' as const, settings: { marketplace_ids: ['ATVPDKIKX0DER'], lwa_client_id: 'amzn1.application-oa2-client.x', endpoint, lwa_token_url: `${endpoint}/auth/o2/token` }, ...sealed },
        { type: 'ebay' as const, settings: { client_id: 'ebay-client', endpoint }, ...sealed },
      ];
      for (const claim of claims) {
        await assert.rejects(pollerForChannel(claim, strict, () => NOW).poll(null), (e: unknown) => e instanceof PollError && /poller\.test resolves to 127\.0\.0\.1, inside a private network/.test(e.message), claim.type);
      }
      assert.equal(internal.connections, 0, 'nothing connected to the loopback service');
    } finally {
      await internal.close();
    }
  });
});

function pick(job: object | undefined): Obj {
  if (!job) return {};
  const { format, status, total, imported, duplicates, rejected } = job as Obj;
  return { format, status, total, imported, duplicates, rejected };
}
