// Shipping an order that came from WooCommerce, Amazon or eBay tells that platform, as for Shopify:
// the outbox relay queues a push row on `shipment.created` (in its transaction, no network) when the
// channel can reach the platform's API, and the `channel-pushes` job sends it
// (src/modules/channels/use-cases/marketplace-pushes.ts), retrying with backoff.
//
// Which channels push: WooCommerce with settings.store_url and an access token
// `consumer_key:consumer_secret` (a REST API key with write access); Amazon with the SP-API credentials its poller uses
// (lwa_client_id, marketplace_ids, the LWA client secret and refresh token); eBay with its access
// token (or refresh token and client id/secret). settings.push_shipments = false turns it off.
//
// A voided shipment whose push was never tried is ended `failed` and never sent. One that may have
// reached the platform stays as it is: Amazon and eBay have no call that takes a shipment
// confirmation back, and a WooCommerce note is the customer's e-mail already; the void is on the
// order's timeline for the operator to tell the platform by hand.

import type { Db } from '../../../platform/db/database.js';
import { outboundFetch } from '../../../platform/http/outbound.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import {
  EBAY_SCOPES,
  ebayTokenSource,
  findPushOfShipment,
  insertPush,
  lwaTokenSource,
  PollError,
  pushAmazonShipmentConfirmation,
  pushEbayShippingFulfillment,
  pushesOfOrder,
  pushWooCommerceShipment,
  supersedeUntriedPush,
  type ChannelRow,
  type ClaimedPush,
  type PushKind,
  type PushOutcome,
  type ShipmentConfirmationPayload,
} from '../../../modules/channels/index.js';
import type { OrderRow } from '../../../modules/orders/index.js';
import { newPushRow, shippedItems, VOIDED_BEFORE_SENT, type ShipmentCreatedData } from './channel-push-rows.js';
import { amazonAccess, ebayAccess, wooAccess, type AccessOptions } from './marketplace-access.js';

/** The push kind of each platform that takes shipment confirmations this way. */
export const CONFIRMATION_KINDS = {
  woocommerce: 'woocommerce_shipment',
  amazon: 'amazon_shipment_confirmation',
  ebay: 'ebay_shipping_fulfillment',
} as const satisfies Record<string, PushKind>;

export type ConfirmingChannelType = keyof typeof CONFIRMATION_KINDS;

export function confirmsShipments(type: string): type is ConfirmingChannelType {
  return type in CONFIRMATION_KINDS;
}

/** Whether the channel has what reaching its platform's API needs (checked in full when sending). */
function canReachPlatform(channel: ChannelRow, type: ConfirmingChannelType): boolean {
  if (channel.settings['push_shipments'] === false || channel.accessTokenSealed === null) return false;
  if (type === 'woocommerce') return typeof channel.settings['store_url'] === 'string';
  if (type === 'amazon') return typeof channel.settings['lwa_client_id'] === 'string' && channel.secretSealed !== null;
  return true;
}

/** The push row for a shipment of the order, when its channel pushes; null when not, or queued already. */
export async function queueShipmentConfirmation(tx: Db, event: RelayedEvent, order: OrderRow & { externalId: string }, channel: ChannelRow, type: ConfirmingChannelType, now: Date): Promise<string | null> {
  const data = event.data as ShipmentCreatedData;
  if (!canReachPlatform(channel, type) || !data.fulfillment_order_id) return null;
  const items = await shippedItems(tx, event.tenantId, order.id, data.fulfillment_order_id);
  if (!items || items.length === 0) return null;
  const kind = CONFIRMATION_KINDS[type];
  // Amazon numbers the packages of an order: this shipment's place among the order's pushes of the kind.
  const earlier = (await pushesOfOrder(tx, event.tenantId, order.id)).filter((p) => p.kind === kind && p.shipmentId !== event.aggregateId);
  const payload: ShipmentConfirmationPayload = {
    carrier: data.carrier ?? '',
    service: data.service ?? null,
    tracking_numbers: data.tracking_numbers ?? [],
    tracking_url: data.tracking_url ?? null,
    items,
    ship_date: data.ship_date ?? now.toISOString().slice(0, 10),
    // The order as the relay reads it, after the shipment committed: shipped means nothing is left to ship.
    order_shipped: order.status === 'shipped' || order.status === 'delivered',
    package_reference: earlier.length + 1,
  };
  const id = newId('chp');
  const inserted = await insertPush(tx, newPushRow(event, { id, channelId: channel.id, kind, orderId: order.id, externalOrderId: order.externalId, payload }, now));
  return inserted ? id : null;
}

/** A voided shipment's confirmation never tried is not sent; one that may have gone stays (see the top). */
export async function stopUnsentConfirmation(tx: Db, event: RelayedEvent, type: ConfirmingChannelType, now: Date): Promise<boolean> {
  const push = await findPushOfShipment(tx, event.tenantId, event.aggregateId, CONFIRMATION_KINDS[type]);
  if (!push || push.status !== 'pending') return false;
  return supersedeUntriedPush(tx, event.tenantId, push.id, VOIDED_BEFORE_SENT, now);
}

export interface MarketplacePushOptions extends AccessOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => Date;
}

/** One attempt at a WooCommerce, Amazon or eBay shipment push. */
export async function attemptMarketplacePush(push: ClaimedPush, options: MarketplacePushOptions): Promise<PushOutcome> {
  if (!push.channelActive) return { kind: 'failed', statusCode: null, error: 'the channel is deactivated' };
  const payload = push.payload as ShipmentConfirmationPayload;
  // A merchant chooses the store's address: where it connects is checked by the guarded client, every time.
  const http = { fetch: options.fetch ?? outboundFetch({ allowPrivate: options.allowPrivate ?? false }), timeoutMs: options.timeoutMs ?? 15_000 };
  const channel = { settings: push.channelSettings, secretSealed: push.secretSealed, accessTokenSealed: push.accessTokenSealed };
  const now = options.now ?? (() => new Date());
  try {
    if (push.kind === 'woocommerce_shipment') return await pushWooCommerceShipment(wooAccess(channel, options), push.externalOrderId, payload, http);
    if (push.kind === 'amazon_shipment_confirmation') {
      const access = amazonAccess(channel, options);
      const conn = { endpoint: access.endpoint, marketplaceId: access.marketplaceIds[0] as string, token: lwaTokenSource({ ...http, ...access }, now) };
      return await pushAmazonShipmentConfirmation(conn, push.externalOrderId, payload.package_reference ?? 1, payload, http);
    }
    if (push.kind === 'ebay_shipping_fulfillment') {
      const access = ebayAccess(channel, options);
      const endpoint = (access.endpoint ?? 'https://api.ebay.com').replace(/\/+$/, '');
      return await pushEbayShippingFulfillment({ endpoint, token: ebayTokenSource({ ...http, ...access.credentials }, endpoint, [EBAY_SCOPES.write], now) }, push.externalOrderId, payload, http);
    }
    return { kind: 'failed', statusCode: null, error: `${push.kind} is not a marketplace shipment push` };
  } catch (error) {
    // Settings that do not make a connection, or a token call that failed.
    if (error instanceof PollError) {
      return error.retryable
        ? { kind: 'retry', statusCode: null, error: error.message, retryAfterMs: error.retryAfterSeconds === null ? null : error.retryAfterSeconds * 1000 }
        : { kind: 'failed', statusCode: null, error: `${error.code}: ${error.message}` };
    }
    throw error;
  }
}
