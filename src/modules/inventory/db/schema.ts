import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Address } from '../../../platform/http/address.js';

export type { Address };

export const locations = pgTable(
  'locations',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').$type<'warehouse' | 'store' | 'dropship' | '3pl'>().notNull(),
    address: jsonb('address').$type<Address | null>(),
    shipsToCustomers: boolean('ships_to_customers').notNull(),
    priority: integer('priority').notNull(),
    active: boolean('active').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const stockLevels = pgTable(
  'stock_levels',
  {
    tenantId: text('tenant_id').notNull(),
    sku: text('sku').notNull(),
    locationId: text('location_id').notNull(),
    onHand: integer('on_hand').notNull(),
    reserved: integer('reserved').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    bin: text('bin'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.sku, t.locationId] })],
);

export const inventoryMovements = pgTable(
  'inventory_movements',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    sku: text('sku').notNull(),
    locationId: text('location_id').notNull(),
    delta: integer('delta').notNull(),
    onHandAfter: integer('on_hand_after').notNull(),
    reason: text('reason').notNull(),
    reference: text('reference'),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const reservations = pgTable(
  'reservations',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    orderId: text('order_id').notNull(),
    orderLineId: text('order_line_id').notNull(),
    sku: text('sku').notNull(),
    locationId: text('location_id').notNull(),
    quantity: integer('quantity').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
