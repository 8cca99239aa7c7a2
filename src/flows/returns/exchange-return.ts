import type { Db } from '../../platform/db/database.js';
import type { CanonicalOrder } from '../../platform/contracts/canonical-order.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { idempotently, type Idempotency } from '../../platform/idempotency/idempotency.js';
import { currencyExponent, formatMoney, moneyFromWire } from '../../platform/kernel/money.js';
import { newId } from '../../platform/kernel/ids.js';
import { appendEvents, type Actor, type NewEvent } from '../../platform/outbox/events.js';
import { findProduct } from '../../modules/catalog/index.js';
import type { OrderRow } from '../../modules/orders/index.js';
import { transactionsOfOrder, type TransactionSource } from '../../modules/payments/index.js';
import {
  DEFAULT_INSTANT_EXCHANGE_DAYS,
  awaitingParcel,
  exchangeDueAt,
  exchangesOfReturns,
  insertExchange,
  linesOfReturns,
  refundsOfReturns,
  refuseExchange,
  refuseReplacementLines,
  returnSettingsOf,
  settleDifference,
  transitionReturn,
  type ExchangeBody,
  type ExchangeRow,
  type ReturnRow,
} from '../../modules/returns/index.js';
import { postEntry } from '../../modules/store-credit/index.js';
import { captureOrder } from '../capture/steps/capture-order.js';
import { bookReturnCredit, EXCHANGE_GATEWAY, parentFor, STORE_CREDIT_GATEWAY, type CreditPart } from './steps/book-return-credit.js';
import { refundOfReturn } from './steps/refund-of-return.js';
import { returnViews, type ReturnViewJson } from './steps/return-view.js';
import { lockOrderAndReturn } from './steps/lock-order-and-return.js';
import { refuseOutcomeNotOffered } from './steps/close-return.js';

/**
 * POST /v1/returns/{id}/exchange (ADR 0022). One transaction, locks as every returns flow takes them
 * (key, original order, return), so two requests for one return make one replacement:
 * 1. refuse a return that is declined, cancelled, closed, refunded or exchanged, or (without
 *    `instant`) not yet inspected; replacement lines naming this return's lines, at most their units;
 *    SKUs of the catalog priced in the order's currency;
 * 2. the credit: what the refund computes for the units back (instant: every unit of the return);
 * 3. the replacement is captured by the one capture path (`captureOrder`, in a savepoint of this
 *    transaction): same channel, customer and addresses, no shipping charge, its ledger opened with a
 *    `sale` on gateway `exchange` of the credit applied; what the credit does not cover stays its
 *    outstanding balance. It must be allocated in full: else 409 RETURN_EXCHANGE_OUT_OF_STOCK
 *    offering a refund or store credit, and the whole transaction (capture included) rolls back;
 * 4. on the original order's ledger the credit leaves as refunds: the applied part on gateway
 *    `exchange`, the rest (negative difference) to the original payment or as store credit;
 * 5. the exchange row links return and replacement; an inspected return closes; an instant one is
 *    due back within the policy's `instant_exchange_days`.
 */
