import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loseAnswer as dropAnswer } from './http-faults.js';

/**
 * A local stand-in for the marketplace APIs the pollers call, speaking their documented shapes:
 * - Login with Amazon: POST /auth/o2/token (form: grant_type=refresh_token, refresh_token,
 *   client_id, client_secret) → { access_token, token_type, expires_in, refresh_token };
 * - SP-API Tokens: POST /tokens/2021-03-01/restrictedDataToken → { restrictedDataToken, expiresIn };
 * - SP-API Orders v0: GET /orders/v0/orders (MarketplaceIds, LastUpdatedAfter, FulfillmentChannels,
 *   MaxResultsPerPage, NextToken) → { payload: { Orders, NextToken?, LastUpdatedBefore } } and
 *   GET /orders/v0/orders/{id}/orderItems (NextToken) → { payload: { AmazonOrderId, OrderItems,
 *   NextToken? } }; errors as { errors: [{ code, message }] }. Without a restricted data token
 *   the orders' ShippingAddress keeps only City, StateOrRegion, PostalCode, CountryCode and
 *   BuyerInfo is empty, as Amazon does.
 * - eBay OAuth: POST /identity/v1/oauth2/token (HTTP Basic client id:secret; form grant_type,
 *   refresh_token, scope) → { access_token, expires_in, token_type };
 * - eBay Sell Fulfillment: GET /sell/fulfillment/v1/order (filter=lastmodifieddate:[a..b],
 *   limit, offset; Bearer token) → { href, total, limit, offset, next?, orders }.
 * - SP-API confirmShipment: POST /orders/v0/orders/{id}/shipmentConfirmation { marketplaceId,
 *   packageDetail { packageReferenceId, carrierCode, carrierName?, shippingMethod?, trackingNumber,
 *   shipDate, orderItems [{ orderItemId, quantity }] } } → 204; the items' QuantityShipped grow.
 * - eBay: GET /sell/fulfillment/v1/order/{id}; GET …/order/{id}/shipping_fulfillment → { fulfillments,
 *   total }; POST …/order/{id}/shipping_fulfillment { lineItems [{ lineItemId, quantity }],
 *   shippedDate, shippingCarrierCode, trackingNumber } → 201 with `Location` (needs a token minted
 *   with the sell.fulfillment scope, not only .readonly).
 * Only 127.0.0.1; every request is recorded.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface MarketplaceData {
  amazon?: { orders: Record<string, unknown>[]; items: Record<string, Record<string, unknown>[]> };
  ebay?: { orders: Record<string, unknown>[] };
  /** Orders per getOrders page (Amazon's MaxResultsPerPage default is 100). Default 100. */
  amazonPageSize?: number;
  /** Items per getOrderItems page. Default 100. */
  amazonItemsPageSize?: number;
  /** What LastUpdatedBefore answers. */
  amazonLastUpdatedBefore?: string;
}

export const AMAZON_CREDENTIALS = { clientId: 'amzn1.application-oa2-client.example', clientSecret: 'amzn-secret-example', refreshToken: 'Atzr|example-refresh' } as const;
export const EBAY_CREDENTIALS = { clientId: 'Example-OMS-PRD-0123456789', clientSecret: 'PRD-example-secret', refreshToken: 'v^1.1#i^1#r^1#example-refresh' } as const;

export interface MarketplaceServer {
  /** Base URL, e.g. http://127.0.0.1:PORT (SP-API, LWA and eBay paths all live under it). */
  url: string;
  requests: RecordedRequest[];
  /**
   * The next request (whose path starts with `path`, when given) answers this status with the
   * platform's error shape; `times` requests in a row (default 1).
   */
  failNext(status: number, options?: { retryAfterSeconds?: number; times?: number; path?: string }): void;
  /** The next request is never answered (until close). */
  stallNext(): void;
  /** The next request (of `method`, when given) whose path starts with `path` is carried out, but its answer is lost (the connection drops). */
  loseAnswerNext(path: string, method?: string): void;
  /** Shipment confirmations Amazon accepted, in order. */
  amazonConfirmations: { orderId: string; body: Record<string, unknown> }[];
  /** eBay shipping fulfillments per order id. */
  ebayFulfillments: Map<string, Record<string, unknown>[]>;
  close(): Promise<void>;
}

