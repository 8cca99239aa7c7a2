// A refund goes back to the platform its order came from (ADR 0021), through the shipments' push
// table and job: on `refund.created` the outbox relay queues one row per refund, in its transaction
// (no network), and the `channel-pushes` job sends it, retrying with backoff.
//
// - Shopify (settings.shop_domain and an access token) → `shopify_refund`; WooCommerce
//   (settings.store_url and a consumer key:secret) → `woocommerce_refund`. The platform records the
//   refunded lines, shipping and amount; it moves the money through its own payment gateway only
//   when settings.refund_through_platform is true (default false: the money moved where the OMS
//   refund was made, and a second refund at the platform's gateway would pay the customer twice).
// - Every other platform (Amazon, eBay, POS, X12, CSV, API), a Shopify / WooCommerce channel that
//   cannot be reached (no credentials, deactivated, settings.push_refunds false), or a refund the
//   ledger does not itemise: a `manual_refund` row, status `manual_action_required`, never sent,
//   saying why: GET /v1/channels/{id}/pushes?status=manual_action_required lists what an operator
//   still has to record on the platform by hand.
// - A refund the platform itself reported (ledger source `channel`) is not sent back to it, nor
//   one on a gateway whose money stays with the merchant (`store_credit`, `exchange`: ADR 0022):
//   no money went back to what the customer paid with on the platform.
// Each outcome (queued for manual action; sent; failed for good) is an `order.refund_channel_status`
// event on the order, by `system:channel-pushes`.

import type { Db } from '../../../platform/db/database.js';
import { outboundFetch } from '../../../platform/http/outbound.js';
import { openSecret } from '../../../platform/kernel/secret-box.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents, type NewEvent } from '../../../platform/outbox/events.js';
import { ORDER_REFUND_CHANNEL_STATUS, type OrderRefundChannelStatus, type RefundCreated } from '../../../platform/outbox/event-types.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import { findChannel, insertPush, PollError, pushShopifyRefund, pushWooCommerceRefund, type ChannelPushRow, type ChannelRow, type ClaimedPush, type PushOutcome, type RefundPushPayload, type ShopifyHttpOptions } from '../../../modules/channels/index.js';
import { findOrder } from '../../../modules/orders/index.js';
import { MERCHANT_HELD_GATEWAYS, transactionsOfOrder } from '../../../modules/payments/index.js';
import { refundsOfOrder } from '../../../modules/returns/index.js';
import { wooAccess, type AccessOptions } from './marketplace-access.js';

export const CHANNEL_PUSH_ACTOR = 'system:channel-pushes';

/** Where a refund of an order from this channel goes: a push kind, or why it is left to an operator. */
export function refundRoute(channel: Pick<ChannelRow, 'type' | 'name' | 'active' | 'settings' | 'accessTokenSealed'>): { kind: 'shopify_refund' | 'woocommerce_refund' } | { kind: 'manual_refund'; why: string } {
  const label = `${channel.type} channel "${channel.name}"`;
  if (channel.type !== 'shopify' && channel.type !== 'woocommerce') return { kind: 'manual_refund', why: `the OMS does not send refunds to ${label}: record the refund on the platform by hand` };
  if (!channel.active) return { kind: 'manual_refund', why: `${label} is deactivated: record the refund on the platform by hand` };
  if (channel.settings['push_refunds'] === false) return { kind: 'manual_refund', why: `${label} has settings.push_refunds false: record the refund on the platform by hand` };
  const where = channel.type === 'shopify' ? 'shop_domain' : 'store_url';
  if (channel.accessTokenSealed === null || typeof channel.settings[where] !== 'string') return { kind: 'manual_refund', why: `${label} has no settings.${where} or access token: record the refund on the platform by hand` };
  return { kind: channel.type === 'shopify' ? 'shopify_refund' : 'woocommerce_refund' };
}

/** The event that tells the order's timeline what became of the refund on its platform. */
export function refundStatusEvent(push: Pick<ChannelPushRow, 'id' | 'orderId' | 'channelId' | 'kind' | 'refundId' | 'remoteId'>, status: OrderRefundChannelStatus['status'], error: string | null): NewEvent {
  const data: OrderRefundChannelStatus = { refund_id: push.refundId ?? '', push_id: push.id, channel_id: push.channelId, kind: push.kind, status, remote_id: push.remoteId, reason: error ?? '' };
  return { type: ORDER_REFUND_CHANNEL_STATUS, aggregateType: 'order', aggregateId: push.orderId, data: { ...data } };
}

/**
 * The refund's push row, queued (or, for manual action, recorded with its event). Null when the
 * order came from no channel, the platform reported the refund itself, or the refund has its row
 * already (a replayed event).
 */
