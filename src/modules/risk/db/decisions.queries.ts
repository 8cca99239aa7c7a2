import { and, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { queryRows } from '../../../platform/db/database.js';
import type { Db } from '../../../platform/db/database.js';
import type { WritePart } from '../../../platform/db/write-part.js';
import { riskDecisions } from './schema.js';

export type RiskDecisionRow = typeof riskDecisions.$inferSelect;

/**
 * The decision's write, one per order (the primary key refuses a second), sent in the outbox's
 * statement with the order's events (`appendEvents(…, { alongside })`, ADR 0030).
 */
export function decisionWrite(row: RiskDecisionRow): WritePart {
  return {
    name: 'risk_decision',
    sql: `insert into risk_decisions (tenant_id, order_id, action, score, rule_set_version, rules, decision, input, placed_at, created_at)
          values ($1, $2, $3, $4, $5, $6::text[], $7::jsonb, $8::jsonb, $9, $10)`,
    params: [row.tenantId, row.orderId, row.action, row.score, row.ruleSetVersion, row.rules, JSON.stringify(row.decision), JSON.stringify(row.input), row.placedAt, row.createdAt],
  };
}

export async function decisionsOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<RiskDecisionRow[]> {
  if (orderIds.length === 0) return [];
  return db.select().from(riskDecisions).where(and(eq(riskDecisions.tenantId, tenantId), inArray(riskDecisions.orderId, orderIds)));
}

/** The backtest's orders: decisions of orders placed in [since, until), newest first, at most `limit`. */
export async function decisionsPlacedSince(db: Db, tenantId: string, since: Date, until: Date, limit: number): Promise<RiskDecisionRow[]> {
  return db
    .select()
    .from(riskDecisions)
    .where(and(eq(riskDecisions.tenantId, tenantId), gte(riskDecisions.placedAt, since), lt(riskDecisions.placedAt, until)))
    .orderBy(desc(riskDecisions.placedAt), desc(riskDecisions.orderId))
    .limit(limit);
}

/**
 * The currencies of the tenant's most recently screened orders (at most `limit`, newest first by
 * the `risk_decisions_placed` index): what a rule set's amounts without a currency would meet.
 * Erased inputs say nothing and are skipped.
 */
export async function recentOrderCurrencies(db: Db, tenantId: string, limit: number): Promise<string[]> {
  const rows = await queryRows<{ currency: string }>(db, sql`
    select distinct currency from (
      select input -> 'order' ->> 'currency' as currency
        from risk_decisions where tenant_id = ${tenantId}
       order by placed_at desc, order_id desc limit ${limit}) recent
     where currency is not null
     order by currency`);
  return rows.map((r) => r.currency);
}

/** Erasure: the stored input and signals quote the person (e-mail, phone, addresses, IP); the verdict stays. */
export async function eraseDecisionInputs(db: Db, tenantId: string, orderIds: string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await db.execute(sql`
    update risk_decisions
       set input = jsonb_build_object('erased', true),
           decision = (decision - 'signals') || jsonb_build_object('values', '{}'::jsonb, 'notes', jsonb_build_object('forwarder', null, 'allowed', null, 'blocked', null), 'explanation', jsonb_build_array(decision -> 'explanation' -> 0))
     where tenant_id = ${tenantId} and order_id = any(${sql.param(orderIds)}::text[])`);
}

/** What an order view shows of its decision: the verdict and its sentences, without the stored input. */
export interface RiskSummaryRow {
  orderId: string;
  action: RiskDecisionRow['action'];
  score: number;
  ruleSetVersion: string;
  decidedBy: string[];
  explanation: string[];
}

export async function riskSummariesOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<RiskSummaryRow[]> {
  if (orderIds.length === 0) return [];
  const rows = await queryRows<{ order_id: string; action: RiskDecisionRow['action']; score: number; rule_set_version: string; decided_by: { id: string }[] | null; explanation: string[] | null }>(db, sql`
    select order_id, action, score, rule_set_version, decision -> 'decidedBy' as decided_by, decision -> 'explanation' as explanation
      from risk_decisions where tenant_id = ${tenantId} and order_id = any(${sql.param(orderIds)}::text[])`);
  return rows.map((r) => ({ orderId: r.order_id, action: r.action, score: r.score, ruleSetVersion: r.rule_set_version, decidedBy: (r.decided_by ?? []).map((m) => m.id), explanation: r.explanation ?? [] }));
}
