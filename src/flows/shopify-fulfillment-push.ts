// Shipping an order that came from Shopify tells Shopify: the outbox relay queues a push row on
// `shipment.created` (in its transaction, no network), and the `shopify-fulfillment-push` job
// sends it (lease, HTTP with no transaction open, settle), retrying with backoff.
//
// Voiding the shipment (`shipment.voided`) undoes it: a push never tried is ended `failed` and never
// sent; one that reached Shopify, or may have (tried, still retrying), gets a
// `shopify_fulfillment_cancel` push that the same job sends once the fulfillment push succeeded
// (the cancel needs Shopify's fulfillment id, its `remote_id`).

import type { Db } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import { newId } from '../platform/kernel/ids.js';
import { openSecret } from '../platform/kernel/secret-box.js';
import type { OutboxSubscriber, RelayedEvent } from '../platform/outbox/subscribers.js';
import {
  cancelShopifyFulfillment,
  findChannel,
  findPushOfShipment,
  insertPush,
  leaseDuePushes,
  pushShopifyFulfillment,
  settlePushes,
  supersedeUntriedPush,
  type ChannelPushRow,
  type ClaimedPush,
  type PushOutcome,
  type PushResult,
  type ShopifyFulfillmentCancelPayload,
  type ShopifyFulfillmentPayload,
  type ShopifyHttpOptions,
} from '../modules/channels/index.js';
import { findFulfillmentOrder } from '../modules/fulfillment/index.js';
import { scheduledRetryDelayMs } from '../platform/kernel/retry.js';
import { findOrder, linesOfOrders } from '../modules/orders/index.js';

/** Delays after the 1st, 2nd… failed try (±20% jitter); the last try is ~24 h after the first. */
export const PUSH_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000] as const;

export function pushRetryDelayMs(failedAttempts: number, random: number): number | null {
  return scheduledRetryDelayMs(PUSH_RETRY_DELAYS_MS, failedAttempts, random);
}

function shopDomainOf(settings: Record<string, unknown>): string | null {
  const d = settings['shop_domain'];
  return typeof d === 'string' && d !== '' ? d : null;
}

/**
 * The push row for a shipment of a Shopify order, when its channel is an active shopify channel
 * with a shop domain and an access token. Null (nothing queued) otherwise, or when the shipment
 * has its push already (a replayed event).
 */
export async function queueShopifyFulfillment(tx: Db, event: RelayedEvent, now: Date): Promise<string | null> {
  const data = event.data as { order_id?: string; fulfillment_order_id?: string; carrier?: string; service?: string | null; tracking_numbers?: string[]; tracking_url?: string | null };
  if (!data.order_id || !data.fulfillment_order_id) return null;
  const order = await findOrder(tx, event.tenantId, data.order_id);
  if (!order?.externalId) return null;
  const channel = await findChannel(tx, event.tenantId, order.channel);
  if (!channel || channel.type !== 'shopify' || !channel.active || channel.accessTokenSealed === null || shopDomainOf(channel.settings) === null) return null;

  const [fo, orderLines] = await Promise.all([findFulfillmentOrder(tx, event.tenantId, data.fulfillment_order_id), linesOfOrders(tx, event.tenantId, [order.id])]);
  if (!fo) return null;
  // Shopify knows a kit by the kit's own line: its component units count as kits shipped.
  const byId = new Map(orderLines.map((l) => [l.id, l]));
  const units = new Map<string, { sku: string; quantity: number }>();
  for (const l of fo.lines) {
    const line = byId.get(l.orderLineId);
    const kit = line?.parentLineId ? byId.get(line.parentLineId) : undefined;
    if (kit && line) {
      const perKit = Math.max(1, Math.round(line.quantity / kit.quantity));
      const entry = units.get(kit.id);
      const n = Math.floor(l.quantity / perKit);
      if (entry) entry.quantity = Math.min(entry.quantity, n);
      else units.set(kit.id, { sku: kit.sku, quantity: n });
    } else {
      units.set(l.orderLineId, { sku: l.sku, quantity: (units.get(l.orderLineId)?.quantity ?? 0) + l.quantity });
    }
  }
  const items = new Map<string, number>();
  for (const u of units.values()) if (u.quantity > 0) items.set(u.sku, (items.get(u.sku) ?? 0) + u.quantity);

  const payload: ShopifyFulfillmentPayload = {
    carrier: data.carrier ?? '',
    service: data.service ?? null,
    tracking_numbers: data.tracking_numbers ?? [],
    tracking_url: data.tracking_url ?? null,
    items: [...items].map(([sku, quantity]) => ({ sku, quantity })),
    notify_customer: channel.settings['notify_customer'] !== false,
  };
  const id = newId('chp');
  const inserted = await insertPush(tx, newPushRow(event, { id, channelId: channel.id, kind: 'shopify_fulfillment', orderId: order.id, externalOrderId: order.externalId, payload }, now));
  return inserted ? id : null;
}

