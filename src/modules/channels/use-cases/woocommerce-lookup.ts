import { outboundFetch, type OutboundFetch } from '../../../platform/http/outbound.js';
import { outboundUrlProblem } from '../../../platform/http/outbound-url.js';
import { findUnstorableString } from '../../../platform/kernel/text.js';
import type { ChannelRow } from '../db/channels.queries.js';
import { isRecord } from '../domain/canonical.js';
import { channelAccessToken } from './channels.js';

/**
 * Asking a WooCommerce store about one of its orders through its REST API v3, to check an
 * `order.deleted` webhook (whose body, `{id}`, proves nothing by itself). A woocommerce channel can
 * be asked when it has `settings.store_url` (the site's address, e.g. https://shop.example.com)
 * and an `access_token` of the form `consumer_key:consumer_secret` (a REST API key with read
 * access, sent as HTTP Basic).
 */
export interface WooCommerceConnection {
  storeUrl: string;
  consumerKey: string;
  consumerSecret: string;
}

export type WooCommerceOrderLookup =
  /** The store's current order (a trashed one has `status: "trash"`). */
  | { kind: 'found'; order: Record<string, unknown> }
  /** The store answered that no such order exists: deleted for good. */
  | { kind: 'gone' }
  /** No answer that proves anything; `reason` says why (never the store's body). */
  | { kind: 'unknown'; reason: string };

export interface WooCommerceHttpOptions {
  /** Plain http and private addresses only when the installation allows them (OMS_OUTBOUND_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  fetch?: OutboundFetch;
  timeoutMs?: number;
}

const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

/** The channel's REST connection, or why it has none. */
export function wooCommerceConnection(channel: Pick<ChannelRow, 'settings' | 'accessTokenSealed'>, secretKey: Buffer): WooCommerceConnection | { missing: string } {
  const storeUrl = channel.settings['store_url'];
  if (typeof storeUrl !== 'string') return { missing: 'the channel has no settings.store_url to ask the store' };
  const token = channelAccessToken(channel, secretKey);
  const colon = token?.indexOf(':') ?? -1;
  if (!token || colon < 1 || colon === token.length - 1) return { missing: 'the channel has no access_token of the form consumer_key:consumer_secret to ask the store' };
  return { storeUrl: storeUrl.replace(/\/+$/, ''), consumerKey: token.slice(0, colon), consumerSecret: token.slice(colon + 1) };
}

/** GET /wp-json/wc/v3/orders/{id}: redirects are not followed, the answer is capped at 2 MiB. */
export async function lookUpWooCommerceOrder(conn: WooCommerceConnection, orderId: string, options: WooCommerceHttpOptions): Promise<WooCommerceOrderLookup> {
  if (!/^\d{1,20}$/.test(orderId)) return { kind: 'unknown', reason: `"${orderId}" is not a WooCommerce order id` };
  const url = `${conn.storeUrl}/wp-json/wc/v3/orders/${orderId}`;
  const refused = outboundUrlProblem(url, options.allowPrivate);
  if (refused) return { kind: 'unknown', reason: `settings.store_url ${refused}` };
  const timeoutMs = options.timeoutMs ?? 10_000;
  let status: number;
  let text: string;
  try {
    // The guarded client: the address each connection reaches is checked, redirects are answers, the answer is capped.
    const response = await (options.fetch ?? outboundFetch({ allowPrivate: options.allowPrivate }))(url, {
      method: 'GET',
      headers: { authorization: `Basic ${Buffer.from(`${conn.consumerKey}:${conn.consumerSecret}`).toString('base64')}`, accept: 'application/json' },
      deadlineMs: timeoutMs,
      maxResponseBytes: MAX_ANSWER_BYTES,
    });
    status = response.status;
    text = new TextDecoder('utf-8', { fatal: true }).decode(await response.arrayBuffer());
  } catch (error) {
    const why = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? `no answer within ${timeoutMs} ms` : error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : 'network error';
    return { kind: 'unknown', reason: `the store could not be asked (${why})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'unknown', reason: `the store answered ${status} without JSON` };
  }
  // Only WooCommerce's own "no such order" proves a deletion: a wrong store_url answers 404 too (rest_no_route).
  if (status === 404 && isRecord(json) && json['code'] === 'woocommerce_rest_shop_order_invalid_id') return { kind: 'gone' };
  if (status !== 200) return { kind: 'unknown', reason: `the store answered ${status}${isRecord(json) && typeof json['code'] === 'string' && /^[a-z0-9_]{1,100}$/.test(json['code']) ? ` (${json['code']})` : ''}` };
  if (!isRecord(json) || String(json['id']) !== orderId) return { kind: 'unknown', reason: 'the store answered with another order' };
  if (findUnstorableString(json)) return { kind: 'unknown', reason: 'the store’s order holds text that cannot be stored' };
  return { kind: 'found', order: json };
}
