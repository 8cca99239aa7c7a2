import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { ActionOutcome, RuleAction, RunStatus } from '../domain/rules.js';

/** A tenant's own rule, or its override of a default rule (migrations/0057_automation_rules.sql, ADR 0038). */
export const automationRules = pgTable(
  'automation_rules',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    isDefault: boolean('is_default').notNull(),
    name: text('name').notNull(),
    trigger: text('trigger').notNull(),
    condition: text('condition'),
    actions: jsonb('actions').$type<RuleAction[]>().notNull(),
    enabled: boolean('enabled').notNull(),
    version: integer('version').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('automation_rules_trigger').on(t.tenantId, t.trigger)],
);

export type AutomationRuleRow = typeof automationRules.$inferSelect;

/** One evaluation of a rule for an event (once per rule × event). */
export const automationRuns = pgTable(
  'automation_runs',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    ruleId: text('rule_id').notNull(),
    ruleVersion: integer('rule_version').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    orderId: text('order_id'),
    depth: integer('depth').notNull(),
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
    conditionResult: boolean('condition_result'),
    outcomes: jsonb('outcomes').$type<ActionOutcome[]>().notNull(),
    status: text('status').$type<RunStatus>().notNull(),
    reason: text('reason'),
    nextAction: integer('next_action').notNull(),
    resumeAt: timestamp('resume_at', { withTimezone: true }),
    dryRun: boolean('dry_run').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('automation_runs_tenant_id_rule_id_event_id_key').on(t.tenantId, t.ruleId, t.eventId),
    index('automation_runs_rule').on(t.tenantId, t.ruleId, t.id),
    index('automation_runs_order').on(t.tenantId, t.orderId, t.id),
  ],
);

export type AutomationRunRow = typeof automationRuns.$inferSelect;
