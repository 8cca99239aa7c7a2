import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { canTransition, type OrderStatus } from '../domain/lifecycle.js';
import { updateOrderStatus, type OrderRow } from '../db/orders.queries.js';

/**
 * The one write path for an order's status: checks the transition table, compare-and-sets on
 * version, and returns the event that records who moved it, when, from where to where and why.
 * The caller appends the event in the same transaction.
 */
export async function transitionOrder(tx: Db, actor: Actor, order: OrderRow, to: OrderStatus, reason: string, now: Date, data: Record<string, unknown> = {}): Promise<NewEvent | undefined> {
  if (order.status === to) return undefined;
  if (!canTransition(order.status, to)) {
    throw new DomainError('ORDER_ILLEGAL_TRANSITION', `An order that is ${order.status} cannot become ${to}.`, undefined, { current_status: order.status, requested_status: to });
  }
  if (!(await updateOrderStatus(tx, actor.tenantId, order.id, order.version, to, now))) {
    throw new DomainError('ORDER_CONCURRENT_UPDATE');
  }
  const from = order.status;
  order.status = to;
  order.version += 1;
  return { type: `order.${to}`, aggregateType: 'order', aggregateId: order.id, data: { ...data, from, to, reason } };
}