export async function exchangeReturn(db: Db, actor: Actor, returnId: string, body: ExchangeBody, source: TransactionSource, now: Date, idempotency?: Idempotency): Promise<{ statusCode: 201; body: ReturnViewJson }> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 201 as const, async (completion) => {
      const { order, ret } = await lockOrderAndReturn(tx, actor.tenantId, returnId);
      const instant = body.instant ?? false;
      const differenceTo = body.difference_to ?? 'original_payment';
      await refuseUnexchangeable(tx, actor.tenantId, ret, instant);
      const override = await refuseOutcomeNotOffered(tx, actor.tenantId, ret, 'exchange', body.override_note);
      const lines = await replacementLines(tx, actor.tenantId, order, ret, body);
      if (differenceTo === 'store_credit' && !order.customerEmail) throw new DomainError('RETURN_NO_CUSTOMER_EMAIL', `Order ${order.id} has no customer e-mail to keep store credit under.`, [{ field: 'difference_to', message: 'store_credit needs the order’s customer e-mail' }]);

      const credit = await refundOfReturn(tx, actor.tenantId, order, ret, ret.status === 'inspected' ? 'received' : 'requested');
      const total = lines.reduce((s, l) => s + l.priceMinor * l.quantity, 0);
      const money = settleDifference(credit.amount_minor, total);
      const e = currencyExponent(order.currency) ?? 2;
      const replacement = await captureOrder(tx, actor, replacementOrder(order, ret, lines, money.appliedMinor, e, now), now).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'INVENTORY_INSUFFICIENT') throw outOfStock(ret, error.errors ?? []);
        throw error;
      });
      const short = replacement.body.lines.filter((l) => l.allocated < l.quantity);
      if (short.length > 0 || replacement.body.status === 'on_hold') {
        throw outOfStock(ret, short.map((l) => ({ field: `lines[${replacement.body.lines.indexOf(l)}].quantity`, message: `only ${l.allocated} of ${l.quantity} ${l.sku} can be allocated now` })));
      }
      const replacementId = replacement.body.id;

      const reason = body.reason ?? `exchange of return ${ret.id} for order ${replacementId}`;
      const parts: CreditPart[] = [{ gateway: EXCHANGE_GATEWAY, parentId: null, amountMinor: money.appliedMinor, gatewayReference: replacementId }];
      if (money.backMinor > 0 && differenceTo === 'store_credit') parts.push({ gateway: STORE_CREDIT_GATEWAY, parentId: null, amountMinor: money.backMinor, gatewayReference: ret.id });
      if (money.backMinor > 0 && differenceTo === 'original_payment') {
        const parent = parentFor(await transactionsOfOrder(tx, actor.tenantId, order.id), money.backMinor);
        if (!parent) throw new DomainError('RETURN_NO_CAPTURED_PAYMENT', `Order ${order.id} has no successful capture or sale to refund the difference to.`, [{ field: 'difference_to', message: 'choose store_credit: nothing was paid to refund to' }]);
        parts.push({ gateway: parent.gateway, parentId: parent.id, amountMinor: money.backMinor, gatewayReference: null });
      }
      const booked = await bookReturnCredit(tx, actor, order, ret, credit, parts, reason, source, now);
      const events: NewEvent[] = [...booked.events];
      if (money.backMinor > 0 && differenceTo === 'store_credit') {
        const txn = booked.transactions.find((x) => x.gateway === STORE_CREDIT_GATEWAY);
        const issued = await postEntry(tx, actor, { email: order.customerEmail as string, currency: order.currency, kind: 'issue', amountMinor: money.backMinor, reason, returnId: ret.id, orderId: order.id, transactionId: txn?.id ?? null, customerId: order.customerId }, now);
        events.push(issued.event);
      }

      const { policy } = await returnSettingsOf(tx, actor.tenantId);
      const exchange: ExchangeRow = {
        tenantId: actor.tenantId,
        id: newId('rex'),
        returnId: ret.id,
        orderId: order.id,
        replacementOrderId: replacementId,
        instant,
        currency: order.currency,
        creditMinor: credit.amount_minor,
        replacementTotalMinor: total,
        differenceMinor: money.differenceMinor,
        differenceTo: money.backMinor > 0 ? differenceTo : null,
        dueAt: instant && awaitingParcel(ret.status) ? exchangeDueAt(now, policy.instant_exchange_days ?? DEFAULT_INSTANT_EXCHANGE_DAYS) : null,
        overdueAt: null,
        createdAt: now,
        actor: actor.actorId,
      };
      if (!(await insertExchange(tx, exchange))) throw new DomainError('RETURN_NOT_EXCHANGEABLE', `Return ${ret.id} was exchanged by another request.`);
      events.push({
        type: 'return.exchanged',
        aggregateType: 'return',
        aggregateId: ret.id,
        data: {
          order_id: order.id,
          replacement_order_id: replacementId,
          instant,
          currency: order.currency,
          credit_minor: exchange.creditMinor,
          replacement_total_minor: total,
          difference_minor: money.differenceMinor,
          owed_minor: money.owedMinor,
          given_back_minor: money.backMinor,
          difference_to: exchange.differenceTo,
          due_at: exchange.dueAt?.toISOString() ?? null,
          transaction_ids: booked.transactions.map((x) => x.id),
          reason,
          who: actor.actorId,
          ...override,
        },
      });
      if (ret.status === 'inspected') events.push(await transitionReturn(tx, actor, ret, 'closed', reason, now, { outcome: 'exchange', replacement_order_id: replacementId, refund_id: booked.row?.id ?? null, ...override }));
      const [view] = await returnViews(tx, actor.tenantId, [ret]);
      await appendEvents(tx, actor, now, events, completion.inEvents(view));
      return view as ReturnViewJson;
    }),
  );
}

