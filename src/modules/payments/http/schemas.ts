import { Type, type Static } from '@fastify/type-provider-typebox';
import { Instant, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { formatMoney } from '../../../platform/kernel/money.js';
import { financialStatuses, financialStatusMeanings, transactionKinds, transactionStatuses, type PaymentSummary } from '../domain/financial-status.js';
import type { TransactionRow } from '../db/transactions.queries.js';

/** GET and POST /v1/orders/{id}/transactions, and the `payment` of the order view. */

/** One of the closed list's values; typed as the list's union (TypeBox cannot infer it from a mapped array). */
const literals = <T extends string>(values: readonly T[], options: Record<string, unknown> = {}) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v)), options));
const Amount = (description: string) => Type.String({ description: `${description}. Decimal string in the order currency, e.g. "19.99"` });

const statusDescription = `Derived from the successful transactions and the order's current total, never set: ${Object.entries(financialStatusMeanings)
  .map(([status, meaning]) => `\`${status}\`: ${meaning}`)
  .join('; ')}.`;

export const TransactionKindSchema = literals(transactionKinds, {
  description: 'authorization (money held, not taken), capture (taking held money; parent_id: the authorization), sale (authorize and capture at once), refund (money back; parent_id: the capture or sale, optional), void (an authorization released; parent_id required, amount = the authorization’s), chargeback (the bank took money back), chargeback_reversal (a chargeback won back)',
});

export const RecordTransactionBody = Type.Object(
  {
    kind: TransactionKindSchema,
    status: Type.Optional(literals(transactionStatuses, { description: 'Default success. Only success moves money; pending, failure and error are history.' })),
    amount: Type.String({ minLength: 1, maxLength: 32, description: 'Decimal string in the order currency with at most its minor-unit digits ("19.99" USD, "500" JPY); above zero', examples: ['19.99'] }),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217; must be the order’s (default)' })),
    gateway: text(100, { description: 'Who moved the money: stripe, paypal, shopify_payments, manual…' }),
    gateway_reference: Type.Optional(text(255, { description: 'The gateway’s id for this transaction. One transaction per (order, gateway, gateway_reference): a repeat with the same details answers 200 with the first, with other details 409.' })),
    parent_id: Type.Optional(Type.String({ pattern: '^txn_[0-9a-z]{26}$', description: 'The transaction this one acts on' })),
    reason: Type.Optional(text(500)),
    processed_at: Type.Optional(Instant),
  },
  { additionalProperties: false },
);
export type RecordTransactionBody = Static<typeof RecordTransactionBody>;

export const TransactionView = Type.Object({
  id: Type.String(),
  order_id: Type.String(),
  kind: TransactionKindSchema,
  status: literals(transactionStatuses),
  amount: Amount('Always above zero; the kind says which way the money went'),
  currency: Type.String(),
  gateway: Type.String(),
  gateway_reference: nullable(Type.String()),
  parent_id: nullable(Type.String()),
  source: literals(['channel', 'api', 'console'] as const, { description: 'channel: reported by a channel key; api: an API key; console: a signed-in person' }),
  reason: nullable(Type.String()),
  processed_at: Timestamp,
  created_at: Timestamp,
  actor: Type.String({ description: 'API key or user id that recorded it' }),
});

/** The short summary every order view carries. */
export const PaymentView = Type.Object(
  {
    financial_status: literals(financialStatuses, { description: statusDescription }),
    authorized: Amount('Σ successful authorizations'),
    paid: Amount('Σ successful captures and sales'),
    refunded: Amount('Σ successful refunds'),
    balance: Amount('paid − refunded − chargebacks + reversals − the order’s current total; negative: an amount is due, positive: the customer overpaid'),
    refund_owed: Amount('The positive balance: what the customer is owed back (0 when nothing)'),
    amount_due: Amount('The negative balance as a positive amount: what is still to be paid (0 when nothing)'),
  },
  { description: 'The payment position, derived from GET /v1/orders/{id}/transactions' },
);

export const PaymentSummaryView = Type.Object({
  ...PaymentView.properties,
  capturable: Amount('What open authorizations can still capture'),
  voided: Amount('Σ successful voids'),
  chargebacks: Amount('Σ successful chargebacks'),
  chargeback_reversals: Amount('Σ successful chargeback reversals'),
  net_paid: Amount('paid − refunded − chargebacks + reversals: the money held'),
  total: Amount('The order’s current total'),
  refundable: Amount('The most a refund (or chargeback) can be now: the money held'),
});

export const TransactionList = Type.Object({ data: Type.Array(TransactionView), summary: PaymentSummaryView });
export const RecordedTransactionView = Type.Object({ transaction: TransactionView, summary: PaymentSummaryView });

export function transactionView(t: TransactionRow, exponent: number): Static<typeof TransactionView> {
  return {
    id: t.id,
    order_id: t.orderId,
    kind: t.kind,
    status: t.status,
    amount: formatMoney(t.amountMinor, exponent),
    currency: t.currency,
    gateway: t.gateway,
    gateway_reference: t.gatewayReference,
    parent_id: t.parentId,
    source: t.source,
    reason: t.reason,
    processed_at: t.processedAt.toISOString(),
    created_at: t.createdAt.toISOString(),
    actor: t.actor,
  };
}

export function paymentView(s: PaymentSummary, exponent: number): Static<typeof PaymentView> {
  const money = (minor: number) => formatMoney(minor, exponent);
  return {
    financial_status: s.financialStatus,
    authorized: money(s.authorizedMinor),
    paid: money(s.capturedMinor),
    refunded: money(s.refundedMinor),
    balance: money(s.balanceMinor),
    refund_owed: money(s.refundOwedMinor),
    amount_due: money(s.amountDueMinor),
  };
}

export function paymentSummaryView(s: PaymentSummary, exponent: number): Static<typeof PaymentSummaryView> {
  const money = (minor: number) => formatMoney(minor, exponent);
  return {
    ...paymentView(s, exponent),
    capturable: money(s.capturableMinor),
    voided: money(s.voidedMinor),
    chargebacks: money(s.chargebacksMinor),
    chargeback_reversals: money(s.chargebackReversalsMinor),
    net_paid: money(s.netPaidMinor),
    total: money(s.totalMinor),
    refundable: money(s.refundableMinor),
  };
}
