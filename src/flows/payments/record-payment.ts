import type { Static } from '@fastify/type-provider-typebox';
import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { claimIdempotencyKey, type Idempotency } from '../../platform/idempotency/idempotency.js';
import { currencyExponent, formatMoney, moneyFromWire } from '../../platform/kernel/money.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { lockOrder, type OrderRow } from '../../modules/orders/index.js';
import { paymentSummaryView, recordTransaction, transactionView, type RecordedTransactionView, type RecordTransactionBody, type TransactionSource } from '../../modules/payments/index.js';

export type RecordedPayment = Static<typeof RecordedTransactionView>;

export interface PaymentAnswer {
  /** 201 recorded; 200 the (gateway, gateway_reference) was recorded before with the same details. */
  statusCode: number;
  body: RecordedPayment;
}

/**
 * POST /v1/orders/{id}/transactions. One transaction: claim the Idempotency-Key, lock the order's
 * row (every write to an order's ledger queues behind it, so twenty refunds of the same money record
 * one), check the rules against the whole ledger and the order's current total, insert, append
 * `order.transaction_recorded` (and `refund.created` for a successful refund) with the answer for
 * the key in the same statement. `visible` says whether the caller may see the order (a channel key:
 * its channel's); an order it may not see is answered as missing.
 */
export async function recordPayment(
  db: Db,
  actor: Actor,
  orderId: string,
  input: RecordTransactionBody,
  source: TransactionSource,
  visible: (order: OrderRow) => boolean,
  now: Date,
  idempotency?: Idempotency,
): Promise<PaymentAnswer> {
  return inTransaction(db, async (tx) => {
    if (idempotency) {
      const claim = await claimIdempotencyKey(tx, actor.tenantId, idempotency.key, idempotency.fingerprint, now);
      if (claim.kind === 'replay') return { statusCode: claim.statusCode, body: claim.response as RecordedPayment };
    }
    const order = await lockOrder(tx, actor.tenantId, orderId);
    if (!order || !visible(order)) throw new DomainError('ORDER_NOT_FOUND', `No order ${orderId}.`);
    const exponent = currencyExponent(order.currency) ?? 2;
    const currency = input.currency ?? order.currency;
    // The amount is read in the order's currency; another currency is refused by the ledger's rules, by name.
    const amountMinor = currency === order.currency ? moneyFromWire(input.amount, currency, exponent, 'amount') : 1;
    const recorded = await recordTransaction(
      tx,
      actor,
      { id: order.id, currency: order.currency, totalMinor: order.totalMinor },
      {
        kind: input.kind,
        status: input.status ?? 'success',
        amountMinor,
        currency,
        gateway: input.gateway,
        gatewayReference: input.gateway_reference ?? null,
        parentId: input.parent_id ?? null,
        source,
        reason: input.reason ?? null,
        processedAt: input.processed_at ? new Date(input.processed_at) : now,
      },
      now,
      (minor) => `${formatMoney(minor, exponent)} ${order.currency}`,
    );
    const statusCode = recorded.outcome === 'recorded' ? 201 : 200;
    const body: RecordedPayment = { transaction: transactionView(recorded.transaction, exponent), summary: paymentSummaryView(recorded.summary, exponent) };
    await appendEvents(tx, actor, now, recorded.events, idempotency ? { key: idempotency.key, statusCode, response: body } : undefined);
    return { statusCode, body };
  });
}
