import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Action, RuleData } from '../domain/rules.js';
import type { RiskLists } from '../domain/tenant-lists.js';
import type { ScreeningSettings } from '../domain/signals.js';
import type { Decision } from '../domain/decide.js';
import type { ScreeningInput } from '../domain/input.js';
import type { VelocityKey } from '../domain/input.js';

/** migrations/0048_risk_screening.sql (ADR 0030). */
export const riskRuleSets = pgTable(
  'risk_rule_sets',
  {
    tenantId: text('tenant_id').notNull(),
    version: integer('version').notNull(),
    rules: jsonb('rules').$type<RuleData[]>().notNull(),
    lists: jsonb('lists').$type<RiskLists>().notNull(),
    settings: jsonb('settings').$type<ScreeningSettings>().notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.version] })],
);

export const riskActiveRuleSets = pgTable(
  'risk_active_rule_sets',
  {
    tenantId: text('tenant_id').notNull().primaryKey(),
    version: integer('version').notNull(),
    activatedBy: text('activated_by').notNull(),
    activatedAt: timestamp('activated_at', { withTimezone: true }).notNull(),
  },
  (t) => [foreignKey({ columns: [t.tenantId, t.version], foreignColumns: [riskRuleSets.tenantId, riskRuleSets.version] })],
);

export const riskDecisions = pgTable(
  'risk_decisions',
  {
    tenantId: text('tenant_id').notNull(),
    orderId: text('order_id').notNull(),
    action: text('action').$type<Action>().notNull(),
    score: integer('score').notNull(),
    ruleSetVersion: text('rule_set_version').notNull(),
    rules: text('rules').array().notNull(),
    decision: jsonb('decision').$type<Decision>().notNull(),
    input: jsonb('input').$type<ScreeningInput>().notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.orderId] }), index('risk_decisions_placed').on(t.tenantId, t.placedAt.desc(), t.orderId)],
);

export const riskVelocityKeys = pgTable(
  'risk_velocity_keys',
  {
    tenantId: text('tenant_id').notNull(),
    orderId: text('order_id').notNull(),
    kind: text('kind').$type<VelocityKey>().notNull(),
    keyHash: text('key_hash').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    cardHash: text('card_hash'),
    addressHash: text('address_hash'),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.kind] })], // order first: migration 0061
);
