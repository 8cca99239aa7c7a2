import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { preparePatch, type CustomerPatch } from '../domain/changes.js';
import { findCustomer, updateCustomer, type CustomerRow } from '../db/customers.queries.js';

/** The customer, or 404 CUSTOMER_NOT_FOUND (another tenant's answers the same). */
export async function visibleCustomer(db: Db, tenantId: string, id: string): Promise<CustomerRow> {
  const row = await findCustomer(db, tenantId, id);
  if (!row) throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${id}.`);
  return row;
}

/** PATCH /v1/customers/{id}: name, phone, tags, note; `customer.updated` with what changed from what. */
export async function patchCustomer(db: Db, actor: Actor, id: string, patch: CustomerPatch & { reason?: string }, now: Date): Promise<CustomerRow> {
  const { changes, errors } = preparePatch(patch);
  if (errors.length > 0) throw new DomainError('CUSTOMER_INVALID', errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
  return inTransaction(db, async (tx) => {
    const row = await visibleCustomer(tx, actor.tenantId, id);
    if (row.mergedInto) throw new DomainError('CUSTOMER_MERGED', `Customer ${id} was merged into ${row.mergedInto}.`, undefined, { merged_into: row.mergedInto });
    if (row.erasedAt) throw new DomainError('CUSTOMER_ERASED', `Customer ${id} was erased.`);
    const changed = (Object.keys(changes) as (keyof CustomerPatch)[]).filter((k) => JSON.stringify(changes[k]) !== JSON.stringify(row[k]));
    if (changed.length === 0) return row;
    if (!(await updateCustomer(tx, actor.tenantId, id, row.version, changes, now))) throw new DomainError('CUSTOMER_CONCURRENT_UPDATE', `Customer ${id} was changed by another request.`);
    await appendEvents(tx, actor, now, [
      {
        type: 'customer.updated',
        aggregateType: 'customer',
        aggregateId: id,
        data: { changes: Object.fromEntries(changed.map((k) => [k, { from: row[k], to: changes[k] }])), reason: patch.reason ?? null },
      },
    ]);
    return { ...row, ...changes, version: row.version + 1, updatedAt: now };
  });
}
