// Sending a shipment's tracking to Shopify (REST Admin API 2024-10): the fulfillment orders of the
// Shopify order, its line items (SKU → line item id; fulfillment-order line items carry no SKU),
// then POST /fulfillments.json with the body `buildShopifyFulfillment` makes. No database here: the
// job (src/flows/channels/steps/shopify-fulfillment-push.ts) leases the row, calls `pushShopifyFulfillment` with
// no transaction open, and settles the outcome. A voided shipment's fulfillment is cancelled with
// POST /fulfillments/{id}/cancel.json (`cancelShopifyFulfillment`), by the same job.
//
// Decisions:
// - 429 (with its Retry-After), 5xx, timeouts and network errors are tried again; any other answer
//   is final (401/403: the token is wrong or lacks a scope; 404: no such order; 422: Shopify refused
//   the fulfillment) and recorded with Shopify's own error body.
// - Shipped units are matched to fulfillment-order line items by SKU, only on fulfillment orders
//   that are `open` or `in_progress`, up to each one's `fulfillable_quantity`. Shopify takes the
//   fulfillment orders of one request from one location, so the units must be covered by the
//   fulfillment orders of a single assigned location (fewest fulfillment orders first). When no
//   location covers them the push fails: retrying would send the same thing.

import { buildShopifyFulfillment, type ShopifyFulfillmentBody } from '../domain/shopify-fulfillment.js';
import type { ShopifyFulfillmentPayload } from '../db/pushes.schema.js';
import { publicFetch } from '../../../platform/http/outbound.js';
import { retryAfterMs } from '../../../platform/kernel/retry.js';

export const SHOPIFY_API_VERSION = '2024-10';

export interface ShopifyConnection {
  shopDomain: string;
  accessToken: string;
}

export interface ShopifyHttpOptions {
  fetch?: typeof fetch;
  /** Where the shop's Admin API is: `https://<shop_domain>` unless told otherwise (tests). */
  baseUrl?: (shopDomain: string) => string;
  timeoutMs?: number;
}

export type PushOutcome =
  | { kind: 'succeeded'; statusCode: number; remoteId: string; warnings: string[] }
  | { kind: 'retry'; statusCode: number | null; error: string; retryAfterMs: number | null }
  | { kind: 'failed'; statusCode: number | null; error: string };

interface FulfillmentOrderLineItem {
  id: number | string;
  line_item_id: number | string;
  fulfillable_quantity: number;
}
interface FulfillmentOrder {
  id: number | string;
  status: string;
  assigned_location_id?: number | string | null;
  line_items: FulfillmentOrderLineItem[];
}
interface OrderLineItem {
  id: number | string;
  sku: string | null;
}

/** A call that did not answer 2xx: retryable or final. */
export class ShopifyCallFailed extends Error {
  constructor(readonly outcome: Exclude<PushOutcome, { kind: 'succeeded' }>) {
    super(outcome.error);
  }
}

/** Retry-After: seconds (Shopify sends `2.0`) or an HTTP date. */
export async function call(conn: ShopifyConnection, options: ShopifyHttpOptions, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const base = (options.baseUrl ?? ((d) => `https://${d}`))(conn.shopDomain).replace(/\/$/, '');
  const doFetch = options.fetch ?? publicFetch;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(`${base}/admin/api/${SHOPIFY_API_VERSION}${path}`, {
      method,
      headers: { 'x-shopify-access-token': conn.accessToken, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    text = await response.text();
  } catch (error) {
    const e = error as Error;
    const what = e.name === 'TimeoutError' ? `no answer within ${options.timeoutMs ?? 15_000} ms` : `could not connect: ${e.message}`;
    throw new ShopifyCallFailed({ kind: 'retry', statusCode: null, error: `${method} ${path}: ${what}`, retryAfterMs: null });
  }
  const status = response.status;
  if (status >= 200 && status < 300) {
    try {
      return { status, json: JSON.parse(text) as unknown };
    } catch {
      throw new ShopifyCallFailed({ kind: 'retry', statusCode: status, error: `${method} ${path}: answered ${status} with a body that is not JSON`, retryAfterMs: null });
    }
  }
  const error = `${method} ${path}: Shopify answered ${status}: ${text.slice(0, 2000)}`;
  if (status === 429 || status >= 500) throw new ShopifyCallFailed({ kind: 'retry', statusCode: status, error, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), Date.now()) });
  throw new ShopifyCallFailed({ kind: 'failed', statusCode: status, error });
}

