import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { REFUND_CREATED, type RefundCreated } from '../../../platform/outbox/event-types.js';
import { paymentSummary, type PaymentSummary, type TransactionKind, type TransactionStatus } from '../domain/financial-status.js';
import { refuseTransaction } from '../domain/ledger-rules.js';
import { ledgerOf } from '../domain/ledger-of.js';
import type { TransactionSource } from '../db/schema.js';
import { insertTransaction, transactionsOfOrder, type TransactionRow } from '../db/transactions.queries.js';

/** Appended on the order for every transaction recorded: the timeline shows who recorded what, when and why. */
export const ORDER_TRANSACTION_RECORDED = 'order.transaction_recorded';

/** What the order is, as far as its ledger cares (read by the caller under the order's row lock). */
export interface LedgerOrder {
  id: string;
  currency: string;
  totalMinor: number;
}

export interface TransactionInput {
  kind: TransactionKind;
  status: TransactionStatus;
  amountMinor: number;
  currency: string;
  gateway: string;
  gatewayReference: string | null;
  parentId: string | null;
  source: TransactionSource;
  reason: string | null;
  processedAt: Date;
}

export interface RecordedTransaction {
  /** `duplicate`: the (gateway, gateway_reference) was recorded before with the same details; nothing was added. */
  outcome: 'recorded' | 'duplicate';
  transaction: TransactionRow;
  /** The order's ledger after it, oldest first, and its summary against the order's current total. */
  ledger: TransactionRow[];
  summary: PaymentSummary;
  /** To append in the same transaction (none for a duplicate). */
  events: NewEvent[];
}

/** The details that make two reports of one gateway reference the same transaction. */
const sameTransaction = (a: TransactionRow, b: TransactionInput) =>
  a.kind === b.kind && a.status === b.status && a.amountMinor === b.amountMinor && a.currency === b.currency && a.parentId === b.parentId;

/**
 * Adds one transaction to an order's ledger. The caller holds the order's row lock (so the ledger
 * read here is complete until commit: two refunds of the same money queue, the second sees the
 * first) and appends the returned events in its transaction. `format` renders minor units for messages.
 */
/** What a refund was for, when the caller knows (a return's refund): `refund.created` carries it so accounting books a credit note. */
export interface RefundItems {
  lines: RefundCreated['lines'];
  shipping_minor: number;
  tax_minor: number;
}

export interface RecordOptions {
  /** A refund's lines, shipping and tax, for the credit note (`refund.created`). */
  items?: RefundItems;
  /**
   * The order's ledger as the caller already holds it under the order's lock (a new order's is
   * empty; a refund read it to choose its parent): saves reading it again.
   */
  ledger?: TransactionRow[];
}

export async function recordTransaction(tx: Db, actor: Actor, order: LedgerOrder, input: TransactionInput, now: Date, format: (minor: number) => string, options: RecordOptions = {}): Promise<RecordedTransaction> {
  const { items } = options;
  const rows = options.ledger ?? (await transactionsOfOrder(tx, actor.tenantId, order.id));
  if (input.gatewayReference !== null) {
    const seen = rows.find((r) => r.gateway === input.gateway && r.gatewayReference === input.gatewayReference);
    if (seen && sameTransaction(seen, input)) return { outcome: 'duplicate', transaction: seen, ledger: rows, summary: paymentSummary(ledgerOf(rows), order.totalMinor), events: [] };
    if (seen) {
      throw new DomainError('PAYMENT_REFERENCE_CONFLICT', `${input.gateway} reference ${input.gatewayReference} is ${seen.id}, a ${seen.status} ${seen.kind} of ${format(seen.amountMinor)} ${seen.currency}.`, [
        { field: 'gateway_reference', message: `is already transaction ${seen.id} with other details` },
      ], { transaction_id: seen.id });
    }
  }
  const refusal = refuseTransaction(ledgerOf(rows), input, order.currency, format);
  if (refusal) throw new DomainError(refusal.code, `The ${input.kind} ${refusal.field} ${refusal.message}.`, [{ field: refusal.field, message: refusal.message }]);

  const row: TransactionRow = { tenantId: actor.tenantId, id: newId('txn'), orderId: order.id, ...input, createdAt: now, actor: actor.actorId };
  await insertTransaction(tx, row);
  const ledger = [...rows, row];
  const summary = paymentSummary(ledgerOf(ledger), order.totalMinor);
  return { outcome: 'recorded', transaction: row, ledger, summary, events: eventsOf(order, row, summary, items) };
}

function eventsOf(order: LedgerOrder, t: TransactionRow, summary: PaymentSummary, items: RefundItems | undefined): NewEvent[] {
  const recorded: NewEvent = {
    type: ORDER_TRANSACTION_RECORDED,
    aggregateType: 'order',
    aggregateId: order.id,
    data: {
      transaction_id: t.id,
      kind: t.kind,
      status: t.status,
      amount_minor: t.amountMinor,
      currency: t.currency,
      gateway: t.gateway,
      gateway_reference: t.gatewayReference,
      parent_id: t.parentId,
      source: t.source,
      reason: t.reason ?? '',
      processed_at: t.processedAt.toISOString(),
      financial_status: summary.financialStatus,
      balance_minor: summary.balanceMinor,
    },
  };
  if (t.kind !== 'refund' || t.status !== 'success') return [recorded];
  // Accounting turns refund.created into a credit note. A refund recorded on its own (the ledger
  // knows the money, not which lines it was for) is not itemised (lines [], no shipping or tax): the
  // export lists it under `skipped` rather than crediting lines nobody named (ADR 0018). A return's
  // refund names its lines, shipping and tax (ADR 0019), adding up to the amount.
  const refund: RefundCreated = { order_id: order.id, refund_id: t.id, currency: t.currency, amount_minor: t.amountMinor, lines: items?.lines ?? [], shipping_minor: items?.shipping_minor ?? 0, tax_minor: items?.tax_minor ?? 0, reason: t.reason ?? '' };
  return [recorded, { type: REFUND_CREATED, aggregateType: 'refund', aggregateId: t.id, data: { ...refund } }];
}
