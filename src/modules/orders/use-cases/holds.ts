import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { ORDER_HELD, ORDER_RELEASED } from '../../../platform/outbox/event-types.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { holdQueueOf, isHoldable, type HoldRequest } from '../domain/holds.js';
import { activeHoldsOfOrders, findActiveHold, findHold, insertActiveHold, markHoldReleased, type OrderHoldRow } from '../db/holds.queries.js';
import type { OrderRow } from '../db/orders.queries.js';

/**
 * Holds on an order (ADR 0025). Both take the order as the caller locked it (`lockOrder`): every
 * writer of an order's holds and of its fulfillment orders' release queues on that row lock, so a
 * release never runs beside a place and fulfillment is never released while a hold is on. They
 * answer the event for the caller to append (it adds what it did to the fulfillment orders).
 */

export interface PlacedHold {
  hold: OrderHoldRow;
  /** False: the order already had this hold active; nothing was written. */
  placed: boolean;
  event?: NewEvent;
}

/** Places a hold, or answers the active one of the same type (and queue): placing twice is idempotent. */
export async function placeHold(tx: Db, actor: Actor, order: OrderRow, request: HoldRequest, now: Date): Promise<PlacedHold> {
  if (!isHoldable(order.status)) {
    throw new DomainError('ORDER_NOT_HOLDABLE', `An order that is ${order.status} has nothing left to hold back.`, [{ field: 'order', message: `is ${order.status}` }], { current_status: order.status });
  }
  const queue = holdQueueOf(request.type, request.queue);
  const row: OrderHoldRow = { tenantId: actor.tenantId, id: newId('ohd'), orderId: order.id, type: request.type, queue, reason: request.reason, placedBy: actor.actorId, placedAt: now, releasedBy: null, releasedAt: null, releaseNote: null };
  const inserted = await insertActiveHold(tx, row);
  if (!inserted) {
    const existing = await findActiveHold(tx, actor.tenantId, order.id, request.type, queue);
    if (!existing) throw new DomainError('ORDER_CONCURRENT_UPDATE');
    return { hold: existing, placed: false };
  }
  const event: NewEvent = { type: ORDER_HELD, aggregateType: 'order', aggregateId: order.id, data: { hold_id: inserted.id, hold_type: inserted.type, queue: queue || null, reason: inserted.reason } };
  return { hold: inserted, placed: true, event };
}

export interface ReleasedHold {
  hold: OrderHoldRow;
  /** The holds still active on the order: none means the order is released. */
  remaining: OrderHoldRow[];
  event: NewEvent;
}

/** Releases one active hold of the order with a note (409 when it was released already). */
export async function releaseHold(tx: Db, actor: Actor, order: OrderRow, holdId: string, note: string, now: Date): Promise<ReleasedHold> {
  const found = await findHold(tx, actor.tenantId, holdId);
  if (!found || found.orderId !== order.id) throw new DomainError('ORDER_HOLD_NOT_FOUND', `Order ${order.id} has no hold ${holdId}.`, [{ field: 'hold_id', message: `no hold ${holdId} on this order` }]);
  const released = await markHoldReleased(tx, actor.tenantId, holdId, actor.actorId, now, note);
  if (!released) {
    throw new DomainError('ORDER_HOLD_ALREADY_RELEASED', `Hold ${holdId} was released at ${found.releasedAt?.toISOString() ?? 'an earlier time'}.`, [{ field: 'hold_id', message: 'is already released' }], {
      released_at: found.releasedAt?.toISOString() ?? null,
      released_by: found.releasedBy,
    });
  }
  const remaining = await activeHoldsOfOrders(tx, actor.tenantId, [order.id]);
  const event: NewEvent = {
    type: ORDER_RELEASED,
    aggregateType: 'order',
    aggregateId: order.id,
    data: { hold_id: released.id, hold_type: released.type, queue: released.queue || null, reason: note, hold_reason: released.reason, holds_left: remaining.length },
  };
  return { hold: released, remaining, event };
}
