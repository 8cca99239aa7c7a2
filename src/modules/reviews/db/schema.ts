import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { CaseKind, CaseStatus, Resolution } from '../domain/cases.js';

/** Review cases (migrations/0049_review_cases.sql, ADR 0031). */
export const reviewCases = pgTable(
  'review_cases',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    orderId: text('order_id').notNull(),
    kind: text('kind').$type<CaseKind>().notNull(),
    holdId: text('hold_id').notNull(),
    status: text('status').$type<CaseStatus>().notNull(),
    openedBy: text('opened_by').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    assignee: text('assignee'),
    score: integer('score'),
    orderTotalMinor: bigint('order_total_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    shippingCountry: text('shipping_country'),
    rules: text('rules').array().notNull(),
    sentences: text('sentences').array().notNull(),
    details: jsonb('details').$type<Record<string, unknown>>(),
    resolution: text('resolution').$type<Resolution>(),
    reason: text('reason'),
    closedBy: text('closed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Customer verification links (same migration): the token's SHA-256 only. */
export const reviewVerifications = pgTable(
  'review_verifications',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    caseId: text('case_id').notNull(),
    orderId: text('order_id').notNull(),
    holdId: text('hold_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
