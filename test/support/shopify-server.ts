import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for a Shopify store's REST Admin API (2024-10), for the calls the fulfillment
 * push makes, in the documented shapes:
 * - GET /admin/api/2024-10/orders/{id}/fulfillment_orders.json → { fulfillment_orders: [{ id, shop_id,
 *   order_id, assigned_location_id, request_status, status, supported_actions, line_items: [{ id,
 *   shop_id, fulfillment_order_id, quantity, line_item_id, inventory_item_id, fulfillable_quantity,
 *   variant_id }] }] };
 * - GET /admin/api/2024-10/orders/{id}.json?fields=… → { order: { id, line_items: [{ id, variant_id,
 *   sku, quantity, fulfillable_quantity, … }] } } (only the fields asked for);
 * - GET /admin/api/2024-10/orders/{id}/fulfillments.json → { fulfillments: [...] } (as created here);
 * - POST /admin/api/2024-10/fulfillments.json { fulfillment: { line_items_by_fulfillment_order,
 *   tracking_info, notify_customer } } → 201 { fulfillment: { id, order_id, status, tracking_company,
 *   tracking_number(s), tracking_url(s), line_items, … } }; quantities beyond what is fulfillable or
 *   a closed fulfillment order → 422 { errors: [...] }.
 * - POST /admin/api/2024-10/fulfillments/{id}/cancel.json → 200 { fulfillment: { …, status:
 *   "cancelled" } }, its units fulfillable again (their fulfillment orders open); one cancelled
 *   before → 422 { errors: ["Fulfillment is already cancelled."] }; unknown → 404.
 * - GET /admin/api/2024-10/orders/{id}/transactions.json → { transactions: [{ id, order_id, kind,
 *   gateway, status, amount, currency, parent_id }] } (as seeded);
 * - POST /admin/api/2024-10/orders/{id}/refunds.json { refund: { currency, notify, note, shipping,
 *   refund_line_items: [{ line_item_id, quantity, restock_type }], transactions } } → 201 { refund:
 *   { id, order_id, note, restock, refund_line_items: [{ id, line_item_id, quantity, restock_type,
 *   subtotal }], transactions: [{ id, kind: "refund", status: "success", parent_id, amount, gateway }] } };
 *   a line item not on the order or more units than it has → 422 { errors: { refund_line_items: [...] } };
 *   the order's refunds are in GET orders/{id}.json.
 * Every call needs `X-Shopify-Access-Token` (else 401 { errors: "[API] Invalid API key or access
 * token (unrecognized login or wrong password)" }); unknown orders are 404 { errors: "Not Found" }.
 * Only 127.0.0.1; every request is recorded.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ShopifyLineItem {
  id: number;
  variant_id: number;
  sku: string;
  quantity: number;
}

export interface ShopifyFulfillmentOrderSeed {
  id: number;
  assigned_location_id: number;
  status?: 'open' | 'in_progress' | 'closed' | 'cancelled' | 'on_hold' | 'scheduled' | 'incomplete';
  /** Fulfillment-order line item id, order line item id, quantity. */
  line_items: { id: number; line_item_id: number; quantity: number }[];
}

export interface ShopifyServer {
  url: string;
  requests: RecordedRequest[];
  /** The store's order: its line items and fulfillment orders. */
  addOrder(order: { id: number; line_items: ShopifyLineItem[]; fulfillment_orders: ShopifyFulfillmentOrderSeed[]; transactions?: { id: number; kind: string; status: string; gateway: string; amount: string }[] }): void;
  /** Refunds created, as Shopify stored them. */
  refunds: Record<string, unknown>[];
  /** Fulfillments created, as Shopify stored them (status `cancelled` once cancelled). */
  fulfillments: Record<string, unknown>[];
  /** Ids of the fulfillments cancelled, in order. */
  cancellations: number[];
  /**
   * The next request (whose path contains `path`, when given) answers `status` with Shopify's
   * error shape (429 with Retry-After), `times` in a row (default 1).
   */
  failNext(status: 401 | 403 | 404 | 422 | 429 | 500 | 502 | 503, options?: { retryAfterSeconds?: number; times?: number; path?: string; errors?: unknown }): void;
  close(): Promise<void>;
}

const SHOP_ID = 548380009;

interface FoState {
  id: number;
  order_id: number;
  assigned_location_id: number;
  status: string;
  line_items: { id: number; line_item_id: number; quantity: number; fulfillable_quantity: number; variant_id: number; inventory_item_id: number }[];
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export async function startShopifyServer(accessToken: string): Promise<ShopifyServer> {
  const requests: RecordedRequest[] = [];
  const fulfillments: Record<string, unknown>[] = [];
  const cancellations: number[] = [];
  /** What each fulfillment took from which fulfillment-order line item: given back on cancel. */
  const taken = new Map<number, { li: FoState['line_items'][number]; quantity: number; fo: FoState }[]>();
  const orders = new Map<number, { line_items: ShopifyLineItem[]; fos: FoState[]; transactions: { id: number; kind: string; status: string; gateway: string; amount: string }[] }>();
  const refunds: Record<string, unknown>[] = [];
  let nextRefundId = 9_200_000_001;
  const failures: { status: number; retryAfterSeconds?: number; path?: string; errors?: unknown }[] = [];
  let nextFulfillmentId = 4_100_000_001;

  const errorBody = (status: number): unknown =>
    ({
      401: '[API] Invalid API key or access token (unrecognized login or wrong password)',
      403: 'This action requires merchant approval for write_merchant_managed_fulfillment_orders scope.',
      404: 'Not Found',
      422: ['Fulfillment order 0 has an unfulfillable status= closed.'],
      429: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.',
    })[status] ?? 'Internal Server Error';

  const foView = (fo: FoState) => ({
    id: fo.id,
    shop_id: SHOP_ID,
    order_id: fo.order_id,
    assigned_location_id: fo.assigned_location_id,
    request_status: 'unsubmitted',
    status: fo.status,
    supported_actions: fo.status === 'open' || fo.status === 'in_progress' ? ['create_fulfillment', 'hold', 'move'] : [],
    destination: null,
    line_items: fo.line_items.map((li) => ({ id: li.id, shop_id: SHOP_ID, fulfillment_order_id: fo.id, quantity: li.quantity, line_item_id: li.line_item_id, inventory_item_id: li.inventory_item_id, fulfillable_quantity: li.fulfillable_quantity, variant_id: li.variant_id })),
    fulfillment_service_handle: 'manual',
    fulfill_at: null,
    fulfill_by: null,
    international_duties: null,
    fulfillment_holds: [],
    delivery_method: { id: 1, method_type: 'shipping' },
    created_at: '2025-03-14T10:31:10-04:00',
    updated_at: '2025-03-14T10:31:10-04:00',
    assigned_location: { address1: null, city: null, country_code: 'US', location_id: fo.assigned_location_id, name: 'Warehouse', phone: null, province: null, zip: null },
    merchant_requests: [],
  });

  function createFulfillment(body: unknown): { status: number; body: unknown } {
    const f = (body as { fulfillment?: Record<string, unknown> } | null)?.fulfillment;
    const groups = f?.['line_items_by_fulfillment_order'];
    if (!f || !Array.isArray(groups) || groups.length === 0) return { status: 400, body: { errors: { fulfillment: 'Required parameter missing or invalid' } } };
    const errors: string[] = [];
    const touched: { li: FoState['line_items'][number]; quantity: number; fo: FoState }[] = [];
    let orderId: number | null = null;
    const lineItems: Record<string, unknown>[] = [];
    for (const g of groups as { fulfillment_order_id?: unknown; fulfillment_order_line_items?: { id?: unknown; quantity?: unknown }[] }[]) {
      const fo = [...orders.values()].flatMap((o) => o.fos).find((x) => x.id === g.fulfillment_order_id);
      if (!fo) {
        errors.push(`Fulfillment order ${String(g.fulfillment_order_id)} does not exist.`);
        continue;
      }
      if (fo.status !== 'open' && fo.status !== 'in_progress') errors.push(`Fulfillment order ${fo.id} has an unfulfillable status= ${fo.status}.`);
      orderId = fo.order_id;
      const items = g.fulfillment_order_line_items ?? fo.line_items.map((li) => ({ id: li.id, quantity: li.fulfillable_quantity }));
      for (const item of items) {
        const li = fo.line_items.find((x) => x.id === item.id);
        const quantity = typeof item.quantity === 'number' ? item.quantity : NaN;
        if (!li) errors.push(`Fulfillment order line item ${String(item.id)} does not belong to fulfillment order ${fo.id}.`);
        else if (!Number.isInteger(quantity) || quantity < 1 || quantity > li.fulfillable_quantity) errors.push(`Invalid fulfillment order line item quantity requested.`);
        else {
          touched.push({ li, quantity, fo });
          const line = orders.get(fo.order_id)?.line_items.find((l) => l.id === li.line_item_id);
          lineItems.push({ id: li.line_item_id, variant_id: li.variant_id, sku: line?.sku ?? null, quantity, fulfillment_status: 'fulfilled' });
        }
      }
    }
    if (errors.length > 0) return { status: 422, body: { errors } };
    for (const t of touched) t.li.fulfillable_quantity -= t.quantity;
    for (const o of orders.values()) for (const fo of o.fos) if (fo.line_items.every((li) => li.fulfillable_quantity === 0)) fo.status = 'closed';
    const tracking = (f['tracking_info'] ?? {}) as { company?: string | null; number?: string; numbers?: string[]; url?: string; urls?: string[] };
    const numbers = tracking.numbers ?? (tracking.number ? [tracking.number] : []);
    const urls = tracking.urls ?? (tracking.url ? [tracking.url] : []);
    const fulfillment = {
      id: nextFulfillmentId++,
      order_id: orderId,
      status: 'success',
      shipment_status: null,
      service: 'manual',
      name: `#1042.${fulfillments.length + 1}`,
      tracking_company: tracking.company ?? null,
      tracking_number: numbers[0] ?? null,
      tracking_numbers: numbers,
      tracking_url: urls[0] ?? null,
      tracking_urls: urls,
      line_items: lineItems,
      notify_customer: f['notify_customer'] === true,
      created_at: '2025-03-15T09:00:00-04:00',
      updated_at: '2025-03-15T09:00:00-04:00',
    };
    fulfillments.push(fulfillment);
    taken.set(fulfillment.id, touched);
    return { status: 201, body: { fulfillment } };
  }

  function cancelFulfillment(id: number): { status: number; body: unknown } {
    const fulfillment = fulfillments.find((f) => f['id'] === id);
    if (!fulfillment) return { status: 404, body: { errors: errorBody(404) } };
    if (fulfillment['status'] === 'cancelled') return { status: 422, body: { errors: ['Fulfillment is already cancelled.'] } };
    for (const t of taken.get(id) ?? []) {
      t.li.fulfillable_quantity += t.quantity;
      t.fo.status = 'open';
    }
    fulfillment['status'] = 'cancelled';
    fulfillment['updated_at'] = '2025-03-15T11:00:00-04:00';
    cancellations.push(id);
    return { status: 200, body: { fulfillment } };
  }

  function createRefund(orderId: number, body: unknown): { status: number; body: unknown } {
    const order = orders.get(orderId);
    if (!order) return { status: 404, body: { errors: errorBody(404) } };
    const r = (body as { refund?: Record<string, unknown> } | null)?.refund;
    if (!r) return { status: 400, body: { errors: { refund: 'Required parameter missing or invalid' } } };
    const items = Array.isArray(r['refund_line_items']) ? (r['refund_line_items'] as { line_item_id?: unknown; quantity?: unknown; restock_type?: unknown }[]) : [];
    const errors: string[] = [];
    const refundLineItems = items.map((item, i) => {
      const line = order.line_items.find((l) => l.id === item.line_item_id);
      if (!line) errors.push(`Line item ${String(item.line_item_id)} does not belong to the order.`);
      else if (typeof item.quantity !== 'number' || item.quantity < 1 || item.quantity > line.quantity) errors.push('Quantity cannot refund more items than were purchased.');
      return { id: nextRefundId + 1000 + i, line_item_id: item.line_item_id, quantity: item.quantity, restock_type: item.restock_type ?? 'no_restock', subtotal: line ? (Number((line as unknown as { price?: string }).price ?? 0) * Number(item.quantity)).toFixed(2) : '0.00' };
    });
    if (errors.length > 0) return { status: 422, body: { errors: { refund_line_items: errors } } };
    const id = nextRefundId++;
    const transactions = (Array.isArray(r['transactions']) ? (r['transactions'] as Record<string, unknown>[]) : []).map((t, i) => ({ id: id + 500 + i, order_id: orderId, kind: 'refund', status: 'success', parent_id: t['parent_id'], amount: t['amount'], gateway: t['gateway'] }));
    const refund = { id, order_id: orderId, note: r['note'] ?? null, restock: false, created_at: '2025-03-20T09:00:00-04:00', refund_line_items: refundLineItems, transactions, order_adjustments: [] };
    refunds.push(refund);
    return { status: 201, body: { refund } };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, headers: req.headers, body });
      if (req.headers['x-shopify-access-token'] !== accessToken) return send(res, 401, { errors: errorBody(401) });
      const failure = failures.findIndex((f) => f.path === undefined || url.pathname.includes(f.path));
      if (failure >= 0) {
        const [f] = failures.splice(failure, 1);
        if (f) return send(res, f.status, { errors: f.errors ?? errorBody(f.status) }, f.status === 429 ? { 'retry-after': (f.retryAfterSeconds ?? 2).toFixed(1) } : {});
      }
      const prefix = '/admin/api/2024-10';
      let m: RegExpMatchArray | null;
      if (req.method === 'GET' && (m = url.pathname.match(new RegExp(`^${prefix}/orders/(\\d+)/fulfillment_orders\\.json$`)))) {
        const order = orders.get(Number(m[1]));
        if (!order) return send(res, 404, { errors: errorBody(404) });
        return send(res, 200, { fulfillment_orders: order.fos.map(foView) });
      }
      if (req.method === 'GET' && (m = url.pathname.match(new RegExp(`^${prefix}/orders/(\\d+)/fulfillments\\.json$`)))) {
        const id = Number(m[1]);
        if (!orders.has(id)) return send(res, 404, { errors: errorBody(404) });
        return send(res, 200, { fulfillments: fulfillments.filter((f) => f['order_id'] === id) });
      }
      if (req.method === 'GET' && (m = url.pathname.match(new RegExp(`^${prefix}/orders/(\\d+)\\.json$`)))) {
        const id = Number(m[1]);
        const order = orders.get(id);
        if (!order) return send(res, 404, { errors: errorBody(404) });
        const full: Record<string, unknown> = {
          id,
          name: '#1042',
          line_items: order.line_items.map((l) => ({ ...l, fulfillable_quantity: order.fos.flatMap((fo) => fo.line_items).filter((li) => li.line_item_id === l.id).reduce((n, li) => n + li.fulfillable_quantity, 0), requires_shipping: true })),
          refunds: refunds.filter((r) => r['order_id'] === id),
        };
        const fields = url.searchParams.get('fields')?.split(',').map((f) => f.trim());
        return send(res, 200, { order: fields ? Object.fromEntries(Object.entries(full).filter(([k]) => fields.includes(k))) : full });
      }
      if (req.method === 'GET' && (m = url.pathname.match(new RegExp(`^${prefix}/orders/(\\d+)/transactions\\.json$`)))) {
        const order = orders.get(Number(m[1]));
        if (!order) return send(res, 404, { errors: errorBody(404) });
        return send(res, 200, { transactions: order.transactions.map((t) => ({ ...t, order_id: Number(m?.[1]), currency: 'USD', parent_id: null })) });
      }
      if (req.method === 'POST' && (m = url.pathname.match(new RegExp(`^${prefix}/orders/(\\d+)/refunds\\.json$`)))) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          return send(res, 400, { errors: 'Unparsable JSON' });
        }
        const out = createRefund(Number(m[1]), parsed);
        return send(res, out.status, out.body);
      }
      if (req.method === 'POST' && url.pathname === `${prefix}/fulfillments.json`) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          return send(res, 400, { errors: 'Unparsable JSON' });
        }
        const out = createFulfillment(parsed);
        return send(res, out.status, out.body);
      }
      if (req.method === 'POST' && (m = url.pathname.match(new RegExp(`^${prefix}/fulfillments/(\\d+)/cancel\\.json$`)))) {
        const out = cancelFulfillment(Number(m[1]));
        return send(res, out.status, out.body);
      }
      send(res, 404, { errors: errorBody(404) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fulfillments,
    cancellations,
    refunds,
    addOrder(order) {
      orders.set(order.id, {
        transactions: order.transactions ?? [],
        line_items: order.line_items,
        fos: order.fulfillment_orders.map((fo) => ({
          id: fo.id,
          order_id: order.id,
          assigned_location_id: fo.assigned_location_id,
          status: fo.status ?? 'open',
          line_items: fo.line_items.map((li) => {
            const line = order.line_items.find((l) => l.id === li.line_item_id);
            return { ...li, fulfillable_quantity: li.quantity, variant_id: line?.variant_id ?? 0, inventory_item_id: (line?.variant_id ?? 0) + 1 };
          }),
        })),
      });
    },
    failNext(status, options = {}) {
      for (let i = 0; i < (options.times ?? 1); i++) failures.push({ status, ...options });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
