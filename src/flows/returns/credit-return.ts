import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { idempotently, type Idempotency } from '../../platform/idempotency/idempotency.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import type { TransactionSource } from '../../modules/payments/index.js';
import { refundsOfReturns, transitionReturn } from '../../modules/returns/index.js';
import { postEntry } from '../../modules/store-credit/index.js';
import { bookReturnCredit, STORE_CREDIT_GATEWAY } from './steps/book-return-credit.js';
import { refundOfReturn } from './steps/refund-of-return.js';
import { returnViews, type ReturnViewJson } from './steps/return-view.js';
import { lockOrderAndReturn } from './steps/lock-order-and-return.js';

/**
 * POST /v1/returns/{id}/store-credit: close an inspected return with store credit worth exactly what
 * the refund preview computes (`refundOfReturn`). One transaction, locks as the refund takes them
 * (key, order, return): a `refund` on gateway `store_credit` on the order's ledger (itemised
 * `refund.created`, so accounting books the credit note; the order's financial status follows), the
 * return's one refund row, an `issue` on the customer's store-credit account (tenant + the order's
 * e-mail, lower-case; at most one per return), `store_credit.issued`, and the return closes. A
 * refund and store credit exclude each other: whichever comes first closes the return.
 */
export async function creditReturn(db: Db, actor: Actor, returnId: string, input: { reason?: string | undefined }, source: TransactionSource, now: Date, idempotency?: Idempotency): Promise<{ statusCode: 201; body: ReturnViewJson }> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 201 as const, async (completion) => {
      const { order, ret } = await lockOrderAndReturn(tx, actor.tenantId, returnId);
      const [existing] = await refundsOfReturns(tx, actor.tenantId, [ret.id]);
      if (existing) throw new DomainError('RETURN_NOT_REFUNDABLE', `Return ${ret.id} was refunded by ${existing.transactionId}.`, undefined, { refund_id: existing.id, transaction_id: existing.transactionId });
      if (ret.status !== 'inspected') throw new DomainError('RETURN_NOT_REFUNDABLE', `A return that is ${ret.status} is not credited yet: every unit must be received or reported missing first.`, undefined, { current_status: ret.status });
      if (!order.customerEmail) throw new DomainError('RETURN_NO_CUSTOMER_EMAIL', `Order ${order.id} has no customer e-mail to keep store credit under.`, [{ field: 'order.customer.email', message: 'is missing' }]);
      const credit = await refundOfReturn(tx, actor.tenantId, order, ret);
      if (credit.amount_minor <= 0) throw new DomainError('RETURN_NOT_REFUNDABLE', 'No unit of this return came back: there is nothing to credit.');
      const reason = input.reason ?? `return ${ret.id} as store credit`;
      const booked = await bookReturnCredit(tx, actor, order, ret, credit, [{ gateway: STORE_CREDIT_GATEWAY, parentId: null, amountMinor: credit.amount_minor, gatewayReference: ret.id }], reason, source, now);
      const txn = booked.transactions[0] as NonNullable<(typeof booked.transactions)[0]>;
      const issued = await postEntry(tx, actor, { email: order.customerEmail, currency: order.currency, kind: 'issue', amountMinor: credit.amount_minor, reason, returnId: ret.id, orderId: order.id, transactionId: txn.id }, now);
      const closed = await transitionReturn(tx, actor, ret, 'closed', reason, now, {
        outcome: 'store_credit',
        refund_id: booked.row?.id ?? null,
        transaction_id: txn.id,
        store_credit_entry_id: issued.entry.id,
        amount_minor: credit.amount_minor,
        currency: order.currency,
        restocking_fee_minor: credit.fee_minor,
        shipping_minor: credit.shipping_minor,
      });
      const [view] = await returnViews(tx, actor.tenantId, [ret]);
      await appendEvents(tx, actor, now, [...booked.events, issued.event, closed], completion.inEvents(view));
      return view as ReturnViewJson;
    }),
  );
}
