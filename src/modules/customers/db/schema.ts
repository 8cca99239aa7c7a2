import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** migrations/0046_customers.sql */
export const customers = pgTable(
  'customers',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    matchKey: text('match_key'),
    email: text('email'),
    phone: text('phone'),
    name: text('name'),
    defaultAddress: jsonb('default_address').$type<Record<string, unknown> | null>(),
    tags: text('tags').array().notNull(),
    note: text('note'),
    mergedInto: text('merged_into'),
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    version: integer('version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
