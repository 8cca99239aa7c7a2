import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { appendEvents } from '../../../platform/outbox/events.js';
import { claimLateShipments } from '../../../modules/shipping/index.js';

/**
 * Worker job: parcels late against their promise (the promised day ended at the destination, no
 * delivery, no exception) get one `shipment.late` each, appended with the flag that marks it told
 * in one transaction (idempotent across restarts and workers). The notifications subscriber sends
 * the customer `delivery_late`, with the carrier's later estimate when there is one.
 */
export async function flagLateShipments(db: Db, now: Date, limit = 200): Promise<{ handled: number; more: boolean }> {
  return inTransaction(db, async (tx) => {
    const { late, seen } = await claimLateShipments(tx, now, limit);
    for (const x of late) await appendEvents(tx, { tenantId: x.tenantId, actorId: 'system:shipping-late-shipments' }, now, [x.event]);
    return { handled: late.length, more: seen === limit && late.length > 0 };
  });
}
