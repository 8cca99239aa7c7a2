import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import type { Actor } from '../../../platform/outbox/events.js';
import type { FulfillmentStatus } from '../domain/lifecycle.js';
import { lockFulfillmentOrder, type FulfillmentOrder } from '../db/fulfillment-orders.queries.js';
import { transitionFulfillmentOrder } from './transition.js';

/**
 * Moves one fulfillment order (accept by its location, release by an operator). A key scoped to a
 * location gets 404 for other locations' fulfillment orders, as if they did not exist.
 */
export async function moveFulfillmentOrder(
  db: Db,
  actor: Actor,
  id: string,
  to: Extract<FulfillmentStatus, 'accepted' | 'released'>,
  reason: string,
  now: Date,
  scopeLocationId?: string,
): Promise<FulfillmentOrder> {
  return inTransaction(db, async (tx) => {
    const fo = await lockFulfillmentOrder(tx, actor.tenantId, id);
    if (!fo || (scopeLocationId !== undefined && fo.locationId !== scopeLocationId)) throw new DomainError('FULFILLMENT_ORDER_NOT_FOUND', `No fulfillment order ${id}.`);
    // A held order's fulfillment orders leave on_hold only when its last hold is released (ADR 0025).
    if (fo.status === 'on_hold') throw new DomainError('FULFILLMENT_ILLEGAL_TRANSITION', `Fulfillment order ${id} is on hold with its order: release the order's holds (DELETE /v1/orders/${fo.orderId}/holds/{hold_id}).`, undefined, { current_status: fo.status, requested_status: to });
    await transitionFulfillmentOrder(tx, actor, fo, to, reason, now);
    return fo;
  });
}
