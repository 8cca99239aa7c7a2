import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { DifferenceTo } from '../domain/exchange.js';
import { bytea } from '../../../platform/db/columns.js';
import type { ReturnStatus } from '../domain/lifecycle.js';
import type { Evaluation, ReturnOutcome, ReturnPolicy } from '../domain/policy.js';
import type { ReturnReason } from '../domain/reasons.js';
import type { RefundLine } from '../domain/refund.js';

/** migrations/0041_returns.sql */
export const returnSettings = pgTable('return_settings', {
  tenantId: text('tenant_id').primaryKey(),
  reasons: jsonb('reasons').$type<ReturnReason[] | null>(),
  policy: jsonb('policy').$type<ReturnPolicy | null>(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** `kept_by_customer`: refunded under the keep-the-item threshold without coming back (migration 0044). */
export type Disposition = 'restock' | 'quarantine' | 'refurbish' | 'return_to_vendor' | 'scrap' | 'missing' | 'kept_by_customer';

export const returns = pgTable(
  'returns',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    orderId: text('order_id').notNull(),
    status: text('status').$type<ReturnStatus>().notNull(),
    version: integer('version').notNull(),
    currency: text('currency').notNull(),
    locationId: text('location_id'),
    customerNote: text('customer_note'),
    photoUrls: text('photo_urls').array().notNull(),
    outcome: text('outcome').$type<ReturnOutcome>().notNull(),
    eligibility: jsonb('eligibility').$type<Evaluation>().notNull(),
    overrideNote: text('override_note'),
    trackingNumber: text('tracking_number'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const returnLines = pgTable(
  'return_lines',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    returnId: text('return_id').notNull(),
    orderId: text('order_id').notNull(),
    orderLineId: text('order_line_id').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    reason: text('reason').notNull(),
    note: text('note'),
    settled: integer('settled').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const returnDispositions = pgTable(
  'return_dispositions',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    returnId: text('return_id').notNull(),
    returnLineId: text('return_line_id').notNull(),
    sku: text('sku').notNull(),
    locationId: text('location_id').notNull(),
    quantity: integer('quantity').notNull(),
    disposition: text('disposition').$type<Disposition>().notNull(),
    conditionNote: text('condition_note'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    disposedAt: timestamp('disposed_at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const returnRefunds = pgTable(
  'return_refunds',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    returnId: text('return_id').notNull(),
    orderId: text('order_id').notNull(),
    transactionId: text('transaction_id').notNull(),
    currency: text('currency').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    lines: jsonb('lines').$type<RefundLine[]>().notNull(),
    shippingMinor: bigint('shipping_minor', { mode: 'number' }).notNull(),
    taxMinor: bigint('tax_minor', { mode: 'number' }).notNull(),
    feeMinor: bigint('fee_minor', { mode: 'number' }).notNull(),
    /** The return label's cost deducted by policy (migration 0044). */
    labelMinor: bigint('label_minor', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export type ReturnShippingMethod = 'label' | 'drop_off' | 'no_label' | 'keep_item';

/** migrations/0044_return_shipping.sql: how a return's goods come back, one row per return (ADR 0023). */
export const returnShipping = pgTable(
  'return_shipping',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    returnId: text('return_id').notNull(),
    method: text('method').$type<ReturnShippingMethod>().notNull(),
    carrier: text('carrier'),
    service: text('service'),
    serviceName: text('service_name'),
    trackingNumber: text('tracking_number'),
    carrierShipmentId: text('carrier_shipment_id'),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    labelPdf: bytea('label_pdf'),
    labelZpl: text('label_zpl'),
    qrPng: bytea('qr_png'),
    qrSource: text('qr_source').$type<'carrier' | 'rma'>(),
    parcelStatus: text('parcel_status'),
    lastEventAt: timestamp('last_event_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** migrations/0043_exchanges_store_credit.sql: a return's exchange (one per return) and its replacement order. */
export const returnExchanges = pgTable(
  'return_exchanges',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    returnId: text('return_id').notNull(),
    orderId: text('order_id').notNull(),
    replacementOrderId: text('replacement_order_id').notNull(),
    instant: boolean('instant').notNull(),
    currency: text('currency').notNull(),
    creditMinor: bigint('credit_minor', { mode: 'number' }).notNull(),
    replacementTotalMinor: bigint('replacement_total_minor', { mode: 'number' }).notNull(),
    differenceMinor: bigint('difference_minor', { mode: 'number' }).notNull(),
    differenceTo: text('difference_to').$type<DifferenceTo>(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
