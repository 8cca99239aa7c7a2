import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { lockCustomers, repointTombstones, TAGS_MAX, updateCustomer, type CustomerRow, type CustomerView } from '../../modules/customers/index.js';
import { moveOrdersToCustomer } from '../../modules/orders/index.js';
import { accountsOfCustomer, linkAccounts } from '../../modules/store-credit/index.js';
import { customerView } from './steps/customer-view.js';

/**
 * POST /v1/customers/{id}/merge (ADR 0026): `from` is merged into the survivor `id`, in one
 * transaction with both rows locked (in id order): its orders and store-credit accounts point at
 * the survivor, its tags join the survivor's, its note is appended, a missing name or phone is
 * filled from it. It stays as a tombstone (`merged_into`) that keeps its match key, so its old id
 * and its e-mail at the next capture both lead to the survivor. `customer.merged` on both.
 */
export async function mergeCustomers(db: Db, actor: Actor, survivorId: string, fromId: string, reason: string | undefined, now: Date): Promise<CustomerView> {
  if (survivorId === fromId) throw new DomainError('CUSTOMER_MERGE_REFUSED', 'A customer cannot be merged into itself.', [{ field: 'from', message: 'is the customer being merged into' }]);
  return inTransaction(db, async (tx) => {
    const rows = await lockCustomers(tx, actor.tenantId, [survivorId, fromId]);
    const survivor = rows.find((r) => r.id === survivorId);
    const from = rows.find((r) => r.id === fromId);
    if (!survivor) throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${survivorId}.`);
    if (!from) throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${fromId}.`, [{ field: 'from', message: 'names no customer of this tenant' }]);
    refuseMerge(survivor, 'id');
    refuseMerge(from, 'from');

    const orderIds = await moveOrdersToCustomer(tx, actor.tenantId, from.id, survivor.id);
    const accounts = await accountsOfCustomer(tx, actor.tenantId, from.id, from.email ? [from.email] : []);
    await linkAccounts(tx, actor.tenantId, accounts.map((a) => a.id), survivor.id, now);
    const repointed = await repointTombstones(tx, actor.tenantId, from.id, survivor.id, now);
    const tags = [...new Set([...survivor.tags, ...from.tags])].slice(0, TAGS_MAX);
    const note = [survivor.note, from.note].filter((n): n is string => !!n).join('\n\n').slice(0, 5000) || null;
    const survivorChanges = { tags, note, name: survivor.name ?? from.name, phone: survivor.phone ?? from.phone };
    if (!(await updateCustomer(tx, actor.tenantId, survivor.id, survivor.version, survivorChanges, now))) throw new DomainError('CUSTOMER_CONCURRENT_UPDATE');
    if (!(await updateCustomer(tx, actor.tenantId, from.id, from.version, { mergedInto: survivor.id }, now))) throw new DomainError('CUSTOMER_CONCURRENT_UPDATE');
    const data = { survivor: survivor.id, merged: from.id, merged_email: from.email, orders_moved: orderIds.length, store_credit_accounts: accounts.map((a) => a.id), tombstones_repointed: repointed, tags, reason: reason ?? null };
    await appendEvents(tx, actor, now, [
      { type: 'customer.merged', aggregateType: 'customer', aggregateId: survivor.id, data },
      { type: 'customer.merged', aggregateType: 'customer', aggregateId: from.id, data },
    ]);
    return customerView(tx, actor.tenantId, { ...survivor, ...survivorChanges, version: survivor.version + 1, updatedAt: now });
  });
}

function refuseMerge(row: CustomerRow, field: string): void {
  if (row.mergedInto) throw new DomainError('CUSTOMER_MERGE_REFUSED', `Customer ${row.id} was already merged into ${row.mergedInto}.`, [{ field, message: `was merged into ${row.mergedInto}` }]);
  if (row.erasedAt) throw new DomainError('CUSTOMER_MERGE_REFUSED', `Customer ${row.id} was erased.`, [{ field, message: 'was erased' }]);
}
