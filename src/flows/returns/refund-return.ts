import type { Static } from '@fastify/type-provider-typebox';
import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { idempotently, type Idempotency } from '../../platform/idempotency/idempotency.js';
import { currencyExponent, formatMoney } from '../../platform/kernel/money.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { findOrder } from '../../modules/orders/index.js';
import { ledgerOf, paymentSummary, transactionsOfOrder, type TransactionSource } from '../../modules/payments/index.js';
import { findReturn, refundLinesView, type RefundPreviewView } from '../../modules/returns/index.js';
import { refundOfReturn } from './steps/refund-of-return.js';
import { returnViews, type ReturnViewJson } from './steps/return-view.js';
import { lockOrderAndReturn } from './steps/lock-order-and-return.js';
import { closeWithRefund } from './steps/close-return.js';

/** GET /v1/returns/{id}/refund-preview: what POST …/refunds would refund now, and what the ledger still allows. */
export async function previewRefund(db: Db, tenantId: string, returnId: string): Promise<Static<typeof RefundPreviewView>> {
  const ret = await findReturn(db, tenantId, returnId);
  if (!ret) throw new DomainError('RETURN_NOT_FOUND', `No return ${returnId}.`);
  const order = await findOrder(db, tenantId, ret.orderId);
  if (!order) throw new DomainError('RETURN_NOT_FOUND', `No return ${returnId}.`);
  const refund = await refundOfReturn(db, tenantId, order, ret);
  const summary = paymentSummary(ledgerOf(await transactionsOfOrder(db, tenantId, order.id)), order.totalMinor);
  const e = currencyExponent(order.currency) ?? 2;
  return {
    currency: order.currency,
    amount: formatMoney(refund.amount_minor, e),
    lines: refundLinesView(refund.lines, e),
    shipping: formatMoney(refund.shipping_minor, e),
    tax: formatMoney(refund.tax_minor, e),
    restocking_fee: formatMoney(refund.fee_minor, e),
    return_label: formatMoney(refund.label_minor, e),
    refundable: formatMoney(summary.refundableMinor, e),
  };
}

/**
 * POST /v1/returns/{id}/refunds. One transaction: claim the key, lock the order (the ledger's one
 * write path wants it, and it queues every refund of the order), then the return, then
 * steps/close-return.ts `closeWithRefund` (a `refund` on the ledger against the capture or sale,
 * the return's one refund row, the return closes).
 */
export async function refundReturn(db: Db, actor: Actor, returnId: string, input: { gateway?: string | undefined; reason?: string | undefined }, source: TransactionSource, now: Date, idempotency?: Idempotency): Promise<{ statusCode: 201; body: ReturnViewJson }> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 201 as const, async (completion) => {
      const { order, ret } = await lockOrderAndReturn(tx, actor.tenantId, returnId);
      const events = await closeWithRefund(tx, actor, order, ret, input, source, now);
      const [view] = await returnViews(tx, actor.tenantId, [ret]);
      await appendEvents(tx, actor, now, events, completion.inEvents(view));
      return view as ReturnViewJson;
    }),
  );
}