/** A push about the event's shipment, due now. */
function newPushRow(event: RelayedEvent, push: Pick<ChannelPushRow, 'id' | 'channelId' | 'kind' | 'orderId' | 'externalOrderId' | 'payload'>, now: Date): ChannelPushRow {
  return { ...push, tenantId: event.tenantId, shipmentId: event.aggregateId, status: 'pending', attempts: 0, nextAttemptAt: now, leasedUntil: null, lastStatusCode: null, lastError: null, remoteId: null, createdAt: now, doneAt: null };
}

export const VOIDED_BEFORE_SENT = 'shipment voided before it was sent';

/**
 * A voided shipment's fulfillment push: never tried → ended `failed` (VOIDED_BEFORE_SENT), nothing
 * queued; succeeded, or tried and still retrying → the cancel push's id. Null when the shipment has
 * no fulfillment push, it failed for good (Shopify has nothing to cancel), or the cancel is queued
 * already (a replayed event).
 */
export async function queueShopifyFulfillmentCancel(tx: Db, event: RelayedEvent, now: Date): Promise<string | null> {
  const fulfillment = await findPushOfShipment(tx, event.tenantId, event.aggregateId, 'shopify_fulfillment');
  if (!fulfillment || fulfillment.status === 'failed') return null;
  // Conditional: a worker leasing it meanwhile makes it "tried", and then it needs the cancel.
  if (fulfillment.status === 'pending' && (await supersedeUntriedPush(tx, event.tenantId, fulfillment.id, VOIDED_BEFORE_SENT, now))) return null;
  const reason = (event.data as { reason?: unknown }).reason;
  const payload: ShopifyFulfillmentCancelPayload = { fulfillment_push_id: fulfillment.id, reason: typeof reason === 'string' && reason !== '' ? reason : null };
  const id = newId('chp');
  const inserted = await insertPush(tx, newPushRow(event, { id, channelId: fulfillment.channelId, kind: 'shopify_fulfillment_cancel', orderId: fulfillment.orderId, externalOrderId: fulfillment.externalOrderId, payload }, now));
  return inserted ? id : null;
}

export const shopifyFulfillmentSubscriber: OutboxSubscriber = {
  name: 'shopify-fulfillment',
  types: ['shipment.created', 'shipment.voided'],
  async handle(tx: Db, event: RelayedEvent, now: Date): Promise<void> {
    if (event.type === 'shipment.voided') await queueShopifyFulfillmentCancel(tx, event, now);
    else await queueShopifyFulfillment(tx, event, now);
  },
};

export interface PushJobOptions extends ShopifyHttpOptions {
  secretKey: Buffer;
  batch?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  random?: () => number;
}

/** How long a cancel waits past its fulfillment push's next try (or lease) before looking again. */
export const CANCEL_WAIT_MS = 5_000;

/** The job's attempt: a call's outcome, or, for a cancel, waiting for its fulfillment push / nothing to cancel. */
type Attempt = PushOutcome | { kind: 'wait'; until: Date; note: string } | { kind: 'moot'; note: string };

/** Whether a cancel can go now: it needs the fulfillment push settled, and Shopify's id from it. */
function cancelReadiness(push: ClaimedPush, now: Date): Attempt | { kind: 'ready'; fulfillmentId: string } {
  const f = push.fulfillment;
  if (!f) return { kind: 'failed', statusCode: null, error: 'the shipment has no shopify_fulfillment push to cancel' };
  if (f.status === 'pending') {
    const after = Math.max(f.nextAttemptAt.getTime(), f.leasedUntil?.getTime() ?? 0, now.getTime());
    return { kind: 'wait', until: new Date(after + CANCEL_WAIT_MS), note: 'waiting for the fulfillment push, still being tried' };
  }
  if (f.status === 'failed' || f.remoteId === null) return { kind: 'moot', note: 'nothing to cancel: the fulfillment push failed, Shopify has no fulfillment of this shipment' };
  return { kind: 'ready', fulfillmentId: f.remoteId };
}

