import type { Db } from '../../../platform/db/database.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { canTransition, linesOfOrders, stockLines, transitionOrder, type OrderRow } from '../../../modules/orders/index.js';
import { dispositionsOfReturns, listReturns } from '../../../modules/returns/index.js';

/**
 * Moves the order (locked by the caller) to partially_returned / returned by the units that came
 * back (received with a disposition other than missing, on returns neither declined nor cancelled)
 * against the units shipped, through the orders module's one write path (recorded as
 * `order.partially_returned` / `order.returned`). An order whose status does not allow it (still
 * partially shipped) keeps its status; the return itself records the units.
 */
export async function settleOrderReturnStatus(tx: Db, actor: Actor, order: OrderRow, now: Date, returnId: string): Promise<NewEvent | undefined> {
  const returns = (await listReturns(tx, actor.tenantId, { orderId: order.id }, { size: 10_000 })).filter((r) => r.status !== 'declined' && r.status !== 'cancelled');
  const back = (await dispositionsOfReturns(tx, actor.tenantId, returns.map((r) => r.id))).filter((d) => d.disposition !== 'missing').reduce((n, d) => n + d.quantity, 0);
  if (back === 0) return undefined;
  const shipped = stockLines(await linesOfOrders(tx, actor.tenantId, [order.id])).reduce((n, l) => n + l.shipped, 0);
  const to = back >= shipped ? 'returned' : 'partially_returned';
  if (order.status === to || !canTransition(order.status, to)) return undefined;
  return transitionOrder(tx, actor, order, to, `${back} of ${shipped} shipped units came back`, now, { return_id: returnId, units_returned: back, units_shipped: shipped });
}
