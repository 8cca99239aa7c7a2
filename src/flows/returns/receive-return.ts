import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { idempotently, type Idempotency } from '../../platform/idempotency/idempotency.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import type { ReceiptBody } from '../../modules/returns/index.js';
import { bookReceipt } from './steps/book-receipt.js';
import { returnViews, type ReturnViewJson } from './steps/return-view.js';
import { lockOrderAndReturn } from './steps/lock-order-and-return.js';

/**
 * POST /v1/returns/{id}/receipts: units received at the return's location, each with its
 * disposition. One transaction: lock the order, then the return (the order → return order every
 * returns flow keeps), then book the receipt (steps/book-receipt.ts: settled units, stock by
 * disposition, the return's and the order's status).
 */
export async function receiveReturn(db: Db, actor: Actor, returnId: string, body: ReceiptBody, now: Date, idempotency?: Idempotency): Promise<{ statusCode: 201; body: ReturnViewJson }> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 201 as const, async (completion) => {
      const { order, ret } = await lockOrderAndReturn(tx, actor.tenantId, returnId);
      const events = await bookReceipt(tx, actor, order, ret, body, now);
      const [view] = await returnViews(tx, actor.tenantId, [ret]);
      await appendEvents(tx, actor, now, events, completion.inEvents(view));
      return view as ReturnViewJson;
    }),
  );
}
