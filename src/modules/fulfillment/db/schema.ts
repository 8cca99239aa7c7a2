import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { FulfillmentStatus } from '../domain/lifecycle.js';

export const fulfillmentOrders = pgTable(
  'fulfillment_orders',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    orderId: text('order_id').notNull(),
    locationId: text('location_id').notNull(),
    status: text('status').$type<FulfillmentStatus>().notNull(),
    version: integer('version').notNull(),
    rejectReason: text('reject_reason'),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const fulfillmentOrderLines = pgTable(
  'fulfillment_order_lines',
  {
    tenantId: text('tenant_id').notNull(),
    fulfillmentOrderId: text('fulfillment_order_id').notNull(),
    orderLineId: text('order_line_id').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.fulfillmentOrderId, t.orderLineId, t.sku] })],
);