async function attempt(push: ClaimedPush, options: PushJobOptions, now: Date): Promise<Attempt> {
  let fulfillmentId: string | null = null;
  if (push.kind === 'shopify_fulfillment_cancel') {
    const ready = cancelReadiness(push, now);
    if (ready.kind !== 'ready') return ready;
    fulfillmentId = ready.fulfillmentId;
  }
  if (!push.channelActive) return { kind: 'failed', statusCode: null, error: 'the channel is deactivated' };
  const shopDomain = shopDomainOf(push.channelSettings);
  if (!shopDomain || !push.accessTokenSealed) return { kind: 'failed', statusCode: null, error: 'the channel has no settings.shop_domain or access token' };
  let accessToken: string;
  try {
    accessToken = openSecret(push.accessTokenSealed, options.secretKey);
  } catch (error) {
    return { kind: 'failed', statusCode: null, error: `the access token cannot be opened: ${(error as Error).message}` };
  }
  if (fulfillmentId !== null) return cancelShopifyFulfillment({ shopDomain, accessToken }, fulfillmentId, options);
  return pushShopifyFulfillment({ shopDomain, accessToken }, push.externalOrderId, push.payload as ShopifyFulfillmentPayload, options);
}

function resultOf(push: ClaimedPush, outcome: Attempt, at: Date, random: () => number): PushResult {
  if (outcome.kind === 'wait') return { tenantId: push.tenantId, id: push.id, statusCode: null, status: 'pending', nextAttemptAt: outcome.until, error: outcome.note, remoteId: null, doneAt: null, uncounted: true };
  if (outcome.kind === 'moot') return { tenantId: push.tenantId, id: push.id, statusCode: null, status: 'succeeded', nextAttemptAt: null, error: outcome.note, remoteId: null, doneAt: at };
  const base = { tenantId: push.tenantId, id: push.id, statusCode: outcome.statusCode };
  if (outcome.kind === 'succeeded') return { ...base, status: 'succeeded', nextAttemptAt: null, error: outcome.warnings.length > 0 ? outcome.warnings.join('; ') : null, remoteId: outcome.remoteId, doneAt: at };
  // Retry-After is a floor: a store that keeps throttling must not spend the schedule in seconds.
  const scheduled = outcome.kind === 'retry' ? pushRetryDelayMs(push.attempts, random()) : null;
  const delay = scheduled === null ? null : Math.max(scheduled, outcome.kind === 'retry' ? (outcome.retryAfterMs ?? 0) : 0);
  if (delay === null) return { ...base, status: 'failed', nextAttemptAt: null, error: outcome.error, remoteId: null, doneAt: at };
  return { ...base, status: 'pending', nextAttemptAt: new Date(at.getTime() + delay), error: outcome.error, remoteId: null, doneAt: null };
}

/**
 * The job: leases due pushes (fulfillments and cancels; FOR UPDATE SKIP LOCKED, so workers share
 * them), sends each with no transaction open, settles the batch in one transaction. `more` when
 * the batch was full.
 */
export async function pushShopifyFulfillments(db: Db, now: Date, options: PushJobOptions): Promise<{ handled: number; more: boolean }> {
  const batch = options.batch ?? 20;
  const concurrency = options.concurrency ?? 4;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const random = options.random ?? Math.random;
  // Up to four calls per push, each up to the timeout, plus settling: a live worker never loses its lease.
  const leaseUntil = new Date(now.getTime() + timeoutMs * 4 * Math.ceil(batch / concurrency) + 30_000);
  const leased = await inTransaction(db, (tx) => leaseDuePushes(tx, now, leaseUntil, batch));
  if (leased.length === 0) return { handled: 0, more: false };
  const started = performance.now();
  const results: PushResult[] = [];
  for (let i = 0; i < leased.length; i += concurrency) {
    const slice = leased.slice(i, i + concurrency);
    const sliceAt = new Date(now.getTime() + Math.round(performance.now() - started));
    const outcomes = await Promise.all(slice.map((p) => attempt(p, { ...options, timeoutMs }, sliceAt)));
    const at = new Date(now.getTime() + Math.round(performance.now() - started));
    slice.forEach((p, j) => results.push(resultOf(p, outcomes[j] as Attempt, at, random)));
  }
  await inTransaction(db, (tx) => settlePushes(tx, results));
  return { handled: leased.length, more: leased.length === batch };
}
