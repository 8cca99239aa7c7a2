import type { Db } from '../../../platform/db/database.js';
import type { NewEvent } from '../../../platform/outbox/events.js';
import { canTransition, type OrderStatus } from '../domain/lifecycle.js';
import { addShippedUnits, insertOrderWithLines, type NewOrderAdjustment, type NewOrderRow, type OrderLineRow, type OrderRow } from '../db/orders.queries.js';

/**
 * The way a sale over the counter goes through the lifecycle, all at once: every unit allocated
 * at the store, handed over (shipped) and in the customer's hands (delivered). Each step is a move
 * of the transition table, so the timeline reads like any other order's and a return can follow.
 */
const handedOverPath = ['received', 'allocated', 'shipped', 'delivered'] as const satisfies readonly OrderStatus[];

for (let i = 1; i < handedOverPath.length; i++) {
  if (!canTransition(handedOverPath[i - 1] as OrderStatus, handedOverPath[i] as OrderStatus)) {
    throw new Error(`the order lifecycle no longer allows ${handedOverPath[i - 1]} → ${handedOverPath[i]}: a counter sale cannot be recorded`);
  }
}

export type CounterSaleOrder = Omit<NewOrderRow, 'status' | 'version'>;
export type CounterSaleLine = Omit<OrderLineRow, 'allocated' | 'backordered' | 'cancelled' | 'shipped' | 'parentLineId' | 'priceShareMinor'>;

/**
 * Inserts an order that was handed over at a counter: status `delivered`, every line allocated
 * and shipped in full (so allocated + backordered + cancelled = quantity and shipped <= allocated
 * hold). Answers the rows as stored and the lifecycle events (received → allocated → shipped →
 * delivered) for the caller to append in its transaction.
 */
export async function recordHandedOverOrder(tx: Db, input: CounterSaleOrder, inputLines: CounterSaleLine[], reason: string, adjustments: NewOrderAdjustment[] = []): Promise<{ order: OrderRow; lines: OrderLineRow[]; events: NewEvent[] }> {
  const lines: OrderLineRow[] = inputLines.map((l) => ({ ...l, allocated: l.quantity, backordered: 0, cancelled: 0, shipped: l.quantity, parentLineId: null, priceShareMinor: null }));
  const order = await insertOrderWithLines(tx, { ...input, status: 'delivered', version: 1 }, lines, adjustments);
  await addShippedUnits(tx, order.tenantId, lines.map((l) => ({ id: l.id, delta: l.quantity })));
  const events: NewEvent[] = [];
  for (let i = 1; i < handedOverPath.length; i++) {
    const from = handedOverPath[i - 1] as OrderStatus;
    const to = handedOverPath[i] as OrderStatus;
    events.push({ type: `order.${to}`, aggregateType: 'order', aggregateId: order.id, data: { from, to, reason } });
  }
  return { order, lines, events };
}