async function refuseUnexchangeable(tx: Db, tenantId: string, ret: ReturnRow, instant: boolean): Promise<void> {
  const [[exchanged], [refunded]] = await Promise.all([exchangesOfReturns(tx, tenantId, [ret.id]), refundsOfReturns(tx, tenantId, [ret.id])]);
  if (exchanged) throw new DomainError('RETURN_NOT_EXCHANGEABLE', `Return ${ret.id} was exchanged for order ${exchanged.replacementOrderId}.`, [{ field: 'id', message: 'is already exchanged' }], { replacement_order_id: exchanged.replacementOrderId });
  if (refunded) throw new DomainError('RETURN_NOT_EXCHANGEABLE', `Return ${ret.id} was refunded by ${refunded.transactionId}.`, [{ field: 'id', message: 'is already refunded or credited' }]);
  const refusal = refuseExchange(ret.status, instant);
  if (refusal) throw new DomainError('RETURN_NOT_EXCHANGEABLE', `The ${refusal}.`, [{ field: refusal.includes('instant') ? 'instant' : 'id', message: refusal }], { current_status: ret.status });
}

interface PricedLine {
  sku: string;
  quantity: number;
  priceMinor: number;
}

/** The replacement lines, checked against the return and priced (given `unit_price`, else the catalog's), or 422 naming the field. */
async function replacementLines(tx: Db, tenantId: string, order: OrderRow, ret: ReturnRow, body: ExchangeBody): Promise<PricedLine[]> {
  const errors: FieldError[] = refuseReplacementLines(await linesOfReturns(tx, tenantId, [ret.id]), body.lines);
  const e = currencyExponent(order.currency) ?? 2;
  const priced: PricedLine[] = [];
  for (const [i, l] of body.lines.entries()) {
    const product = await findProduct(tx, tenantId, l.sku);
    if (!product) {
      errors.push({ field: `lines[${i}].sku`, message: `no product with SKU ${l.sku}` });
      continue;
    }
    if (l.unit_price !== undefined) {
      try {
        priced.push({ sku: l.sku, quantity: l.quantity, priceMinor: moneyFromWire(l.unit_price, order.currency, e, `lines[${i}].unit_price`) });
      } catch (error) {
        if (error instanceof DomainError && error.errors) errors.push(...error.errors);
        else throw error;
      }
    } else if (product.currency !== order.currency) {
      errors.push({ field: `lines[${i}].unit_price`, message: `is required: the catalog prices ${l.sku} in ${product.currency}, the order is in ${order.currency}` });
    } else {
      priced.push({ sku: l.sku, quantity: l.quantity, priceMinor: product.priceMinor });
    }
  }
  if (errors.length > 0) throw new DomainError('RETURN_EXCHANGE_INVALID', 'Some replacement lines are not acceptable.', errors);
  return priced;
}

/** The replacement in the canonical shape: the original's channel, customer and addresses, no shipping charge, the credit applied as a sale. */
function replacementOrder(order: OrderRow, ret: ReturnRow, lines: PricedLine[], appliedMinor: number, e: number, now: Date): CanonicalOrder {
  return {
    channel: order.channel,
    external_id: null,
    channel_order_name: order.channelOrderName ? `${order.channelOrderName}-EX`.slice(0, 100) : null,
    currency: order.currency,
    placed_at: now.toISOString(),
    customer: order.customer as CanonicalOrder['customer'],
    shipping_address: order.shippingAddress as CanonicalOrder['shipping_address'],
    billing_address: order.billingAddress as CanonicalOrder['billing_address'],
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unit_price: formatMoney(l.priceMinor, e) })),
    shipping: { service_level: order.shippingServiceLevel, price: formatMoney(0, e) },
    taxes_included: order.taxesIncluded,
    transactions: appliedMinor > 0 ? [{ kind: 'sale', amount: formatMoney(appliedMinor, e), gateway: EXCHANGE_GATEWAY, gateway_reference: ret.id }] : [],
    notes: `Exchange for return ${ret.id} of order ${order.id}`,
    tags: ['exchange'],
  };
}

/** 409 that offers the return's other outcomes by name (ADR 0022): nothing was written. */
function outOfStock(ret: ReturnRow, errors: FieldError[]): DomainError {
  return new DomainError(
    'RETURN_EXCHANGE_OUT_OF_STOCK',
    // Read by people at the console: the routes are in `alternatives` and the code's `fix`.
    'The replacement cannot be fully allocated now, so nothing was created: offer a refund or store credit instead, or other SKUs.',
    errors,
    { alternatives: [{ outcome: 'refund', method: 'POST', href: `/v1/returns/${ret.id}/refunds` }, { outcome: 'store_credit', method: 'POST', href: `/v1/returns/${ret.id}/store-credit` }] },
  );
}
