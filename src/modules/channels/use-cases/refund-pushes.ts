// Recording an OMS refund on Shopify or WooCommerce (ADR 0021). No database here: the push job
// (src/flows/channels/jobs/channel-pushes.ts) leases the row, calls one of these with no
// transaction open, and settles the outcome. Each attempt first reads the platform's order: its
// line items (SKU → the platform's line id) and its refunds, where a refund whose note / reason
// carries this refund's marker ("OMS refund txn_…") means an earlier attempt's answer was lost:
// done, not sent twice. 429 (with Retry-After), 5xx, timeouts and network errors are tried again;
// other answers are final and recorded with the platform's own error.

import type { RefundPushPayload } from '../db/pushes.schema.js';
import { refundMarker, shopifyRefundBody, wooRefundBody, type WooLineItem } from '../domain/refund-bodies.js';
import { PollError, isRecord, requestJson, type HttpOptions } from '../pollers/poller.js';
import { call, objectsOf, ShopifyCallFailed, type PushOutcome, type ShopifyConnection, type ShopifyHttpOptions } from './shopify-push.js';
import type { WooCommerceConnection } from './woocommerce-lookup.js';

const idText = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);
/** A platform id as the platform wrote it (WooCommerce's are integers): sent back the same. */
const idAsGiven = (value: unknown): number | string => (typeof value === 'number' ? value : (idText(value) ?? ''));

// ---------------------------------------------------------------- Shopify

interface ShopifyTransaction {
  id: number | string;
  kind: string;
  status: string;
  gateway: string;
  amount: string;
}

/** The sale or capture to refund against: the ledger's reference when it is a Shopify id, else Shopify's largest successful one. */
async function shopifyParent(conn: ShopifyConnection, options: ShopifyHttpOptions, orderId: string, payload: RefundPushPayload): Promise<{ id: number | string; gateway: string } | string> {
  if (payload.parent_reference !== null && /^\d{1,20}$/.test(payload.parent_reference)) return { id: payload.parent_reference, gateway: payload.parent_gateway ?? 'manual' };
  const path = `/orders/${orderId}/transactions.json`;
  const list = objectsOf<ShopifyTransaction>((await call(conn, options, 'GET', path)).json, 'transactions', path);
  const paid = list.filter((t) => (t.kind === 'sale' || t.kind === 'capture') && t.status === 'success').sort((a, b) => Number(b.amount) - Number(a.amount));
  const best = paid[0];
  return best ? { id: best.id, gateway: best.gateway } : 'the Shopify order has no successful sale or capture to refund against';
}

/** One attempt at `POST /orders/{id}/refunds.json`; the refund's id is the push's `remote_id`. */
export async function pushShopifyRefund(conn: ShopifyConnection, externalOrderId: string, payload: RefundPushPayload, notify: boolean, options: ShopifyHttpOptions = {}): Promise<PushOutcome> {
  if (!/^\d{1,20}$/.test(externalOrderId)) return { kind: 'failed', statusCode: null, error: `"${externalOrderId}" is not a Shopify order id` };
  try {
    const orderPath = `/orders/${externalOrderId}.json?fields=id,line_items,refunds`;
    const order = ((await call(conn, options, 'GET', orderPath)).json as { order?: Record<string, unknown> }).order;
    const lineItems = objectsOf<{ id: number | string; sku: string | null; quantity: number }>(order, 'line_items', orderPath);
    const refunds = Array.isArray(order?.['refunds']) ? (order['refunds'] as unknown[]).filter(isRecord) : [];
    const earlier = refunds.find((r) => typeof r['note'] === 'string' && r['note'].includes(refundMarker(payload)));
    if (earlier) return { kind: 'succeeded', statusCode: 200, remoteId: idText(earlier['id']) ?? '', warnings: ['found already created in Shopify (an earlier attempt’s answer was lost)'] };
    let parent: { id: number | string; gateway: string } | null = null;
    if (payload.through_platform) {
      const found = await shopifyParent(conn, options, externalOrderId, payload);
      if (typeof found === 'string') return { kind: 'failed', statusCode: null, error: found };
      parent = found;
    }
    const built = shopifyRefundBody(payload, lineItems, parent, notify);
    if (!built.ok) return { kind: 'failed', statusCode: null, error: built.error };
    const path = `/orders/${externalOrderId}/refunds.json`;
    const created = await call(conn, options, 'POST', path, built.body);
    const id = idText((created.json as { refund?: { id?: unknown } } | null)?.refund?.id);
    if (id === null) return { kind: 'failed', statusCode: created.status, error: `POST ${path}: Shopify answered without a refund id` };
    return { kind: 'succeeded', statusCode: created.status, remoteId: id, warnings: [] };
  } catch (error) {
    if (error instanceof ShopifyCallFailed) return error.outcome;
    throw error;
  }
}

