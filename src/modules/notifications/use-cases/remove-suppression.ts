import { createHmac } from 'node:crypto';
import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import type { SuppressionRow } from '../db/schema.js';
import { removeSuppression, suppressionKey } from '../db/suppressions.queries.js';

/**
 * The aggregate a suppression's events are recorded on: a keyed hash of the tenant and address, so
 * the history says who lifted which entry and when without keeping the address in an event, which
 * a customer's erasure would have to find and rewrite. Asking "was ada@… ever lifted?" hashes the
 * address the same way.
 */
export function suppressionAggregateId(tenantId: string, address: string): string {
  return `sup_${createHmac('sha256', tenantId).update(suppressionKey(address)).digest('base64url').slice(0, 22)}`;
}

/**
 * Takes an address off the suppression list (the customer fixed their mailbox) and records
 * `suppression.removed` with who, when, why and what the entry was (its reason, date and the
 * message that caused it). 404 when it is not listed; nothing written then.
 */
export async function liftSuppression(db: Db, actor: Actor, address: string, reason: string | undefined, now: Date): Promise<SuppressionRow> {
  return inTransaction(db, async (tx) => {
    const removed = await removeSuppression(tx, actor.tenantId, address);
    if (!removed) throw new DomainError('SUPPRESSION_NOT_FOUND', `${address} is not on the suppression list.`);
    await appendEvents(tx, actor, now, [
      {
        type: 'suppression.removed',
        aggregateType: 'suppression',
        aggregateId: suppressionAggregateId(actor.tenantId, removed.address),
        data: { suppressed_for: removed.reason, suppressed_at: removed.createdAt.toISOString(), notification_id: removed.notificationId, reason: reason ?? null },
      },
    ]);
    return removed;
  });
}
