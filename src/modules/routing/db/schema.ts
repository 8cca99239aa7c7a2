import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { PolicyScope, RoutingRule } from '../domain/policy.js';

export const routingPolicies = pgTable(
  'routing_policies',
  {
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    scope: jsonb('scope').$type<PolicyScope>().notNull(),
    rules: jsonb('rules').$type<RoutingRule[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);
