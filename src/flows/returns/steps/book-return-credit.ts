import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import type { OrderRow } from '../../../modules/orders/index.js';
import { recordTransaction, type TransactionRow, type TransactionSource } from '../../../modules/payments/index.js';
import { insertRefund, type RefundComputation, type RefundRow, type ReturnRow } from '../../../modules/returns/index.js';

/** The gateways of the ledger's refunds that stay with the merchant (ADR 0022): store credit, and credit moved to an exchange's replacement order. */
export { EXCHANGE_GATEWAY, STORE_CREDIT_GATEWAY } from '../../../modules/payments/index.js';

/** The capture or sale to refund against: the oldest successful one with enough not yet refunded. */
export function parentFor(ledger: TransactionRow[], amount: number): TransactionRow | undefined {
  const ok = ledger.filter((t) => t.status === 'success');
  const left = (p: TransactionRow) => p.amountMinor - ok.filter((t) => t.parentId === p.id && (t.kind === 'refund' || t.kind === 'chargeback')).reduce((s, t) => s + t.amountMinor, 0);
  const parents = ok.filter((t) => t.kind === 'capture' || t.kind === 'sale');
  return parents.find((p) => left(p) >= amount) ?? parents.sort((a, b) => left(b) - left(a))[0];
}

/** One refund transaction of a return's credit: where the money goes (gateway) and how much. */
export interface CreditPart {
  gateway: string;
  /** The capture or sale refunded (a card refund); null for money that stays with the merchant (store credit, an exchange). */
  parentId: string | null;
  amountMinor: number;
  gatewayReference: string | null;
}

/**
 * Books what a return is worth off the original order when it is not (only) refunded to the card:
 * each part a `refund` on the order's ledger through `recordTransaction` (so the order's balance and
 * financial status say the goods were given back, ADR 0022), itemised when it is one refund so
 * accounting books the credit note; then the return's one `return_refunds` row (unique per return: later returns of
 * the line start from the next unit, the shipping is credited once). The caller holds the order's
 * and the return's locks and appends the events.
 */
export async function bookReturnCredit(
  tx: Db,
  actor: Actor,
  order: OrderRow,
  ret: ReturnRow,
  credit: RefundComputation,
  parts: CreditPart[],
  reason: string,
  source: TransactionSource,
  now: Date,
  /** The order's ledger when the caller read it under the order's lock: the first part need not read it again. */
  ledger?: TransactionRow[],
): Promise<{ row: RefundRow | undefined; transactions: TransactionRow[]; events: NewEvent[] }> {
  const e = currencyExponent(order.currency) ?? 2;
  const transactions: TransactionRow[] = [];
  const events: NewEvent[] = [];
  const paying = parts.filter((p) => p.amountMinor > 0);
  // A credit note must add up to its refund (else accounting skips it): only a credit booked as one
  // refund is itemised; a split one (an exchange's rest given back) is booked without items (ADR 0022).
  const itemised = paying.length === 1;
  for (const part of paying) {
    const recorded = await recordTransaction(
      tx,
      actor,
      { id: order.id, currency: order.currency, totalMinor: order.totalMinor },
      { kind: 'refund', status: 'success', amountMinor: part.amountMinor, currency: order.currency, gateway: part.gateway, gatewayReference: part.gatewayReference, parentId: part.parentId, source, reason, processedAt: now },
      now,
      (minor) => `${formatMoney(minor, e)} ${order.currency}`,
      {
        items: itemised ? { lines: credit.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, amount_minor: l.amount_minor })), shipping_minor: credit.shipping_minor, tax_minor: credit.tax_minor } : undefined,
        // Only the first part's ledger is known: each part changes it for the next.
        ledger: transactions.length === 0 ? ledger : undefined,
      },
    );
    transactions.push(recorded.transaction);
    events.push(...recorded.events);
  }
  const first = transactions[0];
  if (!first || credit.amount_minor <= 0) return { row: undefined, transactions, events };
  const row: RefundRow = {
    tenantId: actor.tenantId,
    id: newId('rfd'),
    returnId: ret.id,
    orderId: order.id,
    transactionId: first.id,
    currency: order.currency,
    amountMinor: credit.amount_minor,
    lines: credit.lines,
    shippingMinor: credit.shipping_minor,
    taxMinor: credit.tax_minor,
    feeMinor: credit.fee_minor,
    labelMinor: credit.label_minor,
    createdAt: now,
    actor: actor.actorId,
  };
  if (!(await insertRefund(tx, row))) throw new DomainError('RETURN_NOT_REFUNDABLE', `Return ${ret.id} was refunded by another request.`);
  return { row, transactions, events };
}
