import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import type { OrderRow } from '../../../modules/orders/index.js';
import { recordTransaction, transactionsOfOrder, type TransactionSource } from '../../../modules/payments/index.js';
import { insertRefund, outcomeRefusal, refundsOfReturns, returnSettingsOf, transitionReturn, type RefundRow, type ReturnOutcome, type ReturnRow } from '../../../modules/returns/index.js';
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
 * Closing an inspected return with a refund to the original payment, in the caller's transaction
 * (key, order, return locked in that order): only an inspected return without a refund (409
 * RETURN_NOT_REFUNDABLE); the amount from `refundOfReturn`; a `refund` on the order's ledger through
 * `recordTransaction` against the capture or sale (none: 409 RETURN_NO_CAPTURED_PAYMENT; more than
 * captured − refunded: the ledger's 409), whose `refund.created` names the lines, shipping and tax;
 * the return's one refund row (unique per return); the return closes. Answers the events.
 */
export async function closeWithRefund(tx: Db, actor: Actor, order: OrderRow, ret: ReturnRow, input: { gateway?: string | undefined; reason?: string | undefined; override_note?: string | undefined }, source: TransactionSource, now: Date): Promise<NewEvent[]> {
  const [existing] = await refundsOfReturns(tx, actor.tenantId, [ret.id]);
  if (existing) throw new DomainError('RETURN_NOT_REFUNDABLE', `Return ${ret.id} was refunded by ${existing.transactionId}.`, undefined, { refund_id: existing.id, transaction_id: existing.transactionId });
  if (ret.status !== 'inspected') throw new DomainError('RETURN_NOT_REFUNDABLE', `A return that is ${ret.status} is not refunded yet: every unit must be received or reported missing first.`, undefined, { current_status: ret.status });
  const override = await refuseOutcomeNotOffered(tx, actor.tenantId, ret, 'refund', input.override_note);
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
  const closed = await transitionReturn(tx, actor, ret, 'closed', reason, now, { refund_id: row.id, transaction_id: row.transactionId, amount_minor: row.amountMinor, currency: row.currency, restocking_fee_minor: row.feeMinor, shipping_minor: row.shippingMinor, return_label_minor: row.labelMinor, ...override });
  return [...recorded.events, closed];
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
  const [existing] = await refundsOfReturns(tx, actor.tenantId, [ret.id]);
  if (existing) throw new DomainError('RETURN_NOT_REFUNDABLE', `Return ${ret.id} was refunded by ${existing.transactionId}.`, undefined, { refund_id: existing.id, transaction_id: existing.transactionId });
  if (ret.status !== 'inspected') throw new DomainError('RETURN_NOT_REFUNDABLE', `A return that is ${ret.status} is not credited yet: every unit must be received or reported missing first.`, undefined, { current_status: ret.status });
  const override = await refuseOutcomeNotOffered(tx, actor.tenantId, ret, 'store_credit', input.override_note);
  if (!order.customerEmail) throw new DomainError('RETURN_NO_CUSTOMER_EMAIL', `Order ${order.id} has no customer e-mail to keep store credit under.`, [{ field: 'order.customer.email', message: 'is missing' }]);
  const credit = await refundOfReturn(tx, actor.tenantId, order, ret);
  if (credit.amount_minor <= 0) throw new DomainError('RETURN_NOT_REFUNDABLE', 'No unit of this return came back: there is nothing to credit.');
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
