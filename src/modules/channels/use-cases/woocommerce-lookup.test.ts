import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startWooCommerceServer, type WooCommerceServer } from '../../../../test/support/woocommerce-server.js';
import { WOOCOMMERCE_ORDER } from '../domain/fixtures/woocommerce-order.js';
import { lookUpWooCommerceOrder, type WooCommerceConnection } from './woocommerce-lookup.js';

let store: WooCommerceServer;
let conn: WooCommerceConnection;
const options = { allowPrivate: true, timeoutMs: 2_000 };

before(async () => {
  store = await startWooCommerceServer();
  conn = { storeUrl: store.url, consumerKey: store.consumerKey, consumerSecret: store.consumerSecret };
  store.orders.set(4821, structuredClone(WOOCOMMERCE_ORDER));
});
after(() => store.close());

describe('lookUpWooCommerceOrder: only the store’s own answers count', () => {
  test('an order the store has is found; one it answers Invalid ID for is gone', async () => {
    const found = await lookUpWooCommerceOrder(conn, '4821', options);
    assert.equal(found.kind, 'found');
    assert.deepEqual(await lookUpWooCommerceOrder(conn, '4822', options), { kind: 'gone' });
  });

  test('wrong credentials, a wrong store address or a private address prove nothing', async () => {
    assert.deepEqual(await lookUpWooCommerceOrder({ ...conn, consumerSecret: 'cs_wrong' }, '4821', options), { kind: 'unknown', reason: 'the store answered 401 (woocommerce_rest_cannot_view)' });
    // WordPress without WooCommerce answers 404 too, for every order: not a deletion.
    assert.deepEqual(await lookUpWooCommerceOrder({ ...conn, storeUrl: `${store.url}/blog` }, '4821', options), { kind: 'unknown', reason: 'the store answered 404 (rest_no_route)' });
    const refused = await lookUpWooCommerceOrder(conn, '4821', { allowPrivate: false });
    assert.equal(refused.kind, 'unknown');
    assert.match(refused.kind === 'unknown' ? refused.reason : '', /^settings\.store_url must use https/);
    assert.deepEqual(await lookUpWooCommerceOrder(conn, '../users/1', options), { kind: 'unknown', reason: '"../users/1" is not a WooCommerce order id' });
  });

  test('redirects are not followed and a store that does not answer is no proof', async () => {
    const hits: string[] = [];
    const other = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url?.startsWith('/wp-json/wc/v3/orders/1')) res.writeHead(302, { location: `${store.url}/wp-json/wc/v3/orders/4822` }).end();
      // 2: never answers.
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const storeRequests = store.requests.length;
    try {
      const redirected = await lookUpWooCommerceOrder({ ...conn, storeUrl: url }, '1', options);
      assert.deepEqual(redirected, { kind: 'unknown', reason: 'the store answered 302 without JSON' });
      const silent = await lookUpWooCommerceOrder({ ...conn, storeUrl: url }, '2', { allowPrivate: true, timeoutMs: 200 });
      assert.deepEqual(silent, { kind: 'unknown', reason: 'the store could not be asked (no answer within 200 ms)' });
      assert.equal(store.requests.length, storeRequests, 'the redirect was not followed');
    } finally {
      other.closeAllConnections();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
