import { bigint, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { TransactionKind, TransactionStatus } from '../domain/financial-status.js';

export type TransactionSource = 'channel' | 'api' | 'console';

/** An order's payment ledger (migrations/0040_order_transactions.sql): append-only. */
export const orderTransactions = pgTable(
  'order_transactions',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    orderId: text('order_id').notNull(),
    kind: text('kind').$type<TransactionKind>().notNull(),
    status: text('status').$type<TransactionStatus>().notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    gateway: text('gateway').notNull(),
    /** The gateway's id for it: unique per (order, gateway) when given. */
    gatewayReference: text('gateway_reference'),
    /** The authorization a capture or void acts on; the capture or sale a refund or chargeback acts on. */
    parentId: text('parent_id'),
    source: text('source').$type<TransactionSource>().notNull(),
    reason: text('reason'),
    /** When the gateway processed it (as reported); created_at is when the OMS recorded it. */
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
