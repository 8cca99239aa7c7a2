import { and, desc, eq, sql } from 'drizzle-orm';
import { preparedStatement, queryRows, type Db } from '../../../platform/db/database.js';
import { riskActiveRuleSets, riskRuleSets } from './schema.js';

export type RuleSetRow = typeof riskRuleSets.$inferSelect;
export type ActiveRuleSetRow = typeof riskActiveRuleSets.$inferSelect;

/**
 * A new version, numbered one past the tenant's highest in the same statement. Two writers racing
 * pick the same number and the primary key refuses the second (23505): the caller answers 409.
 */
export async function insertRuleSet(db: Db, row: Omit<RuleSetRow, 'version'>): Promise<RuleSetRow> {
  const [inserted] = await queryRows<{ version: number }>(db, sql`
    insert into risk_rule_sets (tenant_id, version, rules, lists, settings, note, created_by, created_at)
    select ${row.tenantId}, coalesce(max(version), 0) + 1, ${JSON.stringify(row.rules)}::jsonb, ${JSON.stringify(row.lists)}::jsonb,
           ${JSON.stringify(row.settings)}::jsonb, ${row.note}, ${row.createdBy}, ${row.createdAt.toISOString()}::timestamptz
      from risk_rule_sets where tenant_id = ${row.tenantId}
    returning version`);
  return { ...row, version: (inserted as { version: number }).version };
}

export async function findRuleSet(db: Db, tenantId: string, version: number): Promise<RuleSetRow | undefined> {
  const [row] = await db.select().from(riskRuleSets).where(and(eq(riskRuleSets.tenantId, tenantId), eq(riskRuleSets.version, version)));
  return row;
}

export async function listRuleSets(db: Db, tenantId: string, limit: number): Promise<RuleSetRow[]> {
  return db.select().from(riskRuleSets).where(eq(riskRuleSets.tenantId, tenantId)).orderBy(desc(riskRuleSets.version)).limit(limit);
}

// On the capture path, so a named statement (ADR 0004).
const activeVersionOf = preparedStatement<{ version: number }>('risk_active_version', 'select version from risk_active_rule_sets where tenant_id = $1');

/** The tenant's active version number; undefined: the default set. Capture's read: compiled sets are cached by version. */
export async function findActiveVersion(db: Db, tenantId: string): Promise<number | undefined> {
  return (await activeVersionOf(db, [tenantId]))[0]?.version;
}

/** The active version's rule set with who activated it; undefined: the tenant uses the default set. One read. */
export async function findActiveRuleSet(db: Db, tenantId: string): Promise<{ ruleSet: RuleSetRow; active: ActiveRuleSetRow } | undefined> {
  const [row] = await db
    .select({ ruleSet: riskRuleSets, active: riskActiveRuleSets })
    .from(riskActiveRuleSets)
    .innerJoin(riskRuleSets, and(eq(riskRuleSets.tenantId, riskActiveRuleSets.tenantId), eq(riskRuleSets.version, riskActiveRuleSets.version)))
    .where(eq(riskActiveRuleSets.tenantId, tenantId));
  return row;
}

/** Makes `version` the active one: one upsert, so one active version per tenant whatever races. Answers the previous version. */
export async function activateRuleSet(db: Db, row: ActiveRuleSetRow): Promise<number | null> {
  const [previous] = await queryRows<{ version: number | null }>(db, sql`
    with before as (select version from risk_active_rule_sets where tenant_id = ${row.tenantId} for update)
    insert into risk_active_rule_sets (tenant_id, version, activated_by, activated_at)
    values (${row.tenantId}, ${row.version}, ${row.activatedBy}, ${row.activatedAt.toISOString()}::timestamptz)
    on conflict (tenant_id) do update set version = excluded.version, activated_by = excluded.activated_by, activated_at = excluded.activated_at
    returning (select version from before) as version`);
  return previous?.version ?? null;
}
