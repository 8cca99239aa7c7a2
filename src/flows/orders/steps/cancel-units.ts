import type { Db } from '../../../platform/db/database.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { appendEvents, type Actor, type NewEvent } from '../../../platform/outbox/events.js';
import { release } from '../../../modules/inventory/index.js';
import { adjustmentsOfOrders, allocationStatus, isCancellable, lineMoney, linesOfOrders, lockedOrder, orderCharges, orderTotals, setLineQuantities, setOrderTotals, transitionOrder, unfilledUnits, withComponentUnits, type OrderAdjustmentRow, type OrderLineRow, type OrderRow } from '../../../modules/orders/index.js';
import { shrinkFulfillmentOrders } from '../../fulfillment/steps/fulfillment-orders.js';
import { endHoldsOfCancelledOrder } from '../../reviews/steps/cases.js';

export interface CancelInput {
  reason: string;
  /** Line ids to cancel whole. */
  line_ids?: string[];
  /** Lines to cancel in part: `quantity` units (omitted: what is left of the line). */
  lines?: { line_id: string; quantity?: number }[];
  /** Staff chose not to tell the customer (Medusa's `no_notification`): the events say so and the message is kept as skipped (ADR 0034). */
  no_notification?: boolean;
}

/** Units of a line that are neither allocated, backordered nor cancelled (an order on hold). */
const unfilledOf = (l: OrderLineRow) => l.quantity - l.cancelled - l.allocated - l.backordered;

/**
 * Cancels a whole order, whole lines, or some units of lines, in the caller's transaction (the
 * cancel route, a channel's cancellation webhook), releasing the reservations they held. Units are
 * taken from what is unfilled first, then backordered, then allocated (only those release stock).
 * Cancelling everything left cancels the order — unless `statusByCaller`: an order edit takes units
 * off before it adds the ones that replace them, so an edit that swaps the only line must not
 * cancel the order on the way; the edit derives the status once its lines are all written.
 * Answers the order row as it was locked.
 */
export async function cancelUnits(tx: Db, actor: Actor, orderId: string, input: CancelInput, now: Date, options: { statusByCaller?: boolean } = {}): Promise<OrderRow> {
  const order = await lockedOrder(tx, actor.tenantId, orderId);
  if (!isCancellable(order.status)) {
    throw new DomainError('ORDER_ILLEGAL_TRANSITION', `An order that is ${order.status} cannot be cancelled.`, undefined, { current_status: order.status, requested_status: 'cancelled' });
  }
  const [lines, adjustments] = await Promise.all([linesOfOrders(tx, actor.tenantId, [orderId]), adjustmentsOfOrders(tx, actor.tenantId, [orderId])]);
  const cancelledBefore = new Map(lines.map((l) => [l.id, l.cancelled]));
  const requested = requestedUnits(input, lines);
  const { touched, fromAllocated } = takeUnits(lines, requested);
  const released = fromAllocated.size > 0 ? await release(tx, actor.tenantId, orderId, fromAllocated, now) : [];
  // Cancelled units leave the fulfillment orders that held them (an emptied one is cancelled, or asked to cancel if started).
  await shrinkFulfillmentOrders(tx, actor, orderId, released, requested === undefined, input.reason, now);
  await setLineQuantities(tx, actor.tenantId, touched);
  const money = touched.length > 0 ? await recomputeTotals(tx, order, lines, adjustments) : undefined;
  const events: NewEvent[] = [];
  const quiet = input.no_notification ? { no_notification: true } : {};
  if (touched.length > 0 && money) {
    // The amount of each line's newly cancelled units: their exact shares (the units cancelled last are the highest indexes).
    const amountOf = (l: OrderLineRow) => {
      const before = cancelledBefore.get(l.id) ?? 0;
      return lineMoney(l, order.taxesIncluded).cancelled.paid - lineMoney({ ...l, cancelled: before }, order.taxesIncluded).cancelled.paid;
    };
    events.push({
      type: 'order.lines_cancelled',
      aggregateType: 'order',
      aggregateId: orderId,
      data: {
        reason: input.reason,
        lines: touched.map((l) => ({ line_id: l.id, sku: l.sku, cancelled: l.cancelled, units: l.cancelled - (cancelledBefore.get(l.id) ?? 0), quantity: l.quantity, amount: amountOf(l) })),
        released: released.map((r) => ({ sku: r.sku, location_id: r.location_id, quantity: r.quantity })),
        // Minor units of the order currency: what this cancellation took off the total, and the total after it.
        currency: order.currency,
        amount: money.removed,
        total: money.total,
        ...quiet,
      },
    });
  }
  if (!options.statusByCaller) {
    const stillUnfilled = order.status === 'on_hold' && unfilledUnits(lines) > 0;
    const moved = await transitionOrder(tx, actor, order, allocationStatus(lines, stillUnfilled), input.reason, now, quiet);
    if (moved) events.push(moved);
    // A cancelled order's holds end and its review cases close (ADR 0031): nothing is left to hold back.
    if (order.status === 'cancelled') events.push(...(await endHoldsOfCancelledOrder(tx, actor, order, input.reason, now)));
  }
  await appendEvents(tx, actor, now, events);
  return order;
}