export function objectsOf<T>(json: unknown, key: string, path: string): T[] {
  const list = (json as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) throw new ShopifyCallFailed({ kind: 'failed', statusCode: 200, error: `GET ${path}: the answer has no ${key} list` });
  return list as T[];
}

/**
 * Which fulfillment-order line items carry the shipped units; an error message when Shopify's
 * order cannot take them.
 */
export function chooseFulfillmentLines(
  items: readonly { sku: string; quantity: number }[],
  fulfillmentOrders: readonly FulfillmentOrder[],
  lineItems: readonly OrderLineItem[],
): { ok: true; lines: { fulfillmentOrderId: number | string; fulfillmentOrderLineItemId: number | string; quantity: number }[] } | { ok: false; error: string } {
  const skuOf = new Map(lineItems.map((l) => [String(l.id), l.sku ?? '']));
  const missing = items.filter((i) => !lineItems.some((l) => l.sku === i.sku)).map((i) => i.sku);
  if (missing.length > 0) return { ok: false, error: `the Shopify order has no line item with SKU ${missing.join(', ')}` };
  const open = fulfillmentOrders.filter((fo) => fo.status === 'open' || fo.status === 'in_progress');
  const byLocation = new Map<string, FulfillmentOrder[]>();
  for (const fo of open) byLocation.set(String(fo.assigned_location_id ?? ''), [...(byLocation.get(String(fo.assigned_location_id ?? '')) ?? []), fo]);
  // A location's fulfillment orders, the one covering most on its own first.
  const candidates = [...byLocation.values()].sort((a, b) => a.length - b.length);
  let shortest = '';
  for (const group of candidates) {
    const used = new Map<string, number>();
    const lines: { fulfillmentOrderId: number | string; fulfillmentOrderLineItemId: number | string; quantity: number }[] = [];
    let short = '';
    for (const item of items) {
      let left = item.quantity;
      for (const fo of group) {
        for (const li of fo.line_items) {
          if (left === 0) break;
          if (skuOf.get(String(li.line_item_id)) !== item.sku) continue;
          const free = li.fulfillable_quantity - (used.get(String(li.id)) ?? 0);
          if (free <= 0) continue;
          const take = Math.min(free, left);
          used.set(String(li.id), (used.get(String(li.id)) ?? 0) + take);
          lines.push({ fulfillmentOrderId: fo.id, fulfillmentOrderLineItemId: li.id, quantity: take });
          left -= take;
        }
      }
      if (left > 0) short ||= `${left} of ${item.quantity} units of SKU ${item.sku}`;
    }
    if (short === '') return { ok: true, lines };
    shortest ||= short;
  }
  return { ok: false, error: open.length === 0 ? 'the Shopify order has no open fulfillment order (fulfilled, cancelled or on hold?)' : `Shopify's open fulfillment orders cannot take ${shortest}` };
}

/** The fulfillment as it will be sent, for a shipment's payload and Shopify's order. */
export function fulfillmentBodyFor(payload: ShopifyFulfillmentPayload, lines: { fulfillmentOrderId: number | string; fulfillmentOrderLineItemId: number | string; quantity: number }[]) {
  return buildShopifyFulfillment({
    lines,
    carrier: payload.carrier,
    service: payload.service,
    // The event carries one tracking URL (the first parcel's): with several parcels none is sent.
    parcels: payload.tracking_numbers.map((n, i) => ({ trackingNumber: n, trackingUrl: i === 0 && payload.tracking_numbers.length === 1 ? payload.tracking_url : null })),
    notifyCustomer: payload.notify_customer,
  });
}

/** The id of a live fulfillment of the order that carries our tracking numbers, if Shopify has one. */
async function earlierFulfillment(conn: ShopifyConnection, options: ShopifyHttpOptions, orderId: string, numbers: readonly string[]): Promise<string | null> {
  if (numbers.length === 0) return null;
  const path = `/orders/${orderId}/fulfillments.json`;
  const list = objectsOf<{ id: number | string; status?: string; tracking_number?: string | null; tracking_numbers?: string[] }>((await call(conn, options, 'GET', path)).json, 'fulfillments', path);
  const ours = list.find((f) => f.status !== 'cancelled' && f.status !== 'error' && f.status !== 'failure' && numbers.every((n) => (f.tracking_numbers ?? [f.tracking_number]).includes(n)));
  return ours ? String(ours.id) : null;
}

