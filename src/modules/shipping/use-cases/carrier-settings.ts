import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import type { Actor } from '../../../platform/outbox/events.js';
import { deleteCarrier, putShippingRules, type CarrierRow } from '../db/carriers.queries.js';
import { validateShippingRules, type ShippingRules } from '../domain/rate-shop.js';
import type { SecretSource } from './carrier-registry.js';
import { putCarrier, type CarrierInput } from './carriers.js';

/** PUT /v1/carriers/{code}: creates or replaces a carrier connection in its own transaction. */
export async function saveCarrier(db: Db, actor: Actor, code: string, input: CarrierInput, now: Date, secrets: SecretSource): Promise<CarrierRow> {
  return inTransaction(db, (tx) => putCarrier(tx, actor, code, input, now, { secrets }));
}

/** Removes a carrier connection; its shipments keep their records. */
export async function removeCarrier(db: Db, tenantId: string, code: string): Promise<void> {
  if (!(await deleteCarrier(db, tenantId, code))) throw new DomainError('CARRIER_NOT_FOUND', `No carrier ${code}.`);
}

const wireField = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Replaces the tenant's shipping rules after checking them (fields named as on the wire). */
export async function changeShippingRules(db: Db, actor: Actor, rules: ShippingRules, now: Date): Promise<ShippingRules> {
  const problems = validateShippingRules(rules);
  if (problems.length > 0) throw new DomainError('SHIPPING_RULES_INVALID', undefined, problems.map((p) => ({ field: wireField(p.field), message: p.message })));
  await putShippingRules(db, actor.tenantId, rules as unknown as Record<string, unknown>, actor.actorId, now);
  return rules;
}
