import { bigint, boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../../platform/db/columns.js';
import type { Address } from '../../../platform/http/address.js';
import type { CustomsDeclaration, CustomsDocumentKind } from '../domain/customs.js';

/** A shipment's customs declaration as stored (migrations/0032_customs.sql), with the paper printed for it. */
export type StoredCustoms = CustomsDeclaration & { document: CustomsDocumentKind | null };

/** Tables of migrations/0013_shipping.sql. */


export const carriers = pgTable(
  'carriers',
  {
    tenantId: text('tenant_id').notNull(),
    code: text('code').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<'rate_card' | 'easypost'>().notNull(),
    active: boolean('active').notNull(),
    sample: boolean('sample').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    /** migrations/0027: the aggregator's API key and webhook secret the tenant gave, sealed. */
    apiKeySealed: bytea('api_key_sealed'),
    webhookSecretSealed: bytea('webhook_secret_sealed'),
    tracking: jsonb('tracking').$type<Record<string, unknown> | null>(),
    nextSerial: bigint('next_serial', { mode: 'number' }),
    serialEnd: bigint('serial_end', { mode: 'number' }),
    version: integer('version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.code] })],
);

export const shippingRules = pgTable('shipping_rules', {
  tenantId: text('tenant_id').notNull().primaryKey(),
  rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const deliveryPromises = pgTable(
  'delivery_promises',
  {
    tenantId: text('tenant_id').notNull(),
    orderId: text('order_id').notNull(),
    locationId: text('location_id').notNull(),
    carrier: text('carrier').notNull(),
    service: text('service').notNull(),
    serviceLevel: text('service_level').notNull(),
    shipBy: date('ship_by', { mode: 'string' }).notNull(),
    deliverBy: date('deliver_by', { mode: 'string' }).notNull(),
    transitDays: integer('transit_days').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.orderId, t.locationId] })],
);

export const shipments = pgTable(
  'shipments',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    orderId: text('order_id').notNull(),
    fulfillmentOrderId: text('fulfillment_order_id').notNull(),
    locationId: text('location_id').notNull(),
    carrier: text('carrier').notNull(),
    service: text('service').notNull(),
    serviceName: text('service_name').notNull(),
    serviceLevel: text('service_level').notNull(),
    status: text('status').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    carrierShipmentId: text('carrier_shipment_id'),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    billableWeightGrams: integer('billable_weight_grams').notNull(),
    shipDate: date('ship_date', { mode: 'string' }).notNull(),
    promisedDeliveryDate: date('promised_delivery_date', { mode: 'string' }),
    estimatedDeliveryDate: date('estimated_delivery_date', { mode: 'string' }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    onTime: boolean('on_time'),
    /** When the promised date passed with no delivery and no exception (`shipment.late` was appended then); null: not late, or not yet seen. */
    lateAt: timestamp('late_at', { withTimezone: true }),
    lastEventAt: timestamp('last_event_at', { withTimezone: true }),
    /** A void in progress: scans are held (recorded, not applied) until it ends or expires. */
    voidRequestedAt: timestamp('void_requested_at', { withTimezone: true }),
    shipFrom: jsonb('ship_from').$type<Address>().notNull(),
    shipTo: jsonb('ship_to').$type<Address>().notNull(),
    reference: text('reference').notNull(),
    rates: jsonb('rates').$type<unknown[]>().notNull(),
    /** The customs declaration of a shipment abroad; null inside one customs territory. */
    customs: jsonb('customs').$type<StoredCustoms | null>(),
    chosenReason: text('chosen_reason').notNull(),
    manual: boolean('manual').notNull(),
    version: integer('version').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const shipmentPackages = pgTable(
  'shipment_packages',
  {
    tenantId: text('tenant_id').notNull(),
    shipmentId: text('shipment_id').notNull(),
    seq: integer('seq').notNull(),
    packageId: text('package_id'),
    trackingNumber: text('tracking_number').notNull(),
    weightGrams: integer('weight_grams').notNull(),
    billableWeightGrams: integer('billable_weight_grams').notNull(),
    lengthMm: integer('length_mm').notNull(),
    widthMm: integer('width_mm').notNull(),
    heightMm: integer('height_mm').notNull(),
    labelPdf: bytea('label_pdf'),
    labelZpl: text('label_zpl'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.shipmentId, t.seq] })],
);

export const shipmentEvents = pgTable(
  'shipment_events',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    shipmentId: text('shipment_id').notNull(),
    status: text('status').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    location: text('location'),
    description: text('description'),
    source: text('source').$type<'carrier' | 'manual' | 'system'>().notNull(),
    applied: boolean('applied').notNull(),
    note: text('note').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** The customs paper printed for a shipment abroad (CN 22, CN 23 or commercial invoice), as handed over. */
export const shipmentDocuments = pgTable(
  'shipment_documents',
  {
    tenantId: text('tenant_id').notNull(),
    shipmentId: text('shipment_id').notNull(),
    kind: text('kind').$type<CustomsDocumentKind>().notNull(),
    pdf: bytea('pdf').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.shipmentId] })],
);