// ---------------------------------------------------------------- WooCommerce

function wooLines(order: Record<string, unknown>): WooLineItem[] {
  const raw = Array.isArray(order['line_items']) ? order['line_items'].filter(isRecord) : [];
  return raw.map((l) => ({
    id: idAsGiven(l['id']),
    sku: typeof l['sku'] === 'string' ? l['sku'] : null,
    quantity: typeof l['quantity'] === 'number' ? l['quantity'] : 0,
    taxes: (Array.isArray(l['taxes']) ? l['taxes'].filter(isRecord) : []).map((t) => ({ id: idAsGiven(t['id']), total: typeof t['total'] === 'string' ? t['total'] : '0' })),
  }));
}

/** One attempt at `POST /wp-json/wc/v3/orders/{id}/refunds`; the refund's id is the push's `remote_id`. */
export async function pushWooCommerceRefund(conn: WooCommerceConnection, externalOrderId: string, payload: RefundPushPayload, options: HttpOptions = {}): Promise<PushOutcome> {
  if (!/^\d{1,20}$/.test(externalOrderId)) return { kind: 'failed', statusCode: null, error: `"${externalOrderId}" is not a WooCommerce order id` };
  const base = conn.storeUrl.replace(/\/+$/, '');
  const headers = { authorization: `Basic ${Buffer.from(`${conn.consumerKey}:${conn.consumerSecret}`).toString('base64')}`, accept: 'application/json' };
  const orderUrl = `${base}/wp-json/wc/v3/orders/${externalOrderId}`;
  try {
    const order = await requestJson(options, orderUrl, { method: 'GET', headers }, `WooCommerce GET order ${externalOrderId}`);
    const refunds = Array.isArray(order['refunds']) ? order['refunds'].filter(isRecord) : [];
    const earlier = refunds.find((r) => typeof r['reason'] === 'string' && r['reason'].includes(refundMarker(payload)));
    if (earlier) return { kind: 'succeeded', statusCode: 200, remoteId: idText(earlier['id']) ?? '', warnings: ['found already created in WooCommerce (an earlier attempt’s answer was lost)'] };
    const built = wooRefundBody(payload, wooLines(order));
    if (!built.ok) return { kind: 'failed', statusCode: null, error: built.error };
    const created = await requestJson(options, `${orderUrl}/refunds`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(built.body) }, `WooCommerce POST refund of ${externalOrderId}`);
    const id = idText(created['id']);
    if (id === null) return { kind: 'failed', statusCode: 201, error: 'WooCommerce answered without a refund id' };
    return { kind: 'succeeded', statusCode: 201, remoteId: id, warnings: [] };
  } catch (error) {
    if (error instanceof PollError) {
      const statusCode = error.code === 'TIMEOUT' || error.code === 'UNREACHABLE' ? null : error.status;
      return error.retryable
        ? { kind: 'retry', statusCode, error: error.message, retryAfterMs: error.retryAfterSeconds === null ? null : error.retryAfterSeconds * 1000 }
        : { kind: 'failed', statusCode, error: error.message };
    }
    throw error;
  }
}