export async function queueRefundPush(tx: Db, event: RelayedEvent, now: Date): Promise<string | null> {
  const data = event.data as unknown as RefundCreated;
  const order = await findOrder(tx, event.tenantId, data.order_id);
  if (!order) return null;
  const channel = await findChannel(tx, event.tenantId, order.channel);
  if (!channel) return null;
  const ledger = await transactionsOfOrder(tx, event.tenantId, order.id);
  const refund = ledger.find((t) => t.id === data.refund_id);
  if (!refund || refund.source === 'channel' || MERCHANT_HELD_GATEWAYS.has(refund.gateway)) return null;
  const parent = refund.parentId === null ? undefined : ledger.find((t) => t.id === refund.parentId);
  // A return's refund row has each line's tax; the event has the lines' goods value and the total tax.
  const ofReturn = (await refundsOfOrder(tx, event.tenantId, order.id)).find((r) => r.transactionId === refund.id);
  const e = currencyExponent(refund.currency) ?? 2;
  const lines = ofReturn
    ? ofReturn.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, amountMinor: l.amount_minor, taxMinor: l.tax_minor }))
    : data.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, amountMinor: l.amount_minor, taxMinor: 0 }));
  const lineTax = lines.reduce((s, l) => s + l.taxMinor, 0);
  const payload: RefundPushPayload = {
    transaction_id: refund.id,
    return_id: ofReturn?.returnId ?? null,
    currency: refund.currency,
    amount: formatMoney(refund.amountMinor, e),
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, amount: formatMoney(l.amountMinor, e), tax: formatMoney(l.taxMinor, e) })),
    shipping: formatMoney(data.shipping_minor, e),
    shipping_tax: formatMoney((data.tax_minor ?? 0) - lineTax, e),
    reason: data.reason,
    through_platform: channel.settings['refund_through_platform'] === true,
    parent_gateway: parent?.gateway ?? null,
    parent_reference: parent?.gatewayReference ?? null,
  };
  let route = refundRoute(channel);
  if (route.kind !== 'manual_refund' && lines.length === 0 && data.shipping_minor === 0) {
    route = { kind: 'manual_refund', why: 'the refund names no lines or shipping (recorded on the ledger on its own): record it on the platform by hand' };
  } else if (route.kind !== 'manual_refund' && !order.externalId) {
    route = { kind: 'manual_refund', why: 'the order has no platform order id: record the refund on the platform by hand' };
  }
  const manual = route.kind === 'manual_refund';
  const row: ChannelPushRow = {
    tenantId: event.tenantId,
    id: newId('chp'),
    channelId: channel.id,
    kind: route.kind,
    shipmentId: null,
    refundId: refund.id,
    orderId: order.id,
    externalOrderId: order.externalId ?? '',
    payload,
    status: manual ? 'manual_action_required' : 'pending',
    attempts: 0,
    nextAttemptAt: now,
    leasedUntil: null,
    lastStatusCode: null,
    lastError: route.kind === 'manual_refund' ? route.why : null,
    remoteId: null,
    createdAt: now,
    doneAt: null,
  };
  if (!(await insertPush(tx, row))) return null;
  if (manual) await appendEvents(tx, { tenantId: event.tenantId, actorId: CHANNEL_PUSH_ACTOR }, now, [refundStatusEvent(row, 'manual_action_required', row.lastError)]);
  return row.id;
}

export interface RefundPushOptions extends ShopifyHttpOptions, AccessOptions {}

/** One attempt at a `shopify_refund` or `woocommerce_refund` push. */
export async function attemptRefundPush(push: ClaimedPush, options: RefundPushOptions): Promise<PushOutcome> {
  if (!push.channelActive) return { kind: 'failed', statusCode: null, error: 'the channel is deactivated' };
  const payload = push.payload as RefundPushPayload;
  if (push.kind === 'shopify_refund') {
    const shopDomain = push.channelSettings['shop_domain'];
    if (typeof shopDomain !== 'string' || shopDomain === '' || !push.accessTokenSealed) return { kind: 'failed', statusCode: null, error: 'the channel has no settings.shop_domain or access token' };
    let accessToken: string;
    try {
      accessToken = openSecret(push.accessTokenSealed, options.secretKey);
    } catch (error) {
      return { kind: 'failed', statusCode: null, error: `the access token cannot be opened: ${(error as Error).message}` };
    }
    return pushShopifyRefund({ shopDomain, accessToken }, push.externalOrderId, payload, push.channelSettings['notify_customer'] !== false, options);
  }
  if (push.kind !== 'woocommerce_refund') return { kind: 'failed', statusCode: null, error: `${push.kind} is not a refund push` };
  const channel = { settings: push.channelSettings, secretSealed: push.secretSealed, accessTokenSealed: push.accessTokenSealed };
  try {
    const conn = wooAccess(channel, options);
    // A merchant chooses the store's address: where it connects is checked by the guarded client, every time.
    return await pushWooCommerceRefund(conn, push.externalOrderId, payload, { fetch: options.fetch ?? outboundFetch({ allowPrivate: options.allowPrivate ?? false }), timeoutMs: options.timeoutMs ?? 15_000 });
  } catch (error) {
    if (error instanceof PollError) return { kind: 'failed', statusCode: null, error: `${error.code}: ${error.message}` };
    throw error;
  }
}
