import { boolean, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** migrations/0030_channel_webhook_receipts.sql: Shopify / WooCommerce deliveries already applied. */
export const channelWebhookDeliveries = pgTable(
  'channel_webhook_deliveries',
  {
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    /** sha256(delivery id header, sha256(body)), hex. */
    deliveryKey: text('delivery_key').notNull(),
    receivedAt: timestamptz('received_at').notNull(),
    /** What the delivery did (the webhook answer's `outcome`). */
    outcome: text('outcome').notNull(),
    orderId: text('order_id'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channelId, t.deliveryKey] }), index('channel_webhook_deliveries_received').on(t.receivedAt)],
);

/** migrations/0030_channel_webhook_receipts.sql: the newest signed version applied per channel × platform order. */
export const channelOrderVersions = pgTable(
  'channel_order_versions',
  {
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    externalId: text('external_id').notNull(),
    /** Shopify `updated_at` / WooCommerce `date_modified_gmt` of the newest body applied; null: none yet. */
    version: timestamptz('version'),
    /** The platform status that body said: open, closed, cancelled. */
    status: text('status').$type<'open' | 'closed' | 'cancelled'>(),
    /** The store's REST API answered that the order is deleted for good. */
    deleted: boolean('deleted').notNull(),
    /** An unverified deletion was put on the order's timeline for review. */
    deletionReportedAt: timestamptz('deletion_reported_at'),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channelId, t.externalId] })],
);

function timestamptz(name: string) {
  return timestamp(name, { withTimezone: true });
}
