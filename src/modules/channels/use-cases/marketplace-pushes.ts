// Telling WooCommerce, Amazon and eBay that an order shipped. No database here: the push job
// (src/flows/channels/jobs/channel-pushes.ts) leases the row, calls one of these with no transaction open, and
// settles the outcome. Each call is safe to repeat: it first looks for what an earlier attempt, whose
// answer was lost, may already have created, and counts that as done.
//
// - WooCommerce REST API v3 (HTTP Basic with a REST API key's consumer key and secret): the order is read
//   first (a cancelled, refunded or trashed order is not marked shipped); the tracking goes on as a
//   customer note (POST /orders/{id}/notes, which WooCommerce e-mails to the customer) or through the
//   Shipment Tracking extension (POST /wp-json/wc-shipment-tracking/v3/orders/{id}/shipment-trackings);
//   when the shipment completes the order, PUT /orders/{id} {status: completed}.
// - Amazon SP-API Orders v0: getOrderItems (SellerSKU → OrderItemId, what is left to ship), then
//   confirmShipment (POST /orders/v0/orders/{id}/shipmentConfirmation, 204).
// - eBay Sell Fulfillment v1: the order's shipping fulfillments (ours, by tracking number, means
//   done), the order's line items, then POST /order/{id}/shipping_fulfillment (201, Location names it).
// 429 (with Retry-After), 5xx, timeouts and network errors are tried again; other answers are final.

import type { ShipmentConfirmationPayload } from '../db/pushes.schema.js';
import {
  amazonConfirmationBody,
  assignToLines,
  ebayFulfillmentBody,
  extraParcelsWarning,
  wooShipmentTrackings,
  wooTrackingNote,
  type OpenLine,
} from '../domain/shipment-confirmations.js';
import { PollError, isRecord, requestAnyJson, requestJson, type HttpOptions, type ResponseMeta } from '../pollers/poller.js';
import type { PushOutcome } from './shopify-push.js';
import type { WooCommerceConnection } from './woocommerce-lookup.js';

/** Any failure of a call as the push's outcome: retryable or final. */
function outcomeOf(error: unknown): PushOutcome {
  if (error instanceof PollError) {
    const statusCode = error.status >= 500 && (error.code === 'TIMEOUT' || error.code === 'UNREACHABLE') ? null : error.status;
    return error.retryable
      ? { kind: 'retry', statusCode, error: error.message, retryAfterMs: error.retryAfterSeconds === null ? null : error.retryAfterSeconds * 1000 }
      : { kind: 'failed', statusCode, error: error.message };
  }
  throw error;
}

const listOf = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const idText = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);

// ---------------------------------------------------------------- WooCommerce

export interface WooConnection extends WooCommerceConnection {
  /** `note` (default: works on every store) or `shipment_tracking` (the WooCommerce Shipment Tracking extension). */
  tracking: 'note' | 'shipment_tracking';
}

/** Statuses a shipped order must not be moved out of (or into completed from). */
const WOO_CLOSED = new Set(['cancelled', 'refunded', 'failed', 'trash']);

