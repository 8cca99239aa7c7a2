import { bigint, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { EntryKind } from '../domain/entries.js';

/** migrations/0043_exchanges_store_credit.sql */
export const storeCreditAccounts = pgTable(
  'store_credit_accounts',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    email: text('email').notNull(),
    customerId: text('customer_id'),
    currency: text('currency').notNull(),
    balanceMinor: bigint('balance_minor', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const storeCreditEntries = pgTable(
  'store_credit_entries',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    accountId: text('account_id').notNull(),
    kind: text('kind').$type<EntryKind>().notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    balanceAfterMinor: bigint('balance_after_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    returnId: text('return_id'),
    orderId: text('order_id'),
    transactionId: text('transaction_id'),
    reason: text('reason').notNull(),
    actor: text('actor').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
