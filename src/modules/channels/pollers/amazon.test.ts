import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { AMAZON_CREDENTIALS, startMarketplaceServer, type MarketplaceServer } from '../../../../test/support/marketplace-server.js';
import { loopbackFetch } from '../../../../test/support/outbound.js';
import { mapAmazonOrder } from '../domain/amazon.js';
import { AMAZON_ORDER, AMAZON_ORDER_ITEMS_RESPONSE } from '../domain/fixtures/amazon-order.js';
import { amazonPoller, type AmazonPollerConfig } from './amazon.js';
import { PollError } from './poller.js';

type Obj = Record<string, unknown>;
const NOW = new Date('2025-03-15T00:00:00Z');

function amazonOrder(id: string, lastUpdate: string, extra: Obj = {}): Obj {
  return { ...structuredClone(AMAZON_ORDER), AmazonOrderId: id, SellerOrderId: id, LastUpdateDate: lastUpdate, ...extra };
}
const item = (sku: string, orderItemId: string): Obj => ({ ...structuredClone(AMAZON_ORDER_ITEMS_RESPONSE.payload.OrderItems[0]), SellerSKU: sku, OrderItemId: orderItemId });

const ORDERS = [
  amazonOrder('112-0000001-0000001', '2025-03-14T10:00:00Z'),
  amazonOrder('112-0000002-0000002', '2025-03-14T12:00:00Z'),
  amazonOrder('112-0000003-0000003', '2025-03-14T13:00:00Z', { FulfillmentChannel: 'AFN' }),
  amazonOrder('112-0000004-0000004', '2025-03-14T15:30:00Z'),
];
const ITEMS: Record<string, Obj[]> = {
  '112-0000001-0000001': [item('AW-1001', '1001'), item('AW-1002', '1002'), item('AW-1003', '1003')],
  '112-0000002-0000002': [item('AW-1002', '2001')],
  '112-0000003-0000003': [item('AW-1002', '3001')],
  '112-0000004-0000004': [item('AW-1001', '4001')],
};

