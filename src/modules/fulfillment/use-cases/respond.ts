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
    await transitionFulfillmentOrder(tx, actor, fo, to, reason, now);
    return fo;
  });
}
