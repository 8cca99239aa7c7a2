import { bigint, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** A tenant's box catalogue (migrations/0009_pick_pack.sql). */
export const boxes = pgTable(
  'boxes',
  {
    tenantId: text('tenant_id').notNull(),
    code: text('code').notNull(),
    innerLengthMm: integer('inner_length_mm').notNull(),
    innerWidthMm: integer('inner_width_mm').notNull(),
    innerHeightMm: integer('inner_height_mm').notNull(),
    maxWeightGrams: integer('max_weight_grams').notNull(),
    tareGrams: integer('tare_grams').notNull(),
    costMinor: bigint('cost_minor', { mode: 'number' }),
    currency: text('currency').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.code] })],
);
