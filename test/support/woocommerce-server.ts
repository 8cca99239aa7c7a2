import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loseAnswer as dropAnswer } from './http-faults.js';

/**
 * A local stand-in for a WooCommerce store's REST API (WordPress REST, wc/v3), speaking its
 * documented shapes, with HTTP Basic authentication by consumer key and secret:
 * - GET /wp-json/wc/v3/orders/{id} → the order (a trashed one too, `status: "trash"`); one deleted
 *   for good or never created → 404 { code: "woocommerce_rest_shop_order_invalid_id", … };
 *   PUT with { status } changes it;
 * - GET /wp-json/wc/v3/orders/{id}/notes → [ { id, author, date_created_gmt, note, customer_note } ];
 *   POST { note, customer_note } → 201 with the note;
 * - the Shipment Tracking extension (when `shipmentTrackingInstalled`):
 *   GET /wp-json/wc-shipment-tracking/v3/orders/{id}/shipment-trackings → [ { tracking_id,
 *   tracking_provider, tracking_link, tracking_number, date_shipped } ]; POST { tracking_provider |
 *   custom_tracking_provider, custom_tracking_link?, tracking_number, date_shipped } → 201;
 * - POST /wp-json/wc/v3/orders/{id}/refunds { amount, reason, api_refund, api_restock, line_items:
 *   [{ id, quantity, refund_total, refund_tax: [{ id, refund_total }] }] } → 201 { id, date_created_gmt,
 *   amount, reason, refunded_payment (= api_refund, whose default is true), line_items }; a line id
 *   not on the order → 400 { code: "woocommerce_rest_invalid_line_item", … }; the order's refunds are
 *   in its GET as refunds: [{ id, reason, total: "-amount" }];
 * - wrong or missing credentials → 401 { code: "woocommerce_rest_cannot_view", … }; any other path →
 *   404 { code: "rest_no_route", … } (what WordPress answers without WooCommerce).
 * Only 127.0.0.1; every request is recorded.
 */

export interface WooNote {
  id: number;
  note: string;
  customer_note: boolean;
}

export interface WooCommerceServer {
  url: string;
  consumerKey: string;
  consumerSecret: string;
  requests: { method: string; path: string; authorization: string | undefined; body: string }[];
  /** The store's orders by id (REST order objects); absent = deleted for good. */
  orders: Map<number, Record<string, unknown>>;
  notes: Map<number, WooNote[]>;
  trackings: Map<number, Record<string, unknown>[]>;
  /** Without the Shipment Tracking extension its routes are 404 rest_no_route. */
  shipmentTrackingInstalled: boolean;
  /** An order the store knows, `processing` unless told, with more of its REST fields (line_items…) when given. */
  addOrder(id: number, status?: string, fields?: Record<string, unknown>): void;
  /** Refunds created, as WooCommerce answered them, by order id. */
  refunds: Map<number, Record<string, unknown>[]>;
  /** The next request whose path starts with `path` answers `status` (WordPress's error shape). */
  failNext(status: number, path?: string): void;
  /** The next request (of `method`, when given) whose path starts with `path` is carried out, but its answer is lost. */
  loseAnswerNext(path: string, method?: string): void;
  close(): Promise<void>;
}

