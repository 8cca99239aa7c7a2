import type { Static } from '@fastify/type-provider-typebox';
import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { idempotently, type Idempotency } from '../../platform/idempotency/idempotency.js';
import { currencyExponent, formatMoney } from '../../platform/kernel/money.js';
import { newId } from '../../platform/kernel/ids.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { findOrder } from '../../modules/orders/index.js';
import { ledgerOf, paymentSummary, recordTransaction, transactionsOfOrder, type TransactionSource } from '../../modules/payments/index.js';
import { findReturn, insertRefund, refundLinesView, refundsOfReturns, transitionReturn, type RefundPreviewView, type RefundRow } from '../../modules/returns/index.js';
import { parentFor } from './steps/book-return-credit.js';
import { refundOfReturn } from './steps/refund-of-return.js';
import { returnViews, type ReturnViewJson } from './steps/return-view.js';
import { lockOrderAndReturn } from './steps/lock-order-and-return.js';

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
 * write path wants it, and it queues every refund of the order), then the return; only an inspected
 * return without a refund (409 RETURN_NOT_REFUNDABLE); the amount from `refundOfReturn`; a `refund`
 * on the order's ledger through `recordTransaction` against the capture or sale (none: 409
 * RETURN_NO_CAPTURED_PAYMENT; more than captured − refunded: the ledger's 409), whose
 * `refund.created` names the lines, shipping and tax; the return's one refund row (unique per
 * return); the return closes.
 */
export async function refundReturn(db: Db, actor: Actor, returnId: string, input: { gateway?: string | undefined; reason?: string | undefined }, source: TransactionSource, now: Date, idempotency?: Idempotency): Promise<{ statusCode: 201; body: ReturnViewJson }> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 201 as const, async (completion) => {
      const { order, ret } = await lockOrderAndReturn(tx, actor.tenantId, returnId);
      const [existing] = await refundsOfReturns(tx, actor.tenantId, [ret.id]);
      if (existing) throw new DomainError('RETURN_NOT_REFUNDABLE', `Return ${ret.id} was refunded by ${existing.transactionId}.`, undefined, { refund_id: existing.id, transaction_id: existing.transactionId });
      if (ret.status !== 'inspected') throw new DomainError('RETURN_NOT_REFUNDABLE', `A return that is ${ret.status} is not refunded yet: every unit must be received or reported missing first.`, undefined, { current_status: ret.status });
      const refund = await refundOfReturn(tx, actor.tenantId, order, ret);
      if (refund.amount_minor <= 0) throw new DomainError('RETURN_NOT_REFUNDABLE', 'No unit of this return came back: there is nothing to refund.');
      const ledger = await transactionsOfOrder(tx, actor.tenantId, order.id);
      const parent = parentFor(ledger, refund.amount_minor);
      if (!parent) throw new DomainError('RETURN_NO_CAPTURED_PAYMENT', `Order ${order.id} has no successful capture or sale to refund.`);
      const e = currencyExponent(order.currency) ?? 2;
      const reason = input.reason ?? `return ${ret.id}`;
      const recorded = await recordTransaction(
        tx,
        actor,
        { id: order.id, currency: order.currency, totalMinor: order.totalMinor },
        { kind: 'refund', status: 'success', amountMinor: refund.amount_minor, currency: order.currency, gateway: input.gateway ?? parent.gateway, gatewayReference: null, parentId: parent.id, source, reason, processedAt: now },
        now,
        (minor) => `${formatMoney(minor, e)} ${order.currency}`,
        { items: { lines: refund.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, amount_minor: l.amount_minor })), shipping_minor: refund.shipping_minor, tax_minor: refund.tax_minor }, ledger },
      );
      const row: RefundRow = {
        tenantId: actor.tenantId,
        id: newId('rfd'),
        returnId: ret.id,
        orderId: order.id,
        transactionId: recorded.transaction.id,
        currency: order.currency,
        amountMinor: refund.amount_minor,
        lines: refund.lines,
        shippingMinor: refund.shipping_minor,
        taxMinor: refund.tax_minor,
        feeMinor: refund.fee_minor,
        labelMinor: refund.label_minor,
        createdAt: now,
        actor: actor.actorId,
      };
      if (!(await insertRefund(tx, row))) throw new DomainError('RETURN_NOT_REFUNDABLE', `Return ${ret.id} was refunded by another request.`);
      const closed = await transitionReturn(tx, actor, ret, 'closed', reason, now, { refund_id: row.id, transaction_id: row.transactionId, amount_minor: row.amountMinor, currency: row.currency, restocking_fee_minor: row.feeMinor, shipping_minor: row.shippingMinor, return_label_minor: row.labelMinor });
      const [view] = await returnViews(tx, actor.tenantId, [ret]);
      await appendEvents(tx, actor, now, [...recorded.events, closed], completion.inEvents(view));
      return view as ReturnViewJson;
    }),
  );
}