export async function pushWooCommerceShipment(conn: WooConnection, externalOrderId: string, payload: ShipmentConfirmationPayload, options: HttpOptions = {}): Promise<PushOutcome> {
  if (!/^\d{1,20}$/.test(externalOrderId)) return { kind: 'failed', statusCode: null, error: `"${externalOrderId}" is not a WooCommerce order id` };
  const base = conn.storeUrl.replace(/\/+$/, '');
  const headers = { authorization: `Basic ${Buffer.from(`${conn.consumerKey}:${conn.consumerSecret}`).toString('base64')}`, accept: 'application/json' };
  const json = { ...headers, 'content-type': 'application/json' };
  const orderUrl = `${base}/wp-json/wc/v3/orders/${externalOrderId}`;
  try {
    const order = await requestJson(options, orderUrl, { method: 'GET', headers }, `WooCommerce GET order ${externalOrderId}`);
    const status = String(order['status'] ?? '');
    if (WOO_CLOSED.has(status)) return { kind: 'failed', statusCode: 200, error: `the WooCommerce order is ${status}: it was not marked shipped` };

    let remoteId: string;
    if (conn.tracking === 'shipment_tracking') {
      const trackingUrl = `${base}/wp-json/wc-shipment-tracking/v3/orders/${externalOrderId}/shipment-trackings`;
      const known = await requestJsonList(options, trackingUrl, headers, `WooCommerce GET shipment trackings of ${externalOrderId}`);
      const ids: string[] = [];
      for (const tracking of wooShipmentTrackings(payload)) {
        const existing = known.find((k) => k['tracking_number'] === tracking.tracking_number);
        const created = existing ?? (await requestJson(options, trackingUrl, { method: 'POST', headers: json, body: JSON.stringify(tracking) }, `WooCommerce POST shipment tracking of ${externalOrderId}`));
        ids.push(idText(created['tracking_id']) ?? tracking.tracking_number);
      }
      remoteId = ids.join(',');
    } else {
      const notesUrl = `${orderUrl}/notes`;
      const first = payload.tracking_numbers[0] ?? '';
      const notes = await requestJsonList(options, notesUrl, headers, `WooCommerce GET notes of ${externalOrderId}`);
      const existing = first === '' ? undefined : notes.find((n) => typeof n['note'] === 'string' && n['note'].includes(first));
      const note = existing ?? (await requestJson(options, notesUrl, { method: 'POST', headers: json, body: JSON.stringify({ note: wooTrackingNote(payload), customer_note: true }) }, `WooCommerce POST note on ${externalOrderId}`));
      remoteId = idText(note['id']) ?? '';
    }
    if (payload.order_shipped && status !== 'completed') {
      await requestJson(options, orderUrl, { method: 'PUT', headers: json, body: JSON.stringify({ status: 'completed' }) }, `WooCommerce PUT order ${externalOrderId}`);
    }
    return { kind: 'succeeded', statusCode: 200, remoteId, warnings: [] };
  } catch (error) {
    return outcomeOf(error);
  }
}

/** A GET whose answer is a JSON array (the WordPress REST API lists are bare arrays). */
async function requestJsonList(options: HttpOptions, url: string, headers: Record<string, string>, what: string): Promise<Record<string, unknown>[]> {
  const answer = await requestAnyJson(options, url, { method: 'GET', headers }, what);
  if (!Array.isArray(answer)) throw new PollError(502, 'BAD_RESPONSE', `${what} answered with something other than a list`, false);
  return listOf(answer);
}

// ---------------------------------------------------------------- Amazon

export interface AmazonConnection {
  /** SP-API endpoint of the seller's region. */
  endpoint: string;
  marketplaceId: string;
  token: (signal?: AbortSignal) => Promise<string>;
}

/**
 * One attempt to confirm the shipment. `packageReferenceId` is Amazon's package id within the order
 * (a positive number: the shipment's place among the order's Amazon shipments).
 */
export async function pushAmazonShipmentConfirmation(conn: AmazonConnection, externalOrderId: string, packageReferenceId: number, payload: ShipmentConfirmationPayload, options: HttpOptions = {}): Promise<PushOutcome> {
  if (!/^\d{3}-\d{7}-\d{7}$/.test(externalOrderId)) return { kind: 'failed', statusCode: null, error: `"${externalOrderId}" is not an Amazon order id` };
  const endpoint = conn.endpoint.replace(/\/+$/, '');
  try {
    const token = await conn.token();
    const headers = { 'x-amz-access-token': token, accept: 'application/json' };
    const items: Record<string, unknown>[] = [];
    let next: string | null = null;
    for (let page = 0; page < 100; page++) {
      const query: string = next === null ? '' : `?${new URLSearchParams({ NextToken: next }).toString()}`;
      const answer = await requestJson(options, `${endpoint}/orders/v0/orders/${externalOrderId}/orderItems${query}`, { method: 'GET', headers }, `Amazon getOrderItems ${externalOrderId}`);
      const body = isRecord(answer['payload']) ? answer['payload'] : {};
      items.push(...listOf(body['OrderItems']));
      next = typeof body['NextToken'] === 'string' && body['NextToken'] !== '' ? body['NextToken'] : null;
      if (next === null) break;
    }
    const lines: OpenLine[] = items.map((i) => ({
      id: idText(i['OrderItemId']) ?? '',
      sku: typeof i['SellerSKU'] === 'string' ? i['SellerSKU'] : null,
      open: Math.max(0, Number(i['QuantityOrdered'] ?? 0) - Number(i['QuantityShipped'] ?? 0)),
    }));
    const assigned = assignToLines(payload.items, lines, 'Amazon');
    if (!assigned.ok) {
      // Confirmed by an earlier attempt whose answer was lost? Then Amazon counts the units as shipped.
      const shipped = payload.items.every((item) => items.filter((i) => i['SellerSKU'] === item.sku).reduce((sum, i) => sum + Number(i['QuantityShipped'] ?? 0), 0) >= item.quantity);
      if (shipped && payload.items.length > 0) return { kind: 'succeeded', statusCode: 200, remoteId: String(packageReferenceId), warnings: ['Amazon already counts these units as shipped (an earlier attempt’s answer was lost, or the seller confirmed them)'] };
      return { kind: 'failed', statusCode: null, error: assigned.error };
    }
    const body = amazonConfirmationBody(payload, conn.marketplaceId, String(packageReferenceId), assigned.lines);
    const meta: ResponseMeta = {};
    await requestJson(options, `${endpoint}/orders/v0/orders/${externalOrderId}/shipmentConfirmation`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }, `Amazon confirmShipment ${externalOrderId}`, undefined, meta);
    return { kind: 'succeeded', statusCode: meta.status ?? 204, remoteId: String(packageReferenceId), warnings: extraParcelsWarning(payload, 'Amazon') };
  } catch (error) {
    return outcomeOf(error);
  }
}

