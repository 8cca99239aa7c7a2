import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import type { Actor } from '../../platform/outbox/events.js';
import { findFulfillmentOrder, transitionFulfillmentOrder, type FoLine, type FulfillmentOrder } from '../../modules/fulfillment/index.js';
import type { FulfillmentScope } from './steps/fulfillment-orders.js';
import { giveBack, givesBackOnCancel, lockOrderAndFulfillment, rejectFulfillmentLines, reroute } from './steps/reject-lines.js';

export const rejectReasons = ['not_in_stock', 'damaged', 'mismatch', 'capacity'] as const;
export type RejectReason = (typeof rejectReasons)[number];

/** POST /v1/fulfillment-orders/{id}/reject: one transaction. */
export async function rejectFulfillmentOrder(db: Db, actor: Actor, id: string, input: { reason: RejectReason; lines?: { sku: string; quantity: number }[] }, now: Date, scope: FulfillmentScope): Promise<FulfillmentOrder> {
  await inTransaction(db, (tx) => rejectFulfillmentLines(tx, actor, id, input.reason, input.lines, now, scope));
  return (await findFulfillmentOrder(db, actor.tenantId, id)) as FulfillmentOrder;
}

/**
 * POST /v1/fulfillment-orders/{id}/cancel: the operator takes the work away from the location.
 * Not started (pending, released, accepted) or already asked to cancel: cancelled at once, its
 * units released and re-routed elsewhere. Picking or packed: `cancel_requested` (the location
 * must stop first; a second cancel completes it).
 */
export async function cancelFulfillmentOrder(db: Db, actor: Actor, id: string, reason: string, now: Date): Promise<FulfillmentOrder> {
  await inTransaction(db, async (tx) => {
    const { order, fo } = await lockOrderAndFulfillment(tx, actor.tenantId, id, {});
    if (fo.status !== 'picking' && fo.status !== 'packed' && !givesBackOnCancel.includes(fo.status)) {
      throw new DomainError('FULFILLMENT_ILLEGAL_TRANSITION', `A fulfillment order that is ${fo.status} cannot be cancelled.`, undefined, { current_status: fo.status, requested_status: 'cancelled' });
    }
    if (!givesBackOnCancel.includes(fo.status)) {
      await transitionFulfillmentOrder(tx, actor, fo, 'cancel_requested', reason, now);
      return;
    }
    const units: FoLine[] = fo.lines.map((l) => ({ orderLineId: l.orderLineId, sku: l.sku, quantity: l.quantity }));
    await transitionFulfillmentOrder(tx, actor, fo, 'cancelled', reason, now);
    if (units.length === 0 || order.status === 'cancelled') return;
    await giveBack(tx, actor, order, fo.locationId, units, now);
    await reroute(tx, actor, order, fo, units, `fulfillment order cancelled: ${reason}`, now);
  });
  return (await findFulfillmentOrder(db, actor.tenantId, id)) as FulfillmentOrder;
}
