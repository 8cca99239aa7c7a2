import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { RefundPushPayload } from '../domain/refund-bodies.js';
import type { ShipmentConfirmationPayload } from '../domain/shipment-confirmations.js';

export const pushKinds = [
  'shopify_fulfillment',
  'shopify_fulfillment_cancel',
  'woocommerce_shipment',
  'amazon_shipment_confirmation',
  'ebay_shipping_fulfillment',
  'shopify_refund',
  'woocommerce_refund',
  'manual_refund',
] as const;
export type PushKind = (typeof pushKinds)[number];
/** `manual_action_required`: a refund the OMS does not send (a `manual_refund`): an operator records it on the platform by hand. Never leased. */
export const pushStatuses = ['pending', 'succeeded', 'failed', 'manual_action_required'] as const;
export type PushStatus = (typeof pushStatuses)[number];

/** What a `shopify_fulfillment` push sends: fixed when the shipment is made. */
export interface ShopifyFulfillmentPayload {
  carrier: string;
  service: string | null;
  tracking_numbers: string[];
  tracking_url: string | null;
  /** Shipped units per SKU, as the platform's order lines name them (a kit by its own SKU). */
  items: { sku: string; quantity: number }[];
  notify_customer: boolean;
}

/** What a `shopify_fulfillment_cancel` push sends: the fulfillment push it undoes (its `remote_id` is read when sending). */
export interface ShopifyFulfillmentCancelPayload {
  fulfillment_push_id: string;
  /** Why the shipment was voided. */
  reason: string | null;
}

export type { ShipmentConfirmationPayload };

export type { RefundPushPayload };

export type PushPayload = ShopifyFulfillmentPayload | ShopifyFulfillmentCancelPayload | ShipmentConfirmationPayload | RefundPushPayload;

/** migrations/0018_shopify_push.sql, 0022_shopify_cancel.sql (the cancel kind), 0034_marketplace_pushes.sql (WooCommerce, Amazon, eBay), 0042_refund_pushes.sql (refunds) */
export const channelPushes = pgTable(
  'channel_pushes',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    channelId: text('channel_id').notNull(),
    kind: text('kind').$type<PushKind>().notNull(),
    /** The shipment a shipment push is about; null for a refund push. */
    shipmentId: text('shipment_id'),
    /** The ledger refund transaction a refund push is about; null for a shipment push. One push per refund. */
    refundId: text('refund_id'),
    orderId: text('order_id').notNull(),
    externalOrderId: text('external_order_id').notNull(),
    payload: jsonb('payload').$type<PushPayload>().notNull(),
    status: text('status').$type<PushStatus>().notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leasedUntil: timestamp('leased_until', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    remoteId: text('remote_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('channel_pushes_tenant_id_channel_id_kind_shipment_id_key').on(t.tenantId, t.channelId, t.kind, t.shipmentId),
    index('channel_pushes_by_channel').on(t.tenantId, t.channelId, t.id),
  ],
);
