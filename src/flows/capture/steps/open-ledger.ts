import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import type { OrderRow } from '../../../modules/orders/index.js';
import { recordTransaction, type TransactionRow } from '../../../modules/payments/index.js';
import type { PreparedPayment } from './prepare-money.js';

/**
 * The channel's payments open a new order's ledger, through the ledger's one write path and its
 * rules (ADR 0018). The order was inserted in this transaction, so no other writer sees it yet: no
 * row lock is needed. A refusal names the transaction it is about (`transactions[1].amount`).
 */
export async function openLedger(tx: Db, actor: Actor, order: OrderRow, payments: PreparedPayment[], now: Date): Promise<{ ledger: TransactionRow[]; events: NewEvent[] }> {
  const ledger: TransactionRow[] = [];
  const events: NewEvent[] = [];
  const exponent = currencyExponent(order.currency) ?? 2;
  const format = (minor: number) => `${formatMoney(minor, exponent)} ${order.currency}`;
  for (const [j, p] of payments.entries()) {
    const input = { ...p, currency: order.currency, parentId: null, source: 'channel' as const, reason: null, processedAt: p.processedAt ? new Date(p.processedAt) : now };
    // The order was inserted in this transaction: its ledger is what this loop recorded so far.
    const recorded = await recordTransaction(tx, actor, { id: order.id, currency: order.currency, totalMinor: order.totalMinor }, input, now, format, { ledger: [...ledger] }).catch((error: unknown) => {
      if (error instanceof DomainError) throw new DomainError(error.code, error.detail, error.errors?.map((e) => ({ ...e, field: `transactions[${j}].${e.field}` })), error.extra);
      throw error;
    });
    ledger.push(recorded.transaction);
    events.push(...recorded.events);
  }
  return { ledger, events };
}
