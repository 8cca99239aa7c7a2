import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Packed parcels of fulfillment orders (migrations/0009_pick_pack.sql). */
export const packages = pgTable(
  'packages',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    fulfillmentOrderId: text('fulfillment_order_id').notNull(),
    boxCode: text('box_code').notNull(),
    weightGrams: integer('weight_grams').notNull(),
    lengthMm: integer('length_mm').notNull(),
    widthMm: integer('width_mm').notNull(),
    heightMm: integer('height_mm').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const packageLines = pgTable(
  'package_lines',
  {
    tenantId: text('tenant_id').notNull(),
    packageId: text('package_id').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.packageId, t.sku] })],
);
