// Shipping an order that came from Shopify tells Shopify: the outbox relay queues a push row on
// `shipment.created` (in its transaction, no network), and the `channel-pushes` job
// (src/flows/channels/jobs/channel-pushes.ts) sends it (lease, HTTP with no transaction open, settle), retrying
// with backoff.
//
// Voiding the shipment (`shipment.voided`) undoes it: a push never tried is ended `failed` and never
// sent; one that reached Shopify, or may have (tried, still retrying), gets a
// `shopify_fulfillment_cancel` push that the same job sends once the fulfillment push succeeded
// (the cancel needs Shopify's fulfillment id, its `remote_id`).

import type { Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import { openSecret } from '../../../platform/kernel/secret-box.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import {
  cancelShopifyFulfillment,
  findPushOfShipment,
  insertPush,
  pushShopifyFulfillment,
  supersedeUntriedPush,
  type ChannelRow,
  type ClaimedPush,
  type PushOutcome,
  type ShopifyFulfillmentCancelPayload,
  type ShopifyFulfillmentPayload,
  type ShopifyHttpOptions,
} from '../../../modules/channels/index.js';
import type { OrderRow } from '../../../modules/orders/index.js';
import { newPushRow, shippedItems, VOIDED_BEFORE_SENT, type ShipmentCreatedData } from './channel-push-rows.js';

function shopDomainOf(settings: Record<string, unknown>): string | null {
  const d = settings['shop_domain'];
  return typeof d === 'string' && d !== '' ? d : null;
}

/**
 * The push row for a shipment of a Shopify order, when its channel has a shop domain and an access
 * token. Null (nothing queued) otherwise, or when the shipment has its push already (a replayed event).
 */
export async function queueShopifyFulfillment(tx: Db, event: RelayedEvent, order: OrderRow & { externalId: string }, channel: ChannelRow, now: Date): Promise<string | null> {
  const data = event.data as ShipmentCreatedData;
  if (channel.accessTokenSealed === null || shopDomainOf(channel.settings) === null || !data.fulfillment_order_id) return null;
  const items = await shippedItems(tx, event.tenantId, order.id, data.fulfillment_order_id);
  if (!items) return null;
  const payload: ShopifyFulfillmentPayload = {
    carrier: data.carrier ?? '',
    service: data.service ?? null,
    tracking_numbers: data.tracking_numbers ?? [],
    tracking_url: data.tracking_url ?? null,
    items,
    notify_customer: channel.settings['notify_customer'] !== false,
  };
  const id = newId('chp');
  const inserted = await insertPush(tx, newPushRow(event, { id, channelId: channel.id, kind: 'shopify_fulfillment', orderId: order.id, externalOrderId: order.externalId, payload }, now));
  return inserted ? id : null;
}

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

export interface ShopifyPushOptions extends ShopifyHttpOptions {
  secretKey: Buffer;
}

/** How long a cancel waits past its fulfillment push's next try (or lease) before looking again. */
export const CANCEL_WAIT_MS = 5_000;

/** The job's attempt: a call's outcome, or, for a cancel, waiting for its fulfillment push / nothing to cancel. */
export type Attempt = PushOutcome | { kind: 'wait'; until: Date; note: string } | { kind: 'moot'; note: string };

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

/** One attempt at a Shopify push (a fulfillment, or the cancel of one). */
export async function attemptShopifyPush(push: ClaimedPush, options: ShopifyPushOptions, now: Date): Promise<Attempt> {
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
