import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const x12DocumentTypes = ['interchange', '997', '855', '856', '810'] as const;
export type X12DocumentType = (typeof x12DocumentTypes)[number];
export type X12Direction = 'inbound' | 'outbound';

/** migrations/0016_x12.sql */
export const x12ControlNumbers = pgTable(
  'x12_control_numbers',
  {
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    name: text('name').$type<'interchange' | 'group' | 'sscc'>().notNull(),
    lastValue: bigint('last_value', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channelId, t.name] })],
);

export const x12Documents = pgTable(
  'x12_documents',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    channelId: text('channel_id').notNull(),
    direction: text('direction').$type<X12Direction>().notNull(),
    type: text('type').$type<X12DocumentType>().notNull(),
    /** ISA06 of an inbound interchange, ISA08 of an outbound one. */
    partnerId: text('partner_id').notNull(),
    /** ISA13. */
    controlNumber: text('control_number').notNull(),
    replyToId: text('reply_to_id'),
    orderId: text('order_id'),
    shipmentId: text('shipment_id'),
    poNumber: text('po_number'),
    body: text('body').notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('x12_documents_of_channel').on(t.tenantId, t.channelId, t.id)],
);

/** One line of a received 850, as the partner named it. */
export interface StoredPoLine {
  line_id: string;
  quantity: string;
  unit: string;
  unit_price: string | null;
  product_ids: { qualifier: string; id: string }[];
  /** The product it matched. */
  sku: string;
}

/** The received interchange's separators and versions: what we answer in. */
export interface StoredEnvelope {
  element: string;
  sub_element: string;
  segment: string;
  repetition: string | null;
  isa_version: string;
  gs_version: string;
  usage: string;
}

export const x12PurchaseOrders = pgTable(
  'x12_purchase_orders',
  {
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    poNumber: text('po_number').notNull(),
    orderId: text('order_id').notNull(),
    documentId: text('document_id').notNull(),
    setControlNumber: text('set_control_number').notNull(),
    poDate: text('po_date').notNull(),
    currency: text('currency').notNull(),
    shipTo: jsonb('ship_to').$type<Record<string, unknown> | null>(),
    lines: jsonb('lines').$type<StoredPoLine[]>().notNull(),
    envelope: jsonb('envelope').$type<StoredEnvelope>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channelId, t.poNumber] }), index('x12_purchase_orders_order').on(t.tenantId, t.orderId)],
);