/**
 * The order's totals over the units still live (orders/domain/money.ts), stored; answers what this
 * change took off and the new total. Shipping and duties go when the last unit does.
 */
export async function recomputeTotals(tx: Db, order: OrderRow, lines: OrderLineRow[], adjustments: OrderAdjustmentRow[]): Promise<{ removed: number; total: number }> {
  // Money is on the customer's lines; a kit's component lines carry none of it.
  const customerLines = lines.filter((l) => l.parentLineId === null);
  const charges = orderCharges(order, adjustments);
  const now = orderTotals(customerLines, charges);
  const captured = orderTotals(customerLines, charges, true);
  const before = order.totalMinor;
  const totals = {
    subtotalMinor: now.subtotal,
    discountTotalMinor: now.discount,
    taxTotalMinor: now.tax,
    shippingTotalMinor: now.shipping,
    dutiesTotalMinor: now.duties,
    totalMinor: now.total,
    cancelledTotalMinor: captured.total - now.total,
  };
  await setOrderTotals(tx, order.tenantId, order.id, totals);
  // The caller answers from this row (as transitionOrder keeps its status current).
  Object.assign(order, totals);
  return { removed: before - now.total, total: now.total };
}

/** The lines' counts after cancelling `requested` (undefined: all that has not shipped), and the allocated units that free stock. */
function takeUnits(lines: OrderLineRow[], requested: Map<string, number> | undefined): { touched: OrderLineRow[]; fromAllocated: Map<string, number> } {
  const fromAllocated = new Map<string, number>();
  const touched: OrderLineRow[] = [];
  for (const line of lines) {
    const units = requested ? requested.get(line.id) : line.quantity - line.cancelled - line.shipped;
    if (!units) continue;
    let left = units;
    const fromUnfilled = Math.min(left, unfilledOf(line));
    left -= fromUnfilled;
    const fromBackorder = Math.min(left, line.backordered);
    left -= fromBackorder;
    line.backordered -= fromBackorder;
    line.allocated -= left;
    line.cancelled += units;
    if (left > 0) fromAllocated.set(line.id, left);
    touched.push(line);
  }
  return { touched, fromAllocated };
}

/** Units to cancel per line id, checked against the order; undefined means the whole order. */
function requestedUnits(input: CancelInput, lines: OrderLineRow[]): Map<string, number> | undefined {
  const wanted = input.lines ?? input.line_ids?.map((line_id) => ({ line_id, quantity: undefined }));
  if (!wanted) return undefined;
  const byId = new Map(lines.map((l) => [l.id, l]));
  const units = new Map<string, number>();
  const errors: FieldError[] = [];
  const components: FieldError[] = [];
  wanted.forEach((w, i) => {
    const field = input.lines ? `lines[${i}]` : `line_ids[${i}]`;
    const line = byId.get(w.line_id);
    if (!line) {
      errors.push({ field, message: `${w.line_id} is not a line of this order` });
      return;
    }
    // Units that have shipped are returned, never cancelled.
    const left = line.quantity - line.cancelled - line.shipped;
    if (line.parentLineId) components.push({ field, message: `${line.id} is a component of kit line ${line.parentLineId}; cancel units of the kit line` });
    else if (units.has(line.id)) errors.push({ field, message: 'names a line twice' });
    else if (w.quantity !== undefined && w.quantity > left) errors.push({ field: `${field}.quantity`, message: `only ${left} unit(s) of this line are left to cancel (shipped units cannot be cancelled)` });
    else units.set(line.id, w.quantity ?? left);
  });
  if (errors.length > 0) throw new DomainError('ORDER_LINE_UNKNOWN', 'Some lines cannot be cancelled as asked.', errors);
  if (components.length > 0) throw new DomainError('ORDER_LINE_IS_KIT_COMPONENT', 'A kit is cancelled through its kit line, never one component alone.', components);
  // Cancelling units of a kit line cancels the matching units of its component lines.
  return withComponentUnits(units, lines);
}
