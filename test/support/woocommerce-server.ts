import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for a WooCommerce store's REST API v3, for the one call the OMS makes to check
 * an `order.deleted` webhook, in the documented shapes:
 * - GET /wp-json/wc/v3/orders/{id} with HTTP Basic consumer_key:consumer_secret → 200 the order
 *   (a trashed order too, with `status: "trash"`); an order deleted for good or never created →
 *   404 { code: "woocommerce_rest_shop_order_invalid_id", message: "Invalid ID.", data: { status: 404 } }.
 * - wrong or missing credentials → 401 { code: "woocommerce_rest_cannot_view", … }.
 * - any other path → 404 { code: "rest_no_route", … } (what WordPress answers without WooCommerce).
 * Only 127.0.0.1; every request is recorded.
 */
export interface WooCommerceServer {
  url: string;
  requests: { method: string; path: string; authorization: string | undefined }[];
  /** The store's orders by id (REST order objects); absent = deleted for good. */
  orders: Map<number, Record<string, unknown>>;
  consumerKey: string;
  consumerSecret: string;
  close(): Promise<void>;
}

function problem(code: string, message: string, status: number): string {
  return JSON.stringify({ code, message, data: { status } });
}

export async function startWooCommerceServer(): Promise<WooCommerceServer> {
  const requests: WooCommerceServer['requests'] = [];
  const orders = new Map<number, Record<string, unknown>>();
  const consumerKey = 'ck_0123456789abcdef0123456789abcdef01234567';
  const consumerSecret = 'cs_76543210fedcba9876543210fedcba9876543210';
  const expected = `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}`;
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path, authorization: req.headers.authorization });
    res.setHeader('content-type', 'application/json; charset=UTF-8');
    const match = /^\/wp-json\/wc\/v3\/orders\/(\d+)$/.exec(path);
    if (!match || req.method !== 'GET') {
      res.writeHead(404).end(problem('rest_no_route', 'No route was found matching the URL and request method.', 404));
      return;
    }
    if (req.headers.authorization !== expected) {
      res.writeHead(401).end(problem('woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.', 401));
      return;
    }
    const order = orders.get(Number(match[1]));
    if (!order) {
      res.writeHead(404).end(problem('woocommerce_rest_shop_order_invalid_id', 'Invalid ID.', 404));
      return;
    }
    res.writeHead(200).end(JSON.stringify(order));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    orders,
    consumerKey,
    consumerSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