const PII_ADDRESS_FIELDS = ['Name', 'AddressLine1', 'AddressLine2', 'AddressLine3', 'Phone', 'CompanyName', 'AddressType'];

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const amazonError = (code: string, message: string) => ({ errors: [{ code, message }] });
const ebayError = (errorId: number, message: string) => ({ errors: [{ errorId, domain: 'API_FULFILLMENT', category: 'REQUEST', message }] });

const token = (kind: string, n: number) => `${kind}-${String(n).padStart(4, '0')}`;
const encodeToken = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
const decodeToken = (text: string): Record<string, unknown> | null => {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

export async function startMarketplaceServer(data: MarketplaceData): Promise<MarketplaceServer> {
  const requests: RecordedRequest[] = [];
  const lwaTokens = new Set<string>();
  const rdts = new Set<string>();
  const ebayTokens = new Map<string, string>();
  const amazonConfirmations: { orderId: string; body: Record<string, unknown> }[] = [];
  const ebayFulfillments = new Map<string, Record<string, unknown>[]>();
  let loseAnswer: { path: string; method: string | undefined } | null = null;
  let issued = 0;
  let failure: { status: number; retryAfter?: number; times: number; path: string } | null = null;
  let stall = false;
  const stalled: ServerResponse[] = [];

  function amazonOrdersList(url: URL, access: string, res: ServerResponse): void {
    const restricted = rdts.has(access);
    const params = url.searchParams;
    if (!params.get('MarketplaceIds')) return send(res, 400, amazonError('InvalidInput', 'Missing required MarketplaceIds.'));
    const page = params.get('NextToken') ? decodeToken(params.get('NextToken') ?? '') : { offset: 0, after: params.get('LastUpdatedAfter'), channels: params.get('FulfillmentChannels') };
    if (!page) return send(res, 400, amazonError('InvalidInput', 'Invalid NextToken.'));
    const after = typeof page['after'] === 'string' ? Date.parse(page['after']) : Number.NaN;
    if (Number.isNaN(after)) return send(res, 400, amazonError('InvalidInput', 'Exactly one of CreatedAfter or LastUpdatedAfter is required.'));
    const channels = typeof page['channels'] === 'string' && page['channels'] !== '' ? page['channels'].split(',') : null;
    const all = (data.amazon?.orders ?? []).filter((o) => Date.parse(String(o['LastUpdateDate'])) >= after && (channels === null || channels.includes(String(o['FulfillmentChannel']))));
    const size = Number(params.get('MaxResultsPerPage')) || data.amazonPageSize || 100;
    const offset = Number(page['offset']);
    const orders = all.slice(offset, offset + size).map((o) => {
      const copy = structuredClone(o);
      if (!restricted) {
        const address = copy['ShippingAddress'];
        if (typeof address === 'object' && address !== null) for (const field of PII_ADDRESS_FIELDS) delete (address as Record<string, unknown>)[field];
        copy['BuyerInfo'] = {};
      }
      return copy;
    });
    const payload: Record<string, unknown> = { Orders: orders, LastUpdatedBefore: data.amazonLastUpdatedBefore ?? '2025-03-14T23:58:00Z' };
    if (offset + size < all.length) payload['NextToken'] = encodeToken({ ...page, offset: offset + size });
    send(res, 200, { payload });
  }

  function amazonItems(url: URL, orderId: string, res: ServerResponse): void {
    const items = data.amazon?.items[orderId];
    if (!items) return send(res, 404, amazonError('NotFound', `Order ${orderId} not found.`));
    const next = url.searchParams.get('NextToken');
    const offset = next ? Number(decodeToken(next)?.['offset']) : 0;
    const size = data.amazonItemsPageSize ?? 100;
    const payload: Record<string, unknown> = { AmazonOrderId: orderId, OrderItems: items.slice(offset, offset + size) };
    if (offset + size < items.length) payload['NextToken'] = encodeToken({ offset: offset + size });
    send(res, 200, { payload });
  }

  function ebayOrders(url: URL, res: ServerResponse): void {
    const filter = url.searchParams.get('filter');
    let from = Number.NEGATIVE_INFINITY;
    let to = Number.POSITIVE_INFINITY;
    if (filter !== null) {
      const match = /^lastmodifieddate:\[([^\]]*?)\.\.([^\]]*)\]$/.exec(filter);
      if (!match) return send(res, 400, ebayError(30700, `The filter ${filter} is invalid.`));
      if (match[1]) from = Date.parse(match[1]);
      if (match[2]) to = Date.parse(match[2]);
      if (Number.isNaN(from) || Number.isNaN(to)) return send(res, 400, ebayError(30700, 'Invalid date in filter.'));
    }
    const limit = Math.min(200, Number(url.searchParams.get('limit') ?? 50));
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const all = (data.ebay?.orders ?? []).filter((o) => {
      const t = Date.parse(String(o['lastModifiedDate']));
      return t >= from && t <= to;
    });
    const href = (off: number) => `${url.origin}/sell/fulfillment/v1/order?${filter === null ? '' : `filter=${encodeURIComponent(filter)}&`}limit=${limit}&offset=${off}`;
    const body: Record<string, unknown> = { href: href(offset), total: all.length, limit, offset, orders: all.slice(offset, offset + limit) };
    if (offset + limit < all.length) body['next'] = href(offset + limit);
    send(res, 200, body);
  }

  function amazonConfirm(orderId: string, body: string, res: ServerResponse): void {
    const items = data.amazon?.items[orderId];
    if (!items) return send(res, 404, amazonError('NotFound', `Order ${orderId} not found.`));
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return send(res, 400, amazonError('InvalidInput', 'Body is not JSON.'));
    }
    const detail = request['packageDetail'] as Record<string, unknown> | undefined;
    if (typeof request['marketplaceId'] !== 'string' || !request['marketplaceId']) return send(res, 400, amazonError('InvalidInput', 'marketplaceId is required.'));
    if (!detail || typeof detail !== 'object') return send(res, 400, amazonError('InvalidInput', 'packageDetail is required.'));
    if (typeof detail['packageReferenceId'] !== 'string' || !/^[1-9]\d*$/.test(detail['packageReferenceId'])) return send(res, 400, amazonError('InvalidInput', 'packageReferenceId must be a positive number.'));
    for (const field of ['carrierCode', 'trackingNumber', 'shipDate']) if (typeof detail[field] !== 'string' || detail[field] === '') return send(res, 400, amazonError('InvalidInput', `${field} is required.`));
    if (detail['carrierCode'] === 'Other' && typeof detail['carrierName'] !== 'string') return send(res, 400, amazonError('InvalidInput', 'carrierName is required when carrierCode is Other.'));
    if (Number.isNaN(Date.parse(String(detail['shipDate'])))) return send(res, 400, amazonError('InvalidInput', 'shipDate must be an ISO 8601 date-time.'));
    const lines = detail['orderItems'];
    if (!Array.isArray(lines) || lines.length === 0) return send(res, 400, amazonError('InvalidInput', 'orderItems is required.'));
    if (amazonConfirmations.some((c) => c.orderId === orderId && (c.body['packageDetail'] as Record<string, unknown>)['packageReferenceId'] === detail['packageReferenceId'])) {
      return send(res, 400, amazonError('InvalidInput', `packageReferenceId ${String(detail['packageReferenceId'])} was already confirmed for this order.`));
    }
    for (const line of lines as { orderItemId?: unknown; quantity?: unknown }[]) {
      const item = items.find((i) => i['OrderItemId'] === line.orderItemId);
      if (!item) return send(res, 400, amazonError('InvalidInput', `orderItemId ${String(line.orderItemId)} is not an item of this order.`));
      const open = Number(item['QuantityOrdered']) - Number(item['QuantityShipped'] ?? 0);
      if (!Number.isInteger(line.quantity) || (line.quantity as number) < 1 || (line.quantity as number) > open) return send(res, 400, amazonError('InvalidInput', `quantity for ${String(line.orderItemId)} must be 1..${open}.`));
    }
    for (const line of lines as { orderItemId: string; quantity: number }[]) {
      const item = items.find((i) => i['OrderItemId'] === line.orderItemId) as Record<string, unknown>;
      item['QuantityShipped'] = Number(item['QuantityShipped'] ?? 0) + line.quantity;
    }
    amazonConfirmations.push({ orderId, body: request });
    res.writeHead(204);
    res.end();
  }

  function ebayOrder(orderId: string, res: ServerResponse): void {
    const order = (data.ebay?.orders ?? []).find((o) => o['orderId'] === orderId);
    if (!order) return send(res, 404, ebayError(32100, `Order ${orderId} not found.`));
    send(res, 200, order);
  }

  function ebayCreateFulfillment(url: URL, orderId: string, body: string, scope: string, res: ServerResponse): void {
    if (!scope.split(' ').includes('https://api.ebay.com/oauth/api_scope/sell.fulfillment')) return send(res, 403, ebayError(1100, 'Insufficient permissions to fulfill the request.'));
    const order = (data.ebay?.orders ?? []).find((o) => o['orderId'] === orderId);
    if (!order) return send(res, 404, ebayError(32100, `Order ${orderId} not found.`));
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return send(res, 400, ebayError(32000, 'Body is not JSON.'));
    }
    for (const field of ['shippedDate', 'shippingCarrierCode', 'trackingNumber']) if (typeof request[field] !== 'string' || request[field] === '') return send(res, 400, ebayError(32100, `${field} is required.`));
    const lines = request['lineItems'];
    if (!Array.isArray(lines) || lines.length === 0) return send(res, 400, ebayError(32100, 'lineItems is required.'));
    const orderLines = (order['lineItems'] ?? []) as Record<string, unknown>[];
    for (const line of lines as { lineItemId?: unknown; quantity?: unknown }[]) {
      const ordered = orderLines.find((l) => l['lineItemId'] === line.lineItemId);
      if (!ordered) return send(res, 400, ebayError(32100, `lineItemId ${String(line.lineItemId)} is not in this order.`));
      if (!Number.isInteger(line.quantity) || (line.quantity as number) < 1 || (line.quantity as number) > Number(ordered['quantity'])) return send(res, 400, ebayError(32100, `quantity for ${String(line.lineItemId)} is invalid.`));
    }
    const list = ebayFulfillments.get(orderId) ?? [];
    const fulfillmentId = String(request['trackingNumber']);
    list.push({ fulfillmentId, shipmentTrackingNumber: request['trackingNumber'], shippingCarrierCode: request['shippingCarrierCode'], shippedDate: request['shippedDate'], lineItems: lines });
    ebayFulfillments.set(orderId, list);
    res.writeHead(201, { location: `${url.origin}/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}/shipping_fulfillment/${encodeURIComponent(fulfillmentId)}` });
    res.end();
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, headers: req.headers, body });
      if (stall) {
        stall = false;
        stalled.push(res);
        return;
      }
      if (loseAnswer !== null && url.pathname.startsWith(loseAnswer.path) && (loseAnswer.method === undefined || loseAnswer.method === req.method)) {
        loseAnswer = null;
        dropAnswer(req, res);
      }
      if (failure && url.pathname.startsWith(failure.path)) {
        const { status, retryAfter } = failure;
        if (--failure.times <= 0) failure = null;
        const ebay = url.pathname.startsWith('/sell/') || url.pathname.startsWith('/identity/');
        return send(res, status, ebay ? ebayError(status === 429 ? 2001 : 10001, 'Failed on purpose.') : amazonError(status === 429 ? 'QuotaExceeded' : 'InternalFailure', 'Failed on purpose.'), retryAfter ? { 'retry-after': String(retryAfter) } : {});
      }

      // Login with Amazon
      if (req.method === 'POST' && url.pathname === '/auth/o2/token') {
        const form = new URLSearchParams(body);
        if (form.get('grant_type') !== 'refresh_token') return send(res, 400, { error: 'unsupported_grant_type', error_description: 'grant_type must be refresh_token' });
        if (form.get('client_id') !== AMAZON_CREDENTIALS.clientId || form.get('client_secret') !== AMAZON_CREDENTIALS.clientSecret) return send(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
        if (form.get('refresh_token') !== AMAZON_CREDENTIALS.refreshToken) return send(res, 400, { error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' });
        const access = token('Atza|lwa', ++issued);
        lwaTokens.add(access);
        return send(res, 200, { access_token: access, refresh_token: AMAZON_CREDENTIALS.refreshToken, token_type: 'bearer', expires_in: 3600 });
      }

      // SP-API
      if (url.pathname.startsWith('/tokens/') || url.pathname.startsWith('/orders/')) {
        const access = String(req.headers['x-amz-access-token'] ?? '');
        if (!lwaTokens.has(access) && !rdts.has(access)) return send(res, 403, amazonError('Unauthorized', 'Access to requested resource is denied.'));
        if (req.method === 'POST' && url.pathname === '/tokens/2021-03-01/restrictedDataToken') {
          if (!lwaTokens.has(access)) return send(res, 403, amazonError('Unauthorized', 'A restricted data token cannot mint another.'));
          let request: unknown;
          try {
            request = JSON.parse(body);
          } catch {
            return send(res, 400, amazonError('InvalidInput', 'Body is not JSON.'));
          }
          const resources = (request as { restrictedResources?: { method?: string; path?: string; dataElements?: string[] }[] }).restrictedResources;
          if (!Array.isArray(resources) || resources.length === 0 || !resources.every((r) => r.method === 'GET' && typeof r.path === 'string')) {
            return send(res, 400, amazonError('InvalidInput', 'restrictedResources must list { method, path, dataElements }.'));
          }
          const rdt = token('Atz.sprdt|rdt', ++issued);
          rdts.add(rdt);
          return send(res, 200, { restrictedDataToken: rdt, expiresIn: 3600 });
        }
        if (req.method === 'GET' && url.pathname === '/orders/v0/orders') return amazonOrdersList(url, access, res);
        const items = /^\/orders\/v0\/orders\/([^/]+)\/orderItems$/.exec(url.pathname);
        if (req.method === 'GET' && items?.[1]) return amazonItems(url, decodeURIComponent(items[1]), res);
        const confirm = /^\/orders\/v0\/orders\/([^/]+)\/shipmentConfirmation$/.exec(url.pathname);
        if (req.method === 'POST' && confirm?.[1]) {
          if (!lwaTokens.has(access)) return send(res, 403, amazonError('Unauthorized', 'Access to requested resource is denied.'));
          return amazonConfirm(decodeURIComponent(confirm[1]), body, res);
        }
        return send(res, 404, amazonError('NotFound', 'Resource not found.'));
      }

      // eBay
      if (req.method === 'POST' && url.pathname === '/identity/v1/oauth2/token') {
        const expected = `Basic ${Buffer.from(`${EBAY_CREDENTIALS.clientId}:${EBAY_CREDENTIALS.clientSecret}`).toString('base64')}`;
        if (req.headers.authorization !== expected) return send(res, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
        const form = new URLSearchParams(body);
        if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== EBAY_CREDENTIALS.refreshToken) {
          return send(res, 400, { error: 'invalid_grant', error_description: 'the provided authorization refresh token is invalid or was issued to another client' });
        }
        const access = token('v^1.1#i^1#p^3#access', ++issued);
        ebayTokens.set(access, form.get('scope') ?? '');
        return send(res, 200, { access_token: access, expires_in: 7200, token_type: 'User Access Token' });
      }
      if (url.pathname.startsWith('/sell/fulfillment/v1/')) {
        const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
        if (!bearer || !ebayTokens.has(bearer)) return send(res, 401, ebayError(1001, 'Invalid access token. Check the value of the Authorization HTTP request header.'));
        if (req.method === 'GET' && url.pathname === '/sell/fulfillment/v1/order') return ebayOrders(url, res);
        const fulfillments = /^\/sell\/fulfillment\/v1\/order\/([^/]+)\/shipping_fulfillment$/.exec(url.pathname);
        if (fulfillments?.[1]) {
          const orderId = decodeURIComponent(fulfillments[1]);
          if (req.method === 'POST') return ebayCreateFulfillment(url, orderId, body, ebayTokens.get(bearer) ?? '', res);
          const list = ebayFulfillments.get(orderId) ?? [];
          if (req.method === 'GET') return send(res, 200, { fulfillments: list, total: list.length });
        }
        const single = /^\/sell\/fulfillment\/v1\/order\/([^/]+)$/.exec(url.pathname);
        if (req.method === 'GET' && single?.[1]) return ebayOrder(decodeURIComponent(single[1]), res);
        return send(res, 404, ebayError(32100, 'Not found.'));
      }
      send(res, 404, { errors: [{ message: 'Not found' }] });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(status, options = {}) {
      failure = { status, times: options.times ?? 1, path: options.path ?? '/', ...(options.retryAfterSeconds === undefined ? {} : { retryAfter: options.retryAfterSeconds }) };
    },
    stallNext() {
      stall = true;
    },
    loseAnswerNext(path, method) {
      loseAnswer = { path, method };
    },
    amazonConfirmations,
    ebayFulfillments,
    async close() {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Issues an eBay access token out of band, as a seller's own tool would, for pollers given a token. */
export async function ebayAccessToken(server: MarketplaceServer): Promise<string> {
  const response = await fetch(`${server.url}/identity/v1/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${EBAY_CREDENTIALS.clientId}:${EBAY_CREDENTIALS.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: EBAY_CREDENTIALS.refreshToken }),
  });
  const json = (await response.json()) as { access_token: string };
  return json.access_token;
}
