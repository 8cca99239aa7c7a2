import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import type { OrderRow } from '../../../modules/orders/index.js';
import { transactionsOfOrder, type TransactionSource } from '../../../modules/payments/index.js';
import { outcomeRefusal, refundsOfReturns, returnSettingsOf, transitionReturn, type RefundRow, type ReturnOutcome, type ReturnRow } from '../../../modules/returns/index.js';
import { postEntry } from '../../../modules/store-credit/index.js';
import { bookReturnCredit, parentFor, STORE_CREDIT_GATEWAY } from './book-return-credit.js';
import { refundOfReturn } from './refund-of-return.js';

/**
 * The policy's `allowed_outcomes` hold at close as at request (ADR 0028): an outcome it does not
 * offer is 422 RETURN_OUTCOME_NOT_OFFERED naming it and what is offered, unless staff send
 * `override_note` now or accepted this outcome against the policy when the return was requested.
 * Answers what the close event records of an override.
 */
export async function refuseOutcomeNotOffered(tx: Db, tenantId: string, ret: ReturnRow, outcome: ReturnOutcome, overrideNote: string | undefined): Promise<{ outcome_override_note?: string }> {
  const { policy } = await returnSettingsOf(tx, tenantId);
  const refusal = outcomeRefusal(policy, outcome, ret, overrideNote);
  if (refusal) {
    throw new DomainError('RETURN_OUTCOME_NOT_OFFERED', refusal, [{ field: 'override_note', message: `is required to close with ${outcome}: the return policy offers ${policy.allowed_outcomes.join(', ')}` }], { outcome, allowed_outcomes: policy.allowed_outcomes });
  }
  return policy.allowed_outcomes.includes(outcome) ? {} : { outcome_override_note: overrideNote ?? (ret.overrideNote as string) };
}

/**
 * What an inspected return is worth at close (`refundOfReturn`), after the checks every close with
 * money makes: no refund yet and inspected (409 RETURN_NOT_REFUNDABLE), the outcome offered by the
 * policy or overridden (refuseOutcomeNotOffered), something came back. `verb`: "refunded" or "credited".
 */
async function creditableReturn(tx: Db, tenantId: string, order: OrderRow, ret: ReturnRow, outcome: ReturnOutcome, overrideNote: string | undefined, verb: string) {
  const [existing] = await refundsOfReturns(tx, tenantId, [ret.id]);
  if (existing) throw new DomainError('RETURN_NOT_REFUNDABLE', `Return ${ret.id} was refunded by ${existing.transactionId}.`, undefined, { refund_id: existing.id, transaction_id: existing.transactionId });
  if (ret.status !== 'inspected') throw new DomainError('RETURN_NOT_REFUNDABLE', `A return that is ${ret.status} is not ${verb} yet: every unit must be received or reported missing first.`, undefined, { current_status: ret.status });
  const override = await refuseOutcomeNotOffered(tx, tenantId, ret, outcome, overrideNote);
  const credit = await refundOfReturn(tx, tenantId, order, ret);
  if (credit.amount_minor <= 0) throw new DomainError('RETURN_NOT_REFUNDABLE', `No unit of this return came back: there is nothing to ${verb === 'refunded' ? 'refund' : 'credit'}.`);
  return { credit, override };
}

/**
 * Closing an inspected return with a refund to the original payment, in the caller's transaction
 * (key, order, return locked in that order): the amount from `refundOfReturn`; a `refund` on the
 * order's ledger against the capture or sale (none: 409 RETURN_NO_CAPTURED_PAYMENT; more than
 * captured − refunded: the ledger's 409), booked by `bookReturnCredit` (itemised `refund.created`,
 * the return's one refund row); the return closes. Answers the events.
 */
export async function closeWithRefund(tx: Db, actor: Actor, order: OrderRow, ret: ReturnRow, input: { gateway?: string | undefined; reason?: string | undefined; override_note?: string | undefined }, source: TransactionSource, now: Date): Promise<NewEvent[]> {
  const { credit: refund, override } = await creditableReturn(tx, actor.tenantId, order, ret, 'refund', input.override_note, 'refunded');
  const ledger = await transactionsOfOrder(tx, actor.tenantId, order.id);
  const parent = parentFor(ledger, refund.amount_minor);
  if (!parent) throw new DomainError('RETURN_NO_CAPTURED_PAYMENT', `Order ${order.id} has no successful capture or sale to refund.`);
  const reason = input.reason ?? `return ${ret.id}`;
  const booked = await bookReturnCredit(tx, actor, order, ret, refund, [{ gateway: input.gateway ?? parent.gateway, parentId: parent.id, amountMinor: refund.amount_minor, gatewayReference: null }], reason, source, now, ledger);
  const row = booked.row as RefundRow;
  const closed = await transitionReturn(tx, actor, ret, 'closed', reason, now, { refund_id: row.id, transaction_id: row.transactionId, amount_minor: row.amountMinor, currency: row.currency, restocking_fee_minor: row.feeMinor, shipping_minor: row.shippingMinor, return_label_minor: row.labelMinor, ...override });
  return [...booked.events, closed];
}

/**
 * Closing an inspected return with store credit worth exactly what the refund preview computes
 * (`refundOfReturn`), in the caller's transaction (key, order, return locked): a `refund` on gateway
 * `store_credit` on the order's ledger (itemised `refund.created`, so accounting books the credit
 * note), the return's one refund row, an `issue` on the customer's store-credit account (tenant +
 * the order's e-mail, lower-case; at most one per return), `store_credit.issued`, and the return
 * closes. A refund and store credit exclude each other: whichever comes first closes the return.
 */
export async function closeWithStoreCredit(tx: Db, actor: Actor, order: OrderRow, ret: ReturnRow, input: { reason?: string | undefined; override_note?: string | undefined }, source: TransactionSource, now: Date): Promise<NewEvent[]> {
  const { credit, override } = await creditableReturn(tx, actor.tenantId, order, ret, 'store_credit', input.override_note, 'credited');
  if (!order.customerEmail) throw new DomainError('RETURN_NO_CUSTOMER_EMAIL', `Order ${order.id} has no customer e-mail to keep store credit under.`, [{ field: 'order.customer.email', message: 'is missing' }]);
  const reason = input.reason ?? `return ${ret.id} as store credit`;
  const booked = await bookReturnCredit(tx, actor, order, ret, credit, [{ gateway: STORE_CREDIT_GATEWAY, parentId: null, amountMinor: credit.amount_minor, gatewayReference: ret.id }], reason, source, now);
  const txn = booked.transactions[0] as NonNullable<(typeof booked.transactions)[0]>;
  const issued = await postEntry(tx, actor, { email: order.customerEmail, currency: order.currency, kind: 'issue', amountMinor: credit.amount_minor, reason, returnId: ret.id, orderId: order.id, transactionId: txn.id, customerId: order.customerId }, now);
  const closed = await transitionReturn(tx, actor, ret, 'closed', reason, now, {
    outcome: 'store_credit',
    refund_id: booked.row?.id ?? null,
    transaction_id: txn.id,
    store_credit_entry_id: issued.entry.id,
    amount_minor: credit.amount_minor,
    currency: order.currency,
    restocking_fee_minor: credit.fee_minor,
    shipping_minor: credit.shipping_minor,
    ...override,
  });
  return [...booked.events, issued.event, closed];
}
