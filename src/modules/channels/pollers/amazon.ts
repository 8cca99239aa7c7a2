// Amazon Selling Partner API, Orders v0, polled. Per poll:
//  1. a Login with Amazon access token (POST https://api.amazon.com/auth/o2/token,
//     grant_type=refresh_token), reused until shortly before it expires;
//  2. with `restrictedData` (the default), a Restricted Data Token for getOrders' buyerInfo and
//     shippingAddress (POST /tokens/2021-03-01/restrictedDataToken): without it Amazon withholds
//     names and street lines and mapAmazonOrder refuses merchant-fulfilled orders;
//  3. getOrders (GET /orders/v0/orders?MarketplaceIds=…&LastUpdatedAfter=…, then NextToken) with
//     the token in `x-amz-access-token`;
//  4. getOrderItems (GET /orders/v0/orders/{id}/orderItems, every NextToken page) per order.
// Each order comes back as `{ order, items }`, the input of mapAmazonOrder. The cursor is the
// page's LastUpdatedBefore (Amazon's own upper bound), else the latest LastUpdateDate seen.
// Amazon refuses a LastUpdatedAfter later than two minutes ago, so `since` is clamped to that
// (reading a little more is harmless: capture is idempotent per external id). A throttled read
// (429) waits and is tried again, up to `maxRetries` times.

import { PollError, isRecord, latest, requestJson, retryThrottled, type ChannelPoller, type HttpOptions, type RetryOptions } from './poller.js';
import { lwaTokenSource } from '../use-cases/marketplace-tokens.js';

export interface AmazonPollerConfig extends HttpOptions, RetryOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** e.g. ATVPDKIKX0DER (amazon.com). */
  marketplaceIds: readonly string[];
  /** Default https://sellingpartnerapi-na.amazon.com (eu-/fe- for the other regions). */
  endpoint?: string;
  /** Default https://api.amazon.com/auth/o2/token. */
  tokenUrl?: string;
  /** Read addresses and buyer e-mail through a Restricted Data Token. Default true. */
  restrictedData?: boolean;
  /** Default ['MFN']: orders Amazon fulfils itself are not ours to ship. */
  fulfillmentChannels?: readonly string[];
  /** How far back the first poll (since = null) reads. Default 30 days. */
  firstPollDays?: number;
  /** Safety stop against a NextToken loop. Default 100 pages per list. */
  maxPages?: number;
  now?: () => Date;
}

export function amazonPoller(config: AmazonPollerConfig): ChannelPoller {
  const endpoint = (config.endpoint ?? 'https://sellingpartnerapi-na.amazon.com').replace(/\/+$/, '');
  const now = config.now ?? (() => new Date());
  const maxPages = config.maxPages ?? 100;

  const lwaToken = lwaTokenSource(config, now);

  // Throttled reads wait and try again: Amazon sends no Retry-After; getOrderItems refills one
  // request every 2 s and getOrders one a minute, so a poll of many orders is throttled by design.
  const get = (path: string, token: string, what: string, waitMs: number, signal?: AbortSignal) =>
    retryThrottled(config, waitMs, () => requestJson(config, `${endpoint}${path}`, { method: 'GET', headers: { 'x-amz-access-token': token, accept: 'application/json' } }, what, signal), signal);

  async function restrictedDataToken(token: string, signal?: AbortSignal): Promise<string> {
    const body = JSON.stringify({ restrictedResources: [{ method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] }] });
    const json = await requestJson(
      config,
      `${endpoint}/tokens/2021-03-01/restrictedDataToken`,
      { method: 'POST', headers: { 'x-amz-access-token': token, 'content-type': 'application/json', accept: 'application/json' }, body },
      'Amazon createRestrictedDataToken',
      signal,
    );
    if (typeof json['restrictedDataToken'] !== 'string') throw new PollError(502, 'BAD_RESPONSE', 'Amazon gave no restrictedDataToken', false);
    return json['restrictedDataToken'];
  }

  async function orderItems(orderId: string, token: string, signal?: AbortSignal): Promise<unknown[]> {
    const items: unknown[] = [];
    let next: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      const query: string = next === null ? '' : `?${new URLSearchParams({ NextToken: next }).toString()}`;
      const json = await get(`/orders/v0/orders/${encodeURIComponent(orderId)}/orderItems${query}`, token, `Amazon getOrderItems ${orderId}`, 2_000, signal);
      const payload = isRecord(json['payload']) ? json['payload'] : {};
      if (Array.isArray(payload['OrderItems'])) items.push(...payload['OrderItems']);
      next = typeof payload['NextToken'] === 'string' && payload['NextToken'] !== '' ? payload['NextToken'] : null;
      if (next === null) return items;
    }
    throw new PollError(502, 'TOO_MANY_PAGES', `Amazon getOrderItems ${orderId} kept answering NextToken after ${maxPages} pages`, false);
  }

  return {
    async poll(since, signal) {
      const latestAllowed = now().getTime() - 2 * 60_000;
      const from = since === null ? latestAllowed - (config.firstPollDays ?? 30) * 86_400_000 : Math.min(Date.parse(since), latestAllowed);
      if (Number.isNaN(from)) throw new PollError(400, 'BAD_CURSOR', `since must be an ISO 8601 instant, not ${String(since)}`, false);
      const token = await lwaToken(signal);
      const listToken = config.restrictedData === false ? token : await restrictedDataToken(token, signal);

      const orders: Record<string, unknown>[] = [];
      let upperBound: string | null = null;
      let next: string | null = null;
      for (let page = 0; ; page++) {
        if (page >= maxPages) throw new PollError(502, 'TOO_MANY_PAGES', `Amazon getOrders kept answering NextToken after ${maxPages} pages`, false);
        const query = new URLSearchParams({ MarketplaceIds: config.marketplaceIds.join(',') });
        if (next === null) {
          query.set('LastUpdatedAfter', new Date(from).toISOString());
          query.set('FulfillmentChannels', (config.fulfillmentChannels ?? ['MFN']).join(','));
        } else {
          query.set('NextToken', next);
        }
        const json = await get(`/orders/v0/orders?${query.toString()}`, listToken, 'Amazon getOrders', 60_000, signal);
        const payload = isRecord(json['payload']) ? json['payload'] : {};
        if (Array.isArray(payload['Orders'])) orders.push(...payload['Orders'].filter(isRecord));
        if (typeof payload['LastUpdatedBefore'] === 'string') upperBound = payload['LastUpdatedBefore'];
        next = typeof payload['NextToken'] === 'string' && payload['NextToken'] !== '' ? payload['NextToken'] : null;
        if (next === null) break;
      }

      const result: unknown[] = [];
      for (const order of orders) {
        const id = order['AmazonOrderId'];
        // An order without an id is still handed on: the mapper reports it with its path.
        result.push({ order, items: typeof id === 'string' ? await orderItems(id, token, signal) : [] });
      }
      const cursor = upperBound ?? latest(orders.map((o) => o['LastUpdateDate'])) ?? since ?? new Date(from).toISOString();
      return { orders: result, cursor };
    },
  };
}
