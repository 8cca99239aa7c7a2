import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { EBAY_CREDENTIALS, ebayAccessToken, startMarketplaceServer, type MarketplaceServer } from '../../../../test/support/marketplace-server.js';
import { loopbackFetch } from '../../../../test/support/outbound.js';
import { mapEbayOrder } from '../domain/ebay.js';
import { EBAY_ORDER } from '../domain/fixtures/ebay-order.js';
import { ebayPoller } from './ebay.js';
import { PollError } from './poller.js';

type Obj = Record<string, unknown>;
const NOW = new Date('2025-03-15T00:00:00Z');
const ebayOrder = (id: string, lastModified: string): Obj => ({ ...structuredClone(EBAY_ORDER), orderId: id, lastModifiedDate: lastModified });

const ORDERS = [
  ebayOrder('27-00001-00001', '2025-03-14T09:00:00.000Z'),
  ebayOrder('27-00002-00002', '2025-03-14T18:23:11.000Z'),
  ebayOrder('27-00003-00003', '2025-03-14T19:00:00.000Z'),
  ebayOrder('27-00004-00004', '2025-03-14T20:45:30.500Z'),
];

let server: MarketplaceServer;
before(async () => {
  server = await startMarketplaceServer({ ebay: { orders: ORDERS } });
});
after(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const refreshing = (limit = 2) => ebayPoller({ ...EBAY_CREDENTIALS, endpoint: server.url, fetch: loopbackFetch, limit, now: () => NOW });

describe('eBay poller against a documented-shape Sell Fulfillment API', () => {
  test('a refresh-token grant, then every page of orders changed since the cursor; each order maps', async () => {
    const result = await refreshing().poll('2025-03-14T18:00:00Z');
    assert.deepEqual(result.orders.map((o) => (o as Obj)['orderId']), ['27-00002-00002', '27-00003-00003', '27-00004-00004']);
    assert.equal(result.cursor, '2025-03-14T20:45:30.500Z');
    for (const o of result.orders) assert.deepEqual(mapEbayOrder(o, 'ebay-us').problems, []);

    const [grant, ...pages] = server.requests;
    assert.equal(grant?.path, '/identity/v1/oauth2/token');
    assert.equal(grant?.headers.authorization, `Basic ${Buffer.from(`${EBAY_CREDENTIALS.clientId}:${EBAY_CREDENTIALS.clientSecret}`).toString('base64')}`);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(grant?.body)), {
      grant_type: 'refresh_token',
      refresh_token: EBAY_CREDENTIALS.refreshToken,
      scope: 'https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly',
    });
    assert.equal(pages.length, 2);
    const first = new URL(pages[0]?.path ?? '', 'http://x');
    assert.equal(first.pathname, '/sell/fulfillment/v1/order');
    assert.equal(first.searchParams.get('filter'), 'lastmodifieddate:[2025-03-14T18:00:00.000Z..]');
    assert.equal(first.searchParams.get('limit'), '2');
    assert.equal(first.searchParams.get('offset'), '0');
    assert.equal(new URL(pages[1]?.path ?? '', 'http://x').searchParams.get('offset'), '2');
    assert.match(String(pages[0]?.headers.authorization), /^Bearer v\^1\.1/);
  });

  test('a given access token is used as is; the first poll sends no filter (eBay: last 90 days)', async () => {
    const token = await ebayAccessToken(server);
    server.requests.length = 0;
    const result = await ebayPoller({ accessToken: token, endpoint: server.url, fetch: loopbackFetch }).poll(null);
    assert.equal(result.orders.length, 4);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]?.headers.authorization, `Bearer ${token}`);
    assert.equal(new URL(server.requests[0]?.path ?? '', 'http://x').searchParams.has('filter'), false);
  });

  test('nothing new: the cursor stays where it was', async () => {
    const result = await refreshing().poll('2025-03-14T22:00:00Z');
    assert.deepEqual(result, { orders: [], cursor: '2025-03-14T22:00:00Z' });
  });

  test('a bad token is a PollError at once; a throttled page waits Retry-After and is asked again', async () => {
    await assert.rejects(ebayPoller({ accessToken: 'expired', endpoint: server.url, fetch: loopbackFetch }).poll(null), (e: unknown) => e instanceof PollError && e.status === 401 && !e.retryable && /Invalid access token/.test(e.message));
    const waits: number[] = [];
    const sleep = (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    };
    server.failNext(429, { retryAfterSeconds: 30, times: 2, path: '/sell/' });
    const result = await ebayPoller({ ...EBAY_CREDENTIALS, endpoint: server.url, fetch: loopbackFetch, sleep }).poll(null);
    assert.equal(result.orders.length, 4);
    assert.deepEqual(waits, [30_000, 30_000]);
    server.failNext(429, { retryAfterSeconds: 30, times: 3, path: '/sell/' });
    await assert.rejects(ebayPoller({ ...EBAY_CREDENTIALS, endpoint: server.url, fetch: loopbackFetch, sleep, maxRetries: 2 }).poll(null), (e: unknown) => e instanceof PollError && e.retryable && e.retryAfterSeconds === 30);
  });
});
