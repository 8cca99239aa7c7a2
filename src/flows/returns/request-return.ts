import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { idempotently, type Idempotency } from '../../platform/idempotency/idempotency.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { lockOrder, type OrderRow } from '../../modules/orders/index.js';
import type { ReturnBody } from '../../modules/returns/index.js';
import { createReturn } from './steps/create-return.js';
import { returnViews, type ReturnViewJson } from './steps/return-view.js';

/**
 * POST /v1/orders/{id}/returns. One transaction: claim the Idempotency-Key, lock the order's row
 * (every return of the order queues behind it, so two requests cannot both take the last units),
 * create the return (steps/create-return.ts: lines checked, policy evaluated), append
 * `return.requested`.
 */
export async function requestReturn(db: Db, actor: Actor, orderId: string, body: ReturnBody, visible: (o: OrderRow) => boolean, now: Date, idempotency?: Idempotency): Promise<{ statusCode: 201; body: ReturnViewJson }> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 201 as const, async (completion) => {
      const order = await lockOrder(tx, actor.tenantId, orderId);
      if (!order || !visible(order)) throw new DomainError('ORDER_NOT_FOUND', `No order ${orderId}.`);
      const { ret, event } = await createReturn(tx, actor, order, body, now);
      const [view] = await returnViews(tx, actor.tenantId, [ret]);
      await appendEvents(tx, actor, now, [event], completion.inEvents(view));
      return view as ReturnViewJson;
    }),
  );
}
