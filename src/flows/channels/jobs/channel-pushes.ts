// Shipments and refunds go back to the platform each order came from. Refunds: Shopify and
// WooCommerce get the refund recorded, every other platform a row for manual action
// (refund-push.ts, ADR 0021). Shipments: Shopify (a fulfillment, cancelled again
// when the shipment is voided: shopify-fulfillment-push.ts), WooCommerce, Amazon and eBay (a shipment
// confirmation: marketplace-shipment-push.ts). X12 partners get their 856 from x12-outbound.ts.
//
// One subscriber queues the push in the relay's transaction (no network); one job, `channel-pushes`,
// leases due pushes of every kind (FOR UPDATE SKIP LOCKED + a lease, so any number of workers share
// them), sends each with no transaction open, and settles the batch in one transaction, retrying
// with backoff for about a day.

import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { scheduledRetryDelayMs } from '../../../platform/kernel/retry.js';
import type { OutboxSubscriber, RelayedEvent } from '../../../platform/outbox/subscribers.js';
import { findChannel, leaseDuePushes, settlePushes, type ClaimedPush, type PushResult } from '../../../modules/channels/index.js';
import { findOrder } from '../../../modules/orders/index.js';
import { appendEvents } from '../../../platform/outbox/events.js';
import { REFUND_CREATED } from '../../../platform/outbox/event-types.js';
import { attemptRefundPush, CHANNEL_PUSH_ACTOR, queueRefundPush, refundStatusEvent, type RefundPushOptions } from '../steps/refund-push.js';
import { attemptShopifyPush, queueShopifyFulfillment, queueShopifyFulfillmentCancel, type Attempt, type ShopifyPushOptions } from '../steps/shopify-fulfillment-push.js';
import { attemptMarketplacePush, confirmsShipments, queueShipmentConfirmation, stopUnsentConfirmation, type MarketplacePushOptions } from '../steps/marketplace-shipment-push.js';

/** Delays after the 1st, 2nd… failed try (±20% jitter); the last try is ~24 h after the first. */
export const PUSH_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000] as const;

export function pushRetryDelayMs(failedAttempts: number, random: number): number | null {
  return scheduledRetryDelayMs(PUSH_RETRY_DELAYS_MS, failedAttempts, random);
}

/** The order and its active channel, when the event's shipment belongs to an order from a platform. */
async function platformOf(tx: Db, event: RelayedEvent) {
  const orderId = (event.data as { order_id?: string }).order_id;
  if (!orderId) return null;
  const order = await findOrder(tx, event.tenantId, orderId);
  if (!order?.externalId) return null;
  const channel = await findChannel(tx, event.tenantId, order.channel);
  if (!channel || !channel.active) return null;
  return { order: { ...order, externalId: order.externalId }, channel };
}

export const channelPushSubscriber: OutboxSubscriber = {
  name: 'channel-pushes',
  types: ['shipment.created', 'shipment.voided', REFUND_CREATED],
  async handle(tx: Db, event: RelayedEvent, now: Date): Promise<void> {
    if (event.type === REFUND_CREATED) {
      await queueRefundPush(tx, event, now);
      return;
    }
    if (event.type === 'shipment.voided') {
      // The pushes of the shipment say which platform it went to, even if the channel changed since.
      await queueShopifyFulfillmentCancel(tx, event, now);
      const found = await platformOf(tx, event);
      if (found && confirmsShipments(found.channel.type)) await stopUnsentConfirmation(tx, event, found.channel.type, now);
      return;
    }
    const found = await platformOf(tx, event);
    if (!found) return;
    const { order, channel } = found;
    if (channel.type === 'shopify') await queueShopifyFulfillment(tx, event, order, channel, now);
    else if (confirmsShipments(channel.type)) await queueShipmentConfirmation(tx, event, order, channel, channel.type, now);
  },
};

export interface PushJobOptions extends ShopifyPushOptions, MarketplacePushOptions, RefundPushOptions {
  batch?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  random?: () => number;
}

