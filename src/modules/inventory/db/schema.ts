import { boolean, date, doublePrecision, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Address } from '../../../platform/http/address.js';
import type { CheckoutReservationStatus } from '../domain/checkout-reservations.js';
import type { InboundStatus } from '../domain/inbound.js';

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
    groups: text('groups').array().notNull(),
    servesCountries: text('serves_countries').array().notNull(),
    channels: text('channels').array().notNull(),
    dailyCapacity: integer('daily_capacity'),
    safetyStock: integer('safety_stock').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** IANA time zone; null: derived from the coordinates when read (migrations/0013_shipping.sql). */
    timeZone: text('time_zone'),
    /** Local HH:MM after which an order ships the next business day. */
    cutoffTime: text('cutoff_time').notNull(),
    processingDays: integer('processing_days').notNull(),
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
    /** Non-sellable units (returned damaged, awaiting refurbishment): apart from on hand, never available (migration 0041). */
    quarantined: integer('quarantined').notNull().default(0),
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
    /** The change to the quarantined (non-sellable) units, migration 0041; 0 for on-hand movements. */
    quarantinedDelta: integer('quarantined_delta').notNull().default(0),
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
    /** Owner: an order line (order_id + order_line_id) or a checkout reservation (checkout_reservation_id), exactly one. */
    orderId: text('order_id'),
    orderLineId: text('order_line_id'),
    checkoutReservationId: text('checkout_reservation_id'),
    sku: text('sku').notNull(),
    locationId: text('location_id').notNull(),
    quantity: integer('quantity').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Stock set aside for a checkout (POST /v1/reservations); its units are `reservations` rows with this checkout_reservation_id. */
export const checkoutReservations = pgTable(
  'checkout_reservations',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    channel: text('channel'),
    status: text('status').$type<CheckoutReservationStatus>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    orderId: text('order_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** A purchase order / advance shipping notice: supply expected at a location on a date. */
export const inboundShipments = pgTable(
  'inbound_shipments',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    reference: text('reference'),
    locationId: text('location_id').notNull(),
    expectedDate: date('expected_date', { mode: 'string' }).notNull(),
    status: text('status').$type<InboundStatus>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const inboundLines = pgTable(
  'inbound_lines',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    inboundId: text('inbound_id').notNull(),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    received: integer('received').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
