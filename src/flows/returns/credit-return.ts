import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { idempotently, type Idempotency } from '../../platform/idempotency/idempotency.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import type { TransactionSource } from '../../modules/payments/index.js';
import { returnViews, type ReturnViewJson } from './steps/return-view.js';
import { lockOrderAndReturn } from './steps/lock-order-and-return.js';
import { closeWithStoreCredit } from './steps/close-return.js';

/**
 * POST /v1/returns/{id}/store-credit: close an inspected return with store credit worth exactly what
 * the refund preview computes (`refundOfReturn`). One transaction, locks as the refund takes them
 * (key, order, return), then steps/close-return.ts `closeWithStoreCredit` (the ledger's refund on
 * gateway `store_credit`, the return's one refund row, the account's `issue`, the return closes).
 */
export async function creditReturn(db: Db, actor: Actor, returnId: string, input: { reason?: string | undefined }, source: TransactionSource, now: Date, idempotency?: Idempotency): Promise<{ statusCode: 201; body: ReturnViewJson }> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 201 as const, async (completion) => {
      const { order, ret } = await lockOrderAndReturn(tx, actor.tenantId, returnId);
      const events = await closeWithStoreCredit(tx, actor, order, ret, input, source, now);
      const [view] = await returnViews(tx, actor.tenantId, [ret]);
      await appendEvents(tx, actor, now, events, completion.inEvents(view));
      return view as ReturnViewJson;
    }),
  );
}
