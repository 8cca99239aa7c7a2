import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { deleteOldest } from '../../../platform/db/retention.js';
import { automationRules, automationRuns, type AutomationRuleRow, type AutomationRunRow } from './schema.js';

/** All SQL of the automations tables (migrations/0057_automation_rules.sql). */

export async function findRule(db: Db, tenantId: string, id: string): Promise<AutomationRuleRow | undefined> {
  const [row] = await db.select().from(automationRules).where(and(eq(automationRules.tenantId, tenantId), eq(automationRules.id, id)));
  return row;
}

/** The stored rules (own rules and overrides of defaults), by id. */
export async function storedRules(db: Db, tenantId: string): Promise<AutomationRuleRow[]> {
  return db.select().from(automationRules).where(eq(automationRules.tenantId, tenantId)).orderBy(automationRules.id);
}

/** The stored rules a trigger fires (the relay reads these for every event it hands on). */
export async function storedRulesFor(db: Db, tenantId: string, trigger: string): Promise<AutomationRuleRow[]> {
  return db.select().from(automationRules).where(and(eq(automationRules.tenantId, tenantId), eq(automationRules.trigger, trigger)));
}

/** How many rules of its own the tenant has (overrides of default rules not counted). */
export async function countOwnRules(db: Db, tenantId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(automationRules).where(and(eq(automationRules.tenantId, tenantId), eq(automationRules.isDefault, false)));
  return Number(row?.n ?? 0);
}

/** Queues the tenant's rule writes that check its limits one behind the other, until the transaction ends. */
export async function lockRulesOf(db: Db, tenantId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`automation_rules/${tenantId}`}, 7423014))`);
}

export async function insertRule(db: Db, row: AutomationRuleRow): Promise<void> {
  await db.insert(automationRules).values(row);
}

/** Inserts the row unless one with its id is there (or being inserted): the row, or undefined. */
export async function insertRuleIfAbsent(db: Db, row: AutomationRuleRow): Promise<AutomationRuleRow | undefined> {
  const [inserted] = await db.insert(automationRules).values(row).onConflictDoNothing({ target: [automationRules.tenantId, automationRules.id] }).returning();
  return inserted;
}

/** Compare-and-set on version: undefined when the rule moved on (or is gone). */
export async function updateRule(db: Db, tenantId: string, id: string, version: number, changes: Pick<AutomationRuleRow, 'name' | 'trigger' | 'condition' | 'actions' | 'enabled' | 'updatedBy' | 'updatedAt'>): Promise<AutomationRuleRow | undefined> {
  const [row] = await db
    .update(automationRules)
    .set({ ...changes, version: version + 1 })
    .where(and(eq(automationRules.tenantId, tenantId), eq(automationRules.id, id), eq(automationRules.version, version)))
    .returning();
  return row;
}

export async function deleteRule(db: Db, tenantId: string, id: string, version: number): Promise<boolean> {
  const rows = await db.delete(automationRules).where(and(eq(automationRules.tenantId, tenantId), eq(automationRules.id, id), eq(automationRules.version, version))).returning({ id: automationRules.id });
  return rows.length > 0;
}

/** Records a run unless this rule already ran for this event: answers the row, or undefined (a replay). */
export async function insertRun(db: Db, row: AutomationRunRow): Promise<AutomationRunRow | undefined> {
  const [inserted] = await db.insert(automationRuns).values(row).onConflictDoNothing({ target: [automationRuns.tenantId, automationRuns.ruleId, automationRuns.eventId] }).returning();
  return inserted;
}

export async function updateRun(db: Db, tenantId: string, id: string, changes: Partial<Pick<AutomationRunRow, 'facts' | 'conditionResult' | 'outcomes' | 'status' | 'reason' | 'nextAction' | 'resumeAt' | 'updatedAt'>>): Promise<void> {
  await db.update(automationRuns).set(changes).where(and(eq(automationRuns.tenantId, tenantId), eq(automationRuns.id, id)));
}

/** Ends a rule's waiting runs as failed with the reason (the rule is deleted: nothing is left to resume them with). */
export async function endWaitingRuns(db: Db, tenantId: string, ruleId: string, reason: string, now: Date): Promise<void> {
  await db
    .update(automationRuns)
    .set({ status: 'failed', reason, resumeAt: null, updatedAt: now })
    .where(and(eq(automationRuns.tenantId, tenantId), eq(automationRuns.ruleId, ruleId), eq(automationRuns.status, 'waiting')));
}

/** How many of these rules' runs for an order fired (their condition held) since `since`, per rule. */
export async function firesSince(db: Db, tenantId: string, orderId: string, ruleIds: string[], since: Date): Promise<Map<string, number>> {
  if (ruleIds.length === 0) return new Map();
  const rows = await db
    .select({ ruleId: automationRuns.ruleId, n: sql<number>`count(*)::int` })
    .from(automationRuns)
    .where(and(eq(automationRuns.tenantId, tenantId), eq(automationRuns.orderId, orderId), inArray(automationRuns.ruleId, ruleIds), gte(automationRuns.createdAt, since), inArray(automationRuns.status, ['completed', 'failed', 'waiting'])))
    .groupBy(automationRuns.ruleId);
  return new Map(rows.map((r) => [r.ruleId, Number(r.n)]));
}

/** Waiting runs whose time has come, locked for this transaction (FOR UPDATE SKIP LOCKED: workers share them). */
export async function claimDueRuns(db: Db, now: Date, limit: number): Promise<AutomationRunRow[]> {
  const rows = await queryRows<{ tenant_id: string; id: string }>(db, sql`
    select tenant_id, id from automation_runs
    where status = 'waiting' and resume_at <= ${now}
    order by resume_at limit ${limit}
    for update skip locked`);
  if (rows.length === 0) return [];
  const found: AutomationRunRow[] = [];
  for (const tenantId of new Set(rows.map((r) => r.tenant_id))) {
    const ids = rows.filter((r) => r.tenant_id === tenantId).map((r) => r.id);
    found.push(...(await db.select().from(automationRuns).where(and(eq(automationRuns.tenantId, tenantId), inArray(automationRuns.id, ids)))));
  }
  return found.sort((a, b) => (a.resumeAt?.getTime() ?? 0) - (b.resumeAt?.getTime() ?? 0));
}

/**
 * Deletes up to `limit` finished runs (any status but waiting) last changed before `before`,
 * oldest first, across tenants (index automation_runs_finished, migration 0062); answers how many.
 */
export function deleteFinishedRuns(db: Db, before: Date, limit: number): Promise<number> {
  return deleteOldest(db, automationRuns, [automationRuns.tenantId, automationRuns.id], automationRuns.updatedAt, before, limit, sql`status <> 'waiting'`);
}

export interface RunFilter {
  ruleId?: string | undefined;
  orderId?: string | undefined;
}

/** Runs newest first (keyset on id), of one rule or one order or all. */
export async function listRuns(db: Db, tenantId: string, filter: RunFilter, page: PageRequest): Promise<AutomationRunRow[]> {
  const k = keyset([automationRuns.id], page);
  return db
    .select()
    .from(automationRuns)
    .where(
      and(
        eq(automationRuns.tenantId, tenantId),
        filter.ruleId !== undefined ? eq(automationRuns.ruleId, filter.ruleId) : undefined,
        filter.orderId !== undefined ? eq(automationRuns.orderId, filter.orderId) : undefined,
        k.where,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
}
