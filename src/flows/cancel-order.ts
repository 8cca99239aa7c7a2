import type { Db } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import { DomainError } from '../platform/errors.js';
import { appendEvents, type Actor, type NewEvent } from '../platform/outbox/events.js';
import { release } from '../modules/inventory/index.js';
import { allocationStatus, isCancellable, linesOfOrders, lockOrder, setLineQuantities, transitionOrder } from '../modules/orders/index.js';
import { loadOrderViews, type OrderView } from './order-view.js';

export interface CancelInput {
  reason: string;
  /** Line ids to cancel whole; omitted means the whole order. */
  line_ids?: string[];
}

/**
 * Cancels a whole order or some of its lines, releasing every reservation they held, in one
 * transaction. Cancelling every remaining line cancels the order.
 */
export async function cancelOrder(db: Db, actor: Actor, orderId: string, input: CancelInput, now: Date): Promise<OrderView> {
  const order = await inTransaction(db, async (tx) => {
    const order = await lockOrder(tx, actor.tenantId, orderId);
    if (!order) throw new DomainError('ORDER_NOT_FOUND', `No order ${orderId}.`);
    if (!isCancellable(order.status)) {
      throw new DomainError('ORDER_ILLEGAL_TRANSITION', `An order that is ${order.status} cannot be cancelled.`, undefined, { current_status: order.status, requested_status: 'cancelled' });
    }
    const lines = await linesOfOrders(tx, actor.tenantId, [orderId]);
    const wanted = input.line_ids ? new Set(input.line_ids) : undefined;
    if (wanted) {
      const known = new Set(lines.map((l) => l.id));
      const unknown = [...wanted].filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new DomainError('ORDER_LINE_UNKNOWN', `The order has no line ${unknown.join(', ')}.`, unknown.map((id) => ({ field: 'line_ids', message: `${id} is not a line of this order` })));
      }
    }
    const targets = lines.filter((l) => (!wanted || wanted.has(l.id)) && l.quantity - l.cancelled > 0);
    const released = await release(tx, actor.tenantId, orderId, wanted ? targets.map((l) => l.id) : undefined, now);
    for (const line of targets) {
      line.cancelled = line.quantity;
      line.allocated = 0;
      line.backordered = 0;
    }
    await setLineQuantities(tx, actor.tenantId, targets);
    const events: NewEvent[] = [];
    if (targets.length > 0) {
      events.push({
        type: 'order.lines_cancelled',
        aggregateType: 'order',
        aggregateId: orderId,
        data: { reason: input.reason, lines: targets.map((l) => ({ line_id: l.id, sku: l.sku })), released: released.map((r) => ({ sku: r.sku, location_id: r.location_id, quantity: r.quantity })) },
      });
    }
    const next = allocationStatus(lines, order.status === 'on_hold' && lines.some((l) => l.quantity - l.cancelled > l.allocated + l.backordered));
    const moved = await transitionOrder(tx, actor, order, next, input.reason, now);
    if (moved) events.push(moved);
    await appendEvents(tx, actor, now, events);
    return order;
  });
  const [view] = await loadOrderViews(db, actor.tenantId, [order]);
  return view as OrderView;
}
