import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { appendEvents, type Actor, type NewEvent } from '../../../platform/outbox/events.js';
import { canTransition, type FulfillmentStatus } from '../domain/lifecycle.js';
import { updateFulfillmentOrderStatus, type FulfillmentOrderRow } from '../db/fulfillment-orders.queries.js';

/**
 * The one write path for a fulfillment order's status: checks the transition table, compare-and-
 * sets on status and version, and appends `fulfillment_order.<to>` (from, to, reason, who) in the
 * caller's transaction. Moving to `released` stamps released_at; to `rejected` stores `reason` as
 * the reject reason. The row passed in is updated in place. A move to the current status is a no-op.
 */
export async function transitionFulfillmentOrder(
  tx: Db,
  actor: Actor,
  fo: FulfillmentOrderRow,
  to: FulfillmentStatus,
  reason: string,
  now: Date,
  data: Record<string, unknown> = {},
): Promise<NewEvent | undefined> {
  if (fo.status === to) return undefined;
  if (!canTransition(fo.status, to)) {
    throw new DomainError('FULFILLMENT_ILLEGAL_TRANSITION', `A fulfillment order that is ${fo.status} cannot become ${to}.`, undefined, { current_status: fo.status, requested_status: to });
  }
  const patch = {
    status: to,
    ...(to === 'released' ? { releasedAt: now } : {}),
    ...(to === 'rejected' ? { rejectReason: reason } : {}),
  };
  if (!(await updateFulfillmentOrderStatus(tx, actor.tenantId, fo, patch, now))) throw new DomainError('FULFILLMENT_CONCURRENT_UPDATE');
  const from = fo.status;
  Object.assign(fo, patch, { version: fo.version + 1, updatedAt: now });
  const event: NewEvent = {
    type: `fulfillment_order.${to}`,
    aggregateType: 'fulfillment_order',
    aggregateId: fo.id,
    data: { ...data, order_id: fo.orderId, location_id: fo.locationId, from, to, reason, who: actor.actorId },
  };
  await appendEvents(tx, actor, now, [event]);
  return event;
}