let server: MarketplaceServer;
before(async () => {
  server = await startMarketplaceServer({ amazon: { orders: ORDERS, items: ITEMS }, amazonPageSize: 2, amazonItemsPageSize: 2, amazonLastUpdatedBefore: '2025-03-14T23:58:00Z' });
});
after(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

function poller(edit: Partial<AmazonPollerConfig> = {}) {
  return amazonPoller({ ...AMAZON_CREDENTIALS, marketplaceIds: ['ATVPDKIKX0DER'], endpoint: server.url, tokenUrl: `${server.url}/auth/o2/token`, now: () => NOW, fetch: loopbackFetch, ...edit });
}

describe('Amazon poller against a documented-shape SP-API', () => {
  test('token, restricted data token, every page of orders and of items; each order maps', async () => {
    const result = await poller().poll('2025-03-14T11:00:00Z');
    const orders = result.orders as { order: Obj; items: Obj[] }[];
    // 112-0000001 is older than since; 112-0000003 is AFN, filtered at the source
    assert.deepEqual(orders.map((o) => o.order['AmazonOrderId']), ['112-0000002-0000002', '112-0000004-0000004']);
    assert.equal(result.cursor, '2025-03-14T23:58:00Z');
    for (const o of orders) {
      const mapped = mapAmazonOrder(o, 'amazon-us');
      assert.deepEqual(mapped.problems, [], 'read with an RDT, the address is complete');
      assert.equal(mapped.order?.shipping_address?.line1, '1200 SW Example Ave');
    }

    const [lwa, rdt, list, ...rest] = server.requests;
    assert.equal(lwa?.method, 'POST');
    assert.equal(lwa?.path, '/auth/o2/token');
    assert.match(String(lwa?.headers['content-type']), /application\/x-www-form-urlencoded/);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(lwa?.body)), { grant_type: 'refresh_token', refresh_token: AMAZON_CREDENTIALS.refreshToken, client_id: AMAZON_CREDENTIALS.clientId, client_secret: AMAZON_CREDENTIALS.clientSecret });
    assert.equal(rdt?.path, '/tokens/2021-03-01/restrictedDataToken');
    assert.deepEqual(JSON.parse(rdt?.body ?? ''), { restrictedResources: [{ method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] }] });
    const query = new URL(list?.path ?? '', 'http://x').searchParams;
    assert.equal(query.get('MarketplaceIds'), 'ATVPDKIKX0DER');
    assert.equal(query.get('LastUpdatedAfter'), '2025-03-14T11:00:00.000Z');
    assert.equal(query.get('FulfillmentChannels'), 'MFN');
    assert.match(String(list?.headers['x-amz-access-token']), /^Atz\.sprdt\|/, 'getOrders reads with the RDT');
    assert.deepEqual(rest.map((r) => r.path), ['/orders/v0/orders/112-0000002-0000002/orderItems', '/orders/v0/orders/112-0000004-0000004/orderItems']);
    assert.match(String(rest[0]?.headers['x-amz-access-token']), /^Atza\|lwa/);
  });

  test('a list spanning pages follows NextToken; items spanning pages are joined', async () => {
    const result = await poller({ fulfillmentChannels: ['MFN', 'AFN'] }).poll('2025-03-01T00:00:00Z');
    const orders = result.orders as { order: Obj; items: Obj[] }[];
    assert.equal(orders.length, 4);
    assert.deepEqual(orders[0]?.items.map((i) => i['OrderItemId']), ['1001', '1002', '1003']);
    const pages = server.requests.filter((r) => r.path.startsWith('/orders/v0/orders?'));
    assert.equal(pages.length, 2);
    assert.ok(new URL(pages[1]?.path ?? '', 'http://x').searchParams.get('NextToken'), 'the second page is asked for with the NextToken');
    assert.equal(server.requests.filter((r) => r.path.startsWith('/orders/v0/orders/112-0000001-0000001/orderItems')).length, 2);
  });

  test('the access token is reused across polls until it nears expiry', async () => {
    const p = poller();
    await p.poll('2025-03-14T15:00:00Z');
    await p.poll('2025-03-14T15:00:00Z');
    assert.equal(server.requests.filter((r) => r.path === '/auth/o2/token').length, 1);
  });

  test('without restricted data the addresses come back bare, and the mapper says why it refuses them', async () => {
    const result = await poller({ restrictedData: false }).poll('2025-03-14T15:00:00Z');
    assert.equal(server.requests.some((r) => r.path.startsWith('/tokens/')), false);
    const mapped = mapAmazonOrder(result.orders[0], 'amazon-us');
    assert.deepEqual(mapped.problems.map((p) => p.field), ['ShippingAddress']);
    assert.match(mapped.problems[0]?.message ?? '', /Restricted Data Token/);
  });

  test('since is clamped to two minutes ago (Amazon refuses later); the first poll reads 30 days', async () => {
    await poller().poll('2025-03-15T00:00:00Z');
    const first = server.requests.find((r) => r.path.startsWith('/orders/v0/orders?'));
    assert.equal(new URL(first?.path ?? '', 'http://x').searchParams.get('LastUpdatedAfter'), '2025-03-14T23:58:00.000Z');
    server.requests.length = 0;
    await poller().poll(null);
    const initial = server.requests.find((r) => r.path.startsWith('/orders/v0/orders?'));
    assert.equal(new URL(initial?.path ?? '', 'http://x').searchParams.get('LastUpdatedAfter'), '2025-02-12T23:58:00.000Z');
  });

  test('a throttled getOrderItems waits 2 s (Amazon refills one request every 2 s) and is asked again', async () => {
    const waits: number[] = [];
    const sleep = (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    };
    server.failNext(429, { times: 2, path: '/orders/v0/orders/112-0000004-0000004/orderItems' });
    const result = await poller({ sleep }).poll('2025-03-14T15:00:00Z');
    assert.equal(result.orders.length, 1);
    assert.deepEqual(waits, [2000, 2000]);
    server.failNext(429, { times: 2, path: '/orders/' });
    await assert.rejects(
      poller({ sleep, maxRetries: 1 }).poll('2025-03-14T15:00:00Z'),
      (e: unknown) => e instanceof PollError && e.status === 429 && e.retryable && /QuotaExceeded/.test(e.message),
    );
  });

  test('wrong credentials are a PollError that is not retryable', async () => {
    await assert.rejects(poller({ refreshToken: 'Atzr|revoked' }).poll('2025-03-14T15:00:00Z'), (e: unknown) => e instanceof PollError && e.status === 400 && !e.retryable && /invalid_grant/.test(e.message));
    await assert.rejects(poller().poll('not a date'), (e: unknown) => e instanceof PollError && e.code === 'BAD_CURSOR');
  });

  test('a stalled answer times out; the caller’s signal aborts', async () => {
    server.stallNext();
    await assert.rejects(poller({ timeoutMs: 200 }).poll('2025-03-14T15:00:00Z'), (e: unknown) => e instanceof PollError && e.code === 'TIMEOUT' && e.retryable);
    server.stallNext();
    const controller = new AbortController();
    const polling = poller().poll('2025-03-14T15:00:00Z', controller.signal);
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    await assert.rejects(polling, /shutting down/);
  });
});
