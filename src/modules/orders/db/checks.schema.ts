import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { OrderSignal } from '../domain/price-signals.js';

/** What capture found about an order (migrations/0047_order_checks.sql, ADR 0027). */
export const orderChecks = pgTable(
  'order_checks',
  {
    tenantId: text('tenant_id').notNull(),
    orderId: text('order_id').notNull(),
    /** Shaped by src/flows/capture/steps/check-order.ts; the orders module stores it as given. */
    addressChecks: jsonb('address_checks').$type<Record<string, unknown>>().notNull(),
    signals: jsonb('signals').$type<OrderSignal[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.orderId] })],
);