function attempt(push: ClaimedPush, options: PushJobOptions, now: Date): Promise<Attempt> {
  if (push.kind === 'shopify_refund' || push.kind === 'woocommerce_refund') return attemptRefundPush(push, options);
  if (push.kind === 'shopify_fulfillment' || push.kind === 'shopify_fulfillment_cancel') return attemptShopifyPush(push, options, now);
  return attemptMarketplacePush(push, options);
}

function resultOf(push: ClaimedPush, outcome: Attempt, at: Date, random: () => number): PushResult {
  if (outcome.kind === 'wait') return { tenantId: push.tenantId, id: push.id, statusCode: null, status: 'pending', nextAttemptAt: outcome.until, error: outcome.note, remoteId: null, doneAt: null, uncounted: true };
  if (outcome.kind === 'moot') return { tenantId: push.tenantId, id: push.id, statusCode: null, status: 'succeeded', nextAttemptAt: null, error: outcome.note, remoteId: null, doneAt: at };
  const base = { tenantId: push.tenantId, id: push.id, statusCode: outcome.statusCode };
  if (outcome.kind === 'succeeded') return { ...base, status: 'succeeded', nextAttemptAt: null, error: outcome.warnings.length > 0 ? outcome.warnings.join('; ') : null, remoteId: outcome.remoteId, doneAt: at };
  // Retry-After is a floor: a platform that keeps throttling must not spend the schedule in seconds.
  const scheduled = outcome.kind === 'retry' ? pushRetryDelayMs(push.attempts, random()) : null;
  const delay = scheduled === null ? null : Math.max(scheduled, outcome.kind === 'retry' ? (outcome.retryAfterMs ?? 0) : 0);
  if (delay === null) return { ...base, status: 'failed', nextAttemptAt: null, error: outcome.error, remoteId: null, doneAt: at };
  return { ...base, status: 'pending', nextAttemptAt: new Date(at.getTime() + delay), error: outcome.error, remoteId: null, doneAt: null };
}

/**
 * The job: leases due pushes (every kind, every tenant), sends each with no transaction open,
 * settles the batch in one transaction. `more` when the batch was full.
 */
export async function pushChannelUpdates(db: Db, now: Date, options: PushJobOptions): Promise<{ handled: number; more: boolean }> {
  const batch = options.batch ?? 20;
  const concurrency = options.concurrency ?? 4;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const random = options.random ?? Math.random;
  // Up to four calls per push (plus a token), each up to the timeout, plus settling: a live worker never loses its lease.
  const leaseUntil = new Date(now.getTime() + timeoutMs * 5 * Math.ceil(batch / concurrency) + 30_000);
  const leased = await inTransaction(db, (tx) => leaseDuePushes(tx, now, leaseUntil, batch));
  if (leased.length === 0) return { handled: 0, more: false };
  const started = performance.now();
  const clock = () => new Date(now.getTime() + Math.round(performance.now() - started));
  const results: PushResult[] = [];
  for (let i = 0; i < leased.length; i += concurrency) {
    const slice = leased.slice(i, i + concurrency);
    const sliceAt = clock();
    const outcomes = await Promise.all(slice.map((p) => attempt(p, { ...options, timeoutMs, now: clock }, sliceAt)));
    const at = clock();
    slice.forEach((p, j) => results.push(resultOf(p, outcomes[j] as Attempt, at, random)));
  }
  // A refund's end on its platform (recorded, or given up) goes on the order's timeline with the settling.
  const byId = new Map(leased.map((p) => [p.id, p]));
  const refundEvents = results.flatMap((r) => {
    const p = byId.get(r.id);
    if (!p?.refundId || (r.status !== 'succeeded' && r.status !== 'failed')) return [];
    return [{ tenantId: p.tenantId, at: r.doneAt ?? now, event: refundStatusEvent({ ...p, remoteId: r.remoteId }, r.status, r.error) }];
  });
  await inTransaction(db, async (tx) => {
    await settlePushes(tx, results);
    for (const e of refundEvents) await appendEvents(tx, { tenantId: e.tenantId, actorId: CHANNEL_PUSH_ACTOR }, e.at, [e.event]);
  });
  return { handled: leased.length, more: leased.length === batch };
}