const STATUSES = new Set(['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'trash', 'checkout-draft']);
const NO_ROUTE = ['rest_no_route', 'No route was found matching the URL and request method.'] as const;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

const wpError = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { code, message, data: { status } });

export async function startWooCommerceServer(): Promise<WooCommerceServer> {
  const consumerKey = 'ck_0123456789abcdef0123456789abcdef01234567';
  const consumerSecret = 'cs_76543210fedcba9876543210fedcba9876543210';
  const expected = `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}`;
  let failure: { status: number; path: string } | null = null;
  let lose: { path: string; method: string | undefined } | null = null;
  let nextId = 500;

  const state: WooCommerceServer = {
    url: '',
    consumerKey,
    consumerSecret,
    requests: [],
    orders: new Map(),
    notes: new Map(),
    trackings: new Map(),
    refunds: new Map(),
    shipmentTrackingInstalled: false,
    addOrder(id, status = 'processing', fields = {}) {
      state.orders.set(id, { ...fields, id, status, number: String(id) });
    },
    failNext(status, path = '/') {
      failure = { status, path };
    },
    loseAnswerNext(path, method) {
      lose = { path, method };
    },
    close: async () => undefined,
  };

  function orderRoutes(method: string, id: number, sub: string | undefined, json: Record<string, unknown>, res: ServerResponse): void {
    const order = state.orders.get(id);
    if (!order) return wpError(res, 404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
    if (sub === '/notes') {
      const notes = state.notes.get(id) ?? [];
      if (method === 'GET') return send(res, 200, notes.map((n) => ({ ...n, author: 'system', date_created_gmt: '2025-03-14T12:00:00' })));
      if (method !== 'POST') return wpError(res, 404, ...NO_ROUTE);
      if (typeof json['note'] !== 'string' || json['note'] === '') return wpError(res, 400, 'rest_missing_callback_param', 'Missing parameter(s): note');
      const note = { id: ++nextId, note: json['note'], customer_note: json['customer_note'] === true };
      state.notes.set(id, [...notes, note]);
      return send(res, 201, { ...note, author: 'system', date_created_gmt: '2025-03-14T12:00:00' });
    }
    if (sub === '/refunds') {
      if (method !== 'POST') return wpError(res, 404, ...NO_ROUTE);
      const lines = Array.isArray(order['line_items']) ? (order['line_items'] as { id: number }[]) : [];
      const asked = Array.isArray(json['line_items']) ? (json['line_items'] as { id?: unknown }[]) : [];
      if (asked.some((l) => !lines.some((x) => x.id === l.id))) return wpError(res, 400, 'woocommerce_rest_invalid_line_item', 'Invalid line item ID.');
      const refund = { id: ++nextId, date_created_gmt: '2025-03-20T12:00:00', amount: json['amount'], reason: json['reason'] ?? '', refunded_by: 1, refunded_payment: json['api_refund'] !== false, line_items: asked };
      state.refunds.set(id, [...(state.refunds.get(id) ?? []), refund]);
      return send(res, 201, refund);
    }
    if (method === 'GET') return send(res, 200, { ...order, refunds: (state.refunds.get(id) ?? []).map((r) => ({ id: r['id'], reason: r['reason'], total: `-${String(r['amount'])}` })) });
    if (method !== 'PUT' && method !== 'POST') return wpError(res, 404, ...NO_ROUTE);
    if (json['status'] !== undefined) {
      if (typeof json['status'] !== 'string' || !STATUSES.has(json['status'])) return wpError(res, 400, 'rest_invalid_param', 'Invalid parameter(s): status');
      order['status'] = json['status'];
    }
    return send(res, 200, order);
  }

  function trackingRoutes(method: string, id: number, json: Record<string, unknown>, res: ServerResponse): void {
    if (!state.orders.has(id)) return wpError(res, 404, 'woocommerce_rest_order_invalid_id', 'Invalid order ID.');
    const list = state.trackings.get(id) ?? [];
    if (method === 'GET') return send(res, 200, list);
    if (method !== 'POST') return wpError(res, 404, ...NO_ROUTE);
    const provider = json['tracking_provider'] ?? json['custom_tracking_provider'];
    if (typeof json['tracking_number'] !== 'string' || json['tracking_number'] === '' || typeof provider !== 'string' || provider === '') {
      return wpError(res, 400, 'woocommerce_shipment_tracking_rest_missing_params', 'tracking_number and a provider are required.');
    }
    const item = { tracking_id: `t${++nextId}`, tracking_provider: provider, tracking_link: json['custom_tracking_link'] ?? '', tracking_number: json['tracking_number'], date_shipped: json['date_shipped'] ?? '' };
    state.trackings.set(id, [...list, item]);
    return send(res, 201, item);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      state.requests.push({ method, path, authorization: req.headers.authorization, body });
      if (failure && path.startsWith(failure.path)) {
        const { status } = failure;
        failure = null;
        return wpError(res, status, status >= 500 ? 'internal_server_error' : 'rest_error', 'Failed on purpose.');
      }
      if (lose && path.startsWith(lose.path) && (lose.method === undefined || lose.method === method)) {
        lose = null;
        dropAnswer(req, res);
      }
      const order = /^\/wp-json\/wc\/v3\/orders\/(\d+)(\/notes|\/refunds)?$/.exec(path);
      const tracking = state.shipmentTrackingInstalled ? /^\/wp-json\/wc-shipment-tracking\/v3\/orders\/(\d+)\/shipment-trackings$/.exec(path) : null;
      if (!order && !tracking) return wpError(res, 404, ...NO_ROUTE);
      if (req.headers.authorization !== expected) return wpError(res, 401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.');
      let json: Record<string, unknown> = {};
      if (body !== '') {
        try {
          json = JSON.parse(body) as Record<string, unknown>;
        } catch {
          return wpError(res, 400, 'rest_invalid_json', 'Invalid JSON body passed.');
        }
      }
      if (order?.[1]) return orderRoutes(method, Number(order[1]), order[2], json, res);
      return trackingRoutes(method, Number(tracking?.[1]), json, res);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