/**
 * One attempt: read the order's fulfillment orders and line items, then create the fulfillment.
 * When Shopify has nothing left to fulfil, a fulfillment it already has with our tracking numbers
 * counts as this push's (the answer of an earlier attempt was lost).
 */
export async function pushShopifyFulfillment(conn: ShopifyConnection, externalOrderId: string, payload: ShopifyFulfillmentPayload, options: ShopifyHttpOptions = {}): Promise<PushOutcome> {
  if (!/^\d{1,20}$/.test(externalOrderId)) return { kind: 'failed', statusCode: null, error: `"${externalOrderId}" is not a Shopify order id` };
  try {
    const foPath = `/orders/${externalOrderId}/fulfillment_orders.json`;
    const orderPath = `/orders/${externalOrderId}.json?fields=id,line_items`;
    const fulfillmentOrders = objectsOf<FulfillmentOrder>((await call(conn, options, 'GET', foPath)).json, 'fulfillment_orders', foPath);
    const order = (await call(conn, options, 'GET', orderPath)).json as { order?: unknown };
    const lineItems = objectsOf<OrderLineItem>(order.order, 'line_items', orderPath);
    const chosen = chooseFulfillmentLines(payload.items, fulfillmentOrders, lineItems);
    if (!chosen.ok) {
      // Sent before, and the answer lost (a worker died before settling)? Then Shopify has it.
      const earlier = await earlierFulfillment(conn, options, externalOrderId, payload.tracking_numbers);
      if (earlier) return { kind: 'succeeded', statusCode: 200, remoteId: earlier, warnings: ['found already created in Shopify (an earlier attempt’s answer was lost)'] };
      return { kind: 'failed', statusCode: null, error: chosen.error };
    }
    const built = fulfillmentBodyFor(payload, chosen.lines);
    if (!built.ok) return { kind: 'failed', statusCode: null, error: `the fulfillment cannot be built: ${built.problems.map((p) => `${p.field} ${p.message}`).join('; ')}` };
    const created = await call(conn, options, 'POST', '/fulfillments.json', built.body satisfies ShopifyFulfillmentBody);
    const id = (created.json as { fulfillment?: { id?: unknown } }).fulfillment?.id;
    if (typeof id !== 'number' && typeof id !== 'string') return { kind: 'failed', statusCode: created.status, error: 'Shopify answered without a fulfillment id' };
    return { kind: 'succeeded', statusCode: created.status, remoteId: String(id), warnings: built.warnings };
  } catch (error) {
    if (error instanceof ShopifyCallFailed) return error.outcome;
    throw error;
  }
}

/** Shopify's 422 when the fulfillment was cancelled before (by us, in an attempt whose answer was lost, or by the merchant). */
const ALREADY_CANCELLED = /already\s+(?:been\s+)?cancell?ed/i;

/**
 * One attempt to cancel a fulfillment Shopify has (its id from the fulfillment push's `remote_id`).
 * Shopify answers the fulfillment, now `cancelled`; a 422 saying it is cancelled already counts as
 * done. Retries and final failures as for the fulfillment itself.
 */
export async function cancelShopifyFulfillment(conn: ShopifyConnection, fulfillmentId: string, options: ShopifyHttpOptions = {}): Promise<PushOutcome> {
  if (!/^\d{1,20}$/.test(fulfillmentId)) return { kind: 'failed', statusCode: null, error: `"${fulfillmentId}" is not a Shopify fulfillment id` };
  const path = `/fulfillments/${fulfillmentId}/cancel.json`;
  try {
    const answer = await call(conn, options, 'POST', path, {});
    const fulfillment = (answer.json as { fulfillment?: { id?: unknown; status?: unknown } } | null)?.fulfillment;
    if (fulfillment?.status !== 'cancelled') return { kind: 'failed', statusCode: answer.status, error: `POST ${path}: Shopify answered ${answer.status} without a cancelled fulfillment (status ${JSON.stringify(fulfillment?.status ?? null)})` };
    return { kind: 'succeeded', statusCode: answer.status, remoteId: fulfillmentId, warnings: [] };
  } catch (error) {
    if (!(error instanceof ShopifyCallFailed)) throw error;
    const o = error.outcome;
    if (o.kind === 'failed' && o.statusCode === 422 && ALREADY_CANCELLED.test(o.error)) return { kind: 'succeeded', statusCode: 422, remoteId: fulfillmentId, warnings: ['already cancelled in Shopify'] };
    return o;
  }
}
