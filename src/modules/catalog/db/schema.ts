import { bigint, boolean, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const products = pgTable(
  'products',
  {
    tenantId: text('tenant_id').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    weightGrams: integer('weight_grams'),
    lengthMm: integer('length_mm'),
    widthMm: integer('width_mm'),
    heightMm: integer('height_mm'),
    backorderable: boolean('backorderable').notNull(),
    lowStockThreshold: integer('low_stock_threshold').notNull(),
    gtin: text('gtin'),
    /** Customs (migrations/0032_customs.sql): HS code digits, ISO alpha-2 origin, the declared description. */
    hsCode: text('hs_code'),
    countryOfOrigin: text('country_of_origin'),
    customsDescription: text('customs_description'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.sku] })],
);

/** A kit's components (migrations/0011_kits.sql): one level deep, a component is never a kit. */
export const productComponents = pgTable(
  'product_components',
  {
    tenantId: text('tenant_id').notNull(),
    kitSku: text('kit_sku').notNull(),
    componentSku: text('component_sku').notNull(),
    position: integer('position').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kitSku, t.componentSku] })],
);
