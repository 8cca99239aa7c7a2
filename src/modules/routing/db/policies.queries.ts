import { and, eq } from 'drizzle-orm';
import { preparedStatement, type Db } from '../../../platform/db/database.js';
import type { PolicyScope, RoutingPolicy, RoutingRule } from '../domain/policy.js';
import { routingPolicies } from './schema.js';

export type PolicyRow = typeof routingPolicies.$inferSelect;

const ofTenant = preparedStatement<{ name: string; position: number; scope: PolicyScope; rules: RoutingRule[] }>(
  'routing_policies_of_tenant',
  'select name, position, scope, rules from routing_policies where tenant_id = $1 order by position, name',
);

/** The tenant's policies in the order they are tried (read on every capture: one indexed read). */
export async function policiesOf(db: Db, tenantId: string): Promise<RoutingPolicy[]> {
  return ofTenant(db, [tenantId]);
}

export async function listPolicyRows(db: Db, tenantId: string): Promise<PolicyRow[]> {
  return db.select().from(routingPolicies).where(eq(routingPolicies.tenantId, tenantId)).orderBy(routingPolicies.position, routingPolicies.name);
}

export async function findPolicy(db: Db, tenantId: string, name: string): Promise<PolicyRow | undefined> {
  const [row] = await db.select().from(routingPolicies).where(and(eq(routingPolicies.tenantId, tenantId), eq(routingPolicies.name, name)));
  return row;
}

/** Inserts or replaces; answers the row and whether it was new. */
export async function upsertPolicy(db: Db, row: PolicyRow): Promise<{ row: PolicyRow; created: boolean }> {
  const existing = await findPolicy(db, row.tenantId, row.name);
  const [saved] = await db
    .insert(routingPolicies)
    .values(existing ? { ...row, createdAt: existing.createdAt } : row)
    .onConflictDoUpdate({ target: [routingPolicies.tenantId, routingPolicies.name], set: { position: row.position, scope: row.scope, rules: row.rules, updatedAt: row.updatedAt } })
    .returning();
  return { row: saved as PolicyRow, created: !existing };
}

export async function deletePolicy(db: Db, tenantId: string, name: string): Promise<boolean> {
  const deleted = await db.delete(routingPolicies).where(and(eq(routingPolicies.tenantId, tenantId), eq(routingPolicies.name, name))).returning({ name: routingPolicies.name });
  return deleted.length > 0;
}
