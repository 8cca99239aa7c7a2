import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import type { Actor } from '../../platform/outbox/events.js';
import { cancelUnits, type CancelInput } from './steps/cancel-units.js';
import { loadOrderViews, type OrderView } from './steps/order-view.js';

export type { CancelInput } from './steps/cancel-units.js';

/**
 * POST /v1/orders/{id}/cancel: a whole order, whole lines, or some units of lines, in one
 * transaction (`cancelUnits`); answers the order as it is afterwards.
 */
export async function cancelOrder(db: Db, actor: Actor, orderId: string, input: CancelInput, now: Date): Promise<OrderView> {
  if (input.line_ids && input.lines) {
    throw new DomainError('REQUEST_INVALID', 'Send line_ids or lines, not both.', [{ field: 'lines', message: 'cannot be combined with line_ids' }]);
  }
  const order = await inTransaction(db, (tx) => cancelUnits(tx, actor, orderId, input, now));
  const [view] = await loadOrderViews(db, actor.tenantId, [order], now);
  return view as OrderView;
}
