import { bigint, boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { HoldType } from '../domain/holds.js';
import type { OrderStatus } from '../domain/lifecycle.js';
import type { MoneyDiscrepancy } from '../domain/money.js';
import type { EditChange } from '../domain/edits.js';

export const orders = pgTable(
  'orders',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    /** migrations/0037_order_search.sql: from the installation-wide sequence, assigned by the insert. */
    number: bigint('number', { mode: 'number' }).notNull(),
    channel: text('channel').notNull(),
    externalId: text('external_id'),
    /** What the channel calls the order (Shopify `#1042`, an Amazon order id, an X12 PO number…). */
    channelOrderName: text('channel_order_name'),
    status: text('status').$type<OrderStatus>().notNull(),
    version: integer('version').notNull(),
    currency: text('currency').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }),
    customerEmail: text('customer_email'),
    customer: jsonb('customer').$type<Record<string, unknown> | null>(),
    /** migrations/0046_customers.sql: the customers module's record, linked at capture (null: no e-mail or phone). */
    customerId: text('customer_id'),
    shippingAddress: jsonb('shipping_address').$type<Record<string, unknown> | null>(),
    billingAddress: jsonb('billing_address').$type<Record<string, unknown> | null>(),
    shippingServiceLevel: text('shipping_service_level'),
    shippingMinor: bigint('shipping_minor', { mode: 'number' }).notNull(),
    subtotalMinor: bigint('subtotal_minor', { mode: 'number' }).notNull(),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
    notes: text('notes'),
    tags: text('tags').array().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** The earliest ship-by date promised (shipping's delivery_promises), kept by the promise flow. */
    shipBy: date('ship_by', { mode: 'string' }),
    /** migrations/0039_order_money.sql: totals over the live units (orders/domain/money.ts). */
    discountTotalMinor: bigint('discount_total_minor', { mode: 'number' }).notNull(),
    taxTotalMinor: bigint('tax_total_minor', { mode: 'number' }).notNull(),
    shippingTotalMinor: bigint('shipping_total_minor', { mode: 'number' }).notNull(),
    dutiesTotalMinor: bigint('duties_total_minor', { mode: 'number' }).notNull(),
    /** What cancellations took off the total captured. */
    cancelledTotalMinor: bigint('cancelled_total_minor', { mode: 'number' }).notNull(),
    taxesIncluded: boolean('taxes_included').notNull(),
    /** The channel's stated figures that differ from the OMS's, in minor units; null when none do. */
    moneyDiscrepancy: jsonb('money_discrepancy').$type<MoneyDiscrepancy[] | null>(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Notes people add to an order, oldest first (migrations/0037_order_search.sql). */
export const orderNotes = pgTable(
  'order_notes',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    orderId: text('order_id').notNull(),
    text: text('text').notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const orderLines = pgTable(
  'order_lines',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    orderId: text('order_id').notNull(),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
    allocated: integer('allocated').notNull(),
    backordered: integer('backordered').notNull(),
    cancelled: integer('cancelled').notNull(),
    /** Units that have left a warehouse (migrations/0013_shipping.sql); never more than allocated. */
    shipped: integer('shipped').notNull(),
    /** A kit component line: the customer's kit line it was exploded from (migrations/0011_kits.sql). */
    parentLineId: text('parent_line_id'),
    /** A kit component line: its exact share of the kit line's total, in minor units. */
    priceShareMinor: bigint('price_share_minor', { mode: 'number' }),
    /** All the line's discounts (its own and its share of order discounts), for all its units. */
    discountMinor: bigint('discount_minor', { mode: 'number' }).notNull(),
    taxMinor: bigint('tax_minor', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** What makes up an order's money (migrations/0039_order_money.sql): discounts, taxes, shipping lines, duties. */
export const orderAdjustments = pgTable(
  'order_adjustments',
  {
    tenantId: text('tenant_id').notNull(),
    orderId: text('order_id').notNull(),
    position: integer('position').notNull(),
    kind: text('kind').$type<'discount' | 'tax' | 'shipping' | 'duty'>().notNull(),
    /** The customer's line (1-based line_no) a discount or tax is on. */
    lineNo: integer('line_no'),
    /** The shipping line (1-based) a shipping line's own row, discount or tax is. */
    shippingLine: integer('shipping_line'),
    title: text('title'),
    code: text('code'),
    source: text('source'),
    rate: text('rate'),
    jurisdiction: text('jurisdiction'),
    serviceLevel: text('service_level'),
    /** A line's part of an order discount. */
    orderLevel: boolean('order_level').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.orderId, t.position] })],
);

/** Holds on orders (migrations/0045_order_holds.sql, ADR 0025): active until released, never deleted. */
export const orderHolds = pgTable(
  'order_holds',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    orderId: text('order_id').notNull(),
    type: text('type').$type<HoldType>().notNull(),
    /** A routing policy's hold queue (type routing); '' for every other type. */
    queue: text('queue').notNull(),
    reason: text('reason').notNull(),
    placedBy: text('placed_by').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    releasedBy: text('released_by'),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    releaseNote: text('release_note'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Order edits (migrations/0050_order_edits.sql, ADR 0032): staged changes, committed or discarded once. */
export const orderEdits = pgTable(
  'order_edits',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    orderId: text('order_id').notNull(),
    status: text('status').$type<'open' | 'committed' | 'discarded'>().notNull(),
    /** The order's version and digest (domain/edit-digest.ts) when the edit began: commit compares both. */
    baseVersion: integer('base_version').notNull(),
    baseDigest: text('base_digest').notNull(),
    changes: jsonb('changes').$type<EditChange[]>().notNull(),
    reason: text('reason'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    closedBy: text('closed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    result: jsonb('result').$type<Record<string, unknown> | null>(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