// ---------------------------------------------------------------- eBay

export interface EbayConnection {
  /** https://api.ebay.com, or the sandbox. */
  endpoint: string;
  token: (signal?: AbortSignal) => Promise<string>;
}

export async function pushEbayShippingFulfillment(conn: EbayConnection, externalOrderId: string, payload: ShipmentConfirmationPayload, options: HttpOptions = {}): Promise<PushOutcome> {
  if (!/^[0-9A-Za-z!-]{1,40}$/.test(externalOrderId)) return { kind: 'failed', statusCode: null, error: `"${externalOrderId}" is not an eBay order id` };
  const orderUrl = `${conn.endpoint.replace(/\/+$/, '')}/sell/fulfillment/v1/order/${encodeURIComponent(externalOrderId)}`;
  try {
    const headers = { authorization: `Bearer ${await conn.token()}`, accept: 'application/json' };
    const existing = listOf((await requestJson(options, `${orderUrl}/shipping_fulfillment`, { method: 'GET', headers }, `eBay getShippingFulfillments ${externalOrderId}`))['fulfillments']);
    const first = payload.tracking_numbers[0] ?? '';
    const ours = existing.find((f) => first !== '' && f['shipmentTrackingNumber'] === first);
    if (ours) return { kind: 'succeeded', statusCode: 200, remoteId: idText(ours['fulfillmentId']) ?? '', warnings: ['found already created in eBay (an earlier attempt’s answer was lost)'] };

    const order = await requestJson(options, orderUrl, { method: 'GET', headers }, `eBay getOrder ${externalOrderId}`);
    const fulfilled = new Map<string, number>();
    for (const f of existing) for (const li of listOf(f['lineItems'])) fulfilled.set(String(li['lineItemId']), (fulfilled.get(String(li['lineItemId'])) ?? 0) + Number(li['quantity'] ?? 0));
    const lines: OpenLine[] = listOf(order['lineItems']).map((li) => {
      const id = idText(li['lineItemId']) ?? '';
      return { id, sku: typeof li['sku'] === 'string' ? li['sku'] : null, open: Math.max(0, Number(li['quantity'] ?? 0) - (fulfilled.get(id) ?? 0)) };
    });
    const assigned = assignToLines(payload.items, lines, 'eBay');
    if (!assigned.ok) return { kind: 'failed', statusCode: null, error: assigned.error };
    const meta: ResponseMeta = {};
    const created = await requestJson(
      options,
      `${orderUrl}/shipping_fulfillment`,
      { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(ebayFulfillmentBody(payload, assigned.lines)) },
      `eBay createShippingFulfillment ${externalOrderId}`,
      undefined,
      meta,
    );
    const location = meta.headers?.get('location') ?? '';
    const id = /\/shipping_fulfillment\/([^/?#]+)$/.exec(location)?.[1] ?? idText(created['fulfillmentId']) ?? '';
    return { kind: 'succeeded', statusCode: meta.status ?? 201, remoteId: decodeURIComponent(id), warnings: extraParcelsWarning(payload, 'eBay') };
  } catch (error) {
    return outcomeOf(error);
  }
}
