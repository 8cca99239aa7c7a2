import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { requireCountry } from '../../../platform/kernel/country.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { deletePolicy, upsertPolicy, type PolicyRow } from '../db/policies.queries.js';
import { policyProblems, type PolicyScope, type RoutingRule } from '../domain/policy.js';

export interface PolicyInput {
  position?: number;
  scope?: PolicyScope;
  rules: RoutingRule[];
}

/** Creates or replaces a policy whole; the change is an event (who, when, the new rules). */
export async function putPolicy(db: Db, actor: Actor, name: string, input: PolicyInput, now: Date): Promise<{ row: PolicyRow; created: boolean }> {
  return inTransaction(db, async (tx) => {
    input.scope?.countries?.forEach((c, i) => requireCountry(c, `scope.countries[${i}]`));
    const problems = policyProblems(input);
    if (problems.length > 0) throw new DomainError('REQUEST_INVALID', 'The policy is not consistent.', problems);
    const scope: PolicyScope = { ...input.scope, ...(input.scope?.countries ? { countries: input.scope.countries.map((c) => c.toUpperCase()) } : {}) };
    const result = await upsertPolicy(tx, { tenantId: actor.tenantId, name, position: input.position ?? 100, scope, rules: input.rules, createdAt: now, updatedAt: now });
    await appendEvents(tx, actor, now, [
      { type: result.created ? 'routing_policy.created' : 'routing_policy.updated', aggregateType: 'routing_policy', aggregateId: name, data: { position: result.row.position, scope, rules: input.rules } },
    ]);
    return result;
  });
}

export async function removePolicy(db: Db, actor: Actor, name: string, now: Date): Promise<void> {
  return inTransaction(db, async (tx) => {
    if (!(await deletePolicy(tx, actor.tenantId, name))) throw new DomainError('ROUTING_POLICY_NOT_FOUND', `No routing policy named ${name}.`);
    await appendEvents(tx, actor, now, [{ type: 'routing_policy.deleted', aggregateType: 'routing_policy', aggregateId: name, data: {} }]);
  });
}
