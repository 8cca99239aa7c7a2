import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Pick lists, their fulfillment orders and stops (migrations/0009_pick_pack.sql). */
export const pickLists = pgTable(
  'pick_lists',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    locationId: text('location_id').notNull(),
    mode: text('mode').$type<'batch' | 'single'>().notNull(),
    status: text('status').$type<'open' | 'completed'>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const pickListOrders = pgTable(
  'pick_list_orders',
  {
    tenantId: text('tenant_id').notNull(),
    pickListId: text('pick_list_id').notNull(),
    fulfillmentOrderId: text('fulfillment_order_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.pickListId, t.fulfillmentOrderId] })],
);

export const pickListStops = pgTable(
  'pick_list_stops',
  {
    tenantId: text('tenant_id').notNull(),
    pickListId: text('pick_list_id').notNull(),
    seq: integer('seq').notNull(),
    bin: text('bin'),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    picked: integer('picked'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.pickListId, t.seq] })],
);
