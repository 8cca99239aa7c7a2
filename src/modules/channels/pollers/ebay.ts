// eBay Sell Fulfillment API v1, polled: getOrders (GET /sell/fulfillment/v1/order) filtered by
// `lastmodifieddate:[since..]`, page by page (limit/offset until `total`), with an OAuth user
// access token as `Authorization: Bearer`. The token is either given, or minted from the seller's
// refresh token (POST /identity/v1/oauth2/token, grant_type=refresh_token, HTTP Basic with the
// app's client id and secret) and reused until shortly before it expires.
// Each order is the eBay Order as returned, the input of mapEbayOrder. The cursor is the latest
// lastModifiedDate seen (re-reading that instant next time is harmless: capture is idempotent).
// The first poll (since = null) sends no filter: eBay then returns the last 90 days. A throttled
// page (429) waits (Retry-After, else 10 s) and is asked again, up to `maxRetries` times.

import { PollError, isRecord, latest, requestJson, retryThrottled, type ChannelPoller, type HttpOptions, type RetryOptions } from './poller.js';
import { EBAY_SCOPES, ebayTokenSource, type EbayCredentials } from '../use-cases/marketplace-tokens.js';

export type EbayPollerConfig = HttpOptions &
  RetryOptions &
  EbayCredentials & {
    /** Default https://api.ebay.com (https://api.sandbox.ebay.com for the sandbox). */
    endpoint?: string;
    /** Orders per page, 1–200. Default 100. */
    limit?: number;
    /** Safety stop. Default 100 pages. */
    maxPages?: number;
    now?: () => Date;
  };

export function ebayPoller(config: EbayPollerConfig): ChannelPoller {
  const endpoint = (config.endpoint ?? 'https://api.ebay.com').replace(/\/+$/, '');
  const limit = Math.min(200, Math.max(1, config.limit ?? 100));
  const maxPages = config.maxPages ?? 100;
  const now = config.now ?? (() => new Date());

  const token = ebayTokenSource(config, endpoint, [EBAY_SCOPES.read], now);

  return {
    async poll(since, signal) {
      let filter: string | null = null;
      if (since !== null) {
        const ms = Date.parse(since);
        if (Number.isNaN(ms)) throw new PollError(400, 'BAD_CURSOR', `since must be an ISO 8601 instant, not ${since}`, false);
        filter = `lastmodifieddate:[${new Date(ms).toISOString()}..]`;
      }
      const bearer = await token(signal);
      const orders: unknown[] = [];
      for (let page = 0, offset = 0; ; page++) {
        if (page >= maxPages) throw new PollError(502, 'TOO_MANY_PAGES', `eBay getOrders had more than ${maxPages} pages`, false);
        const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
        if (filter !== null) query.set('filter', filter);
        const url = `${endpoint}/sell/fulfillment/v1/order?${query.toString()}`;
        const json = await retryThrottled(
          config,
          10_000,
          () => requestJson(config, url, { method: 'GET', headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' } }, 'eBay getOrders', signal),
          signal,
        );
        const pageOrders = Array.isArray(json['orders']) ? json['orders'] : [];
        orders.push(...pageOrders);
        const total = typeof json['total'] === 'number' ? json['total'] : 0;
        offset += limit;
        if (pageOrders.length === 0 || offset >= total) break;
      }
      const cursor = latest(orders.map((o) => (isRecord(o) ? o['lastModifiedDate'] : undefined))) ?? since;
      return { orders, cursor };
    },
  };
}
