import { Type, type Static } from '@fastify/type-provider-typebox';
import { formatMoney } from '../../../platform/kernel/money.js';
import { Instant, nullable, Timestamp } from '../../../platform/http/schemas.js';
import { PageQuery } from '../../../platform/http/pagination.js';
import { returnStatuses } from '../domain/lifecycle.js';
import { labelDeductionRules } from '../domain/label-deduction.js';
import { returnOutcomes } from '../domain/policy.js';
import type { DispositionRow, RefundRow, ReturnLineRow, ReturnRow } from '../db/returns.queries.js';
import type { ExchangeRow } from '../db/exchanges.queries.js';
import { differenceTos } from '../domain/exchange.js';

/** A union of string literals that keeps its literal types. */
const oneOf = <T extends string>(values: readonly T[], options: Record<string, unknown> = {}) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v)), options));

export const ReturnId = Type.Object({ id: Type.String({ pattern: '^rma_[0-9a-z]{26}$' }) });
const ReasonCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_]+$' });
const Count = Type.Integer({ minimum: 1, maximum: 100_000 });
const Note = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });

export const ReasonView = Type.Object({ code: ReasonCode, label: Type.String({ minLength: 1, maxLength: 200 }), requires_note: Type.Boolean(), merchant_fault: Type.Boolean({ description: 'The merchant’s fault: free return shipping, shipping refunded, no restocking fee' }) }, { additionalProperties: false });
export const ReasonsBody = Type.Object({ reasons: Type.Array(ReasonView, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false });
export const ReasonsView = Type.Object({ reasons: Type.Array(ReasonView) });

const Skus = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 });
export const PolicyBody = Type.Object(
  {
    window_days: Type.Integer({ minimum: 0, maximum: 3650, description: 'Days after delivery a return may be requested' }),
    assumed_transit_days: Type.Integer({ minimum: 0, maximum: 60, description: 'Without a delivery scan, delivery is taken as the ship date + this many days' }),
    final_sale_skus: Skus,
    restocking_fee_bps: Type.Integer({ minimum: 0, maximum: 10_000, description: 'Basis points (1000 = 10 %) of the goods’ value, not taken for a merchant’s-fault reason' }),
    return_shipping: Type.Union([Type.Literal('free'), Type.Literal('charged')], { description: 'charged: the customer pays, except for a merchant’s-fault reason' }),
    allowed_outcomes: Type.Array(oneOf(returnOutcomes), { minItems: 1, maxItems: 3, uniqueItems: true }),
    keep_item_threshold_minor: Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Minor units: a return worth at most this may be refunded without the item; 0 never' }),
    return_locations: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50, description: 'Location codes that accept returns, preferred first' }),
    overrides: Type.Array(
      Type.Object(
        {
          skus: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 1000 }),
          window_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
          restocking_fee_bps: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
          final_sale: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
    instant_exchange_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: 'Days an instant exchange’s return has to be in transit or received before it is flagged overdue (default 14)' })),
    country_zones: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            countries: Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { minItems: 1, maxItems: 250, description: 'ISO 3166-1 alpha-2 shipping countries' }),
            returnable: Type.Boolean({ description: 'false: orders shipped there cannot be returned' }),
            window_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'This zone’s window instead of window_days (a SKU override’s still wins)' })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50, description: 'By the order’s shipping country, the first zone listing it applies (ADR 0023)' },
      ),
    ),
    deduct_return_label: Type.Optional(oneOf(labelDeductionRules, { description: 'Whether a refund pays for the return label bought: always, never, or customer_reasons (not when a unit comes back for a merchant’s-fault reason); unset: customer_reasons when return_shipping is charged, never when free (ADR 0023)' })),
  },
  { additionalProperties: false },
);

export const ReturnBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object({ order_line_id: Type.String({ pattern: '^oln_[0-9a-z]{26}$' }), quantity: Count, reason: ReasonCode, note: Type.Optional(Note(1000)) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 200 },
    ),
    outcome: Type.Optional(oneOf(returnOutcomes, { default: 'refund' })),
    customer_note: Type.Optional(Note(2000)),
    photo_urls: Type.Optional(Type.Array(Type.String({ maxLength: 2000, pattern: '^https://[^\\s]+$' }), { maxItems: 10, description: 'https only, at most 10' })),
    override_note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'Staff: accept a return the policy refuses; recorded on the return and its event' })),
  },
  { additionalProperties: false },
);
export type ReturnBody = Static<typeof ReturnBody>;

export const ApproveBody = Type.Object({ location: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Code or id; default the first active location of the policy’s return_locations' })), note: Type.Optional(Note(1000)) }, { additionalProperties: false });
export const DeclineBody = Type.Object({ reason: Note(1000) }, { additionalProperties: false });
export const CancelBody = Type.Object({ reason: Type.Optional(Note(1000)) }, { additionalProperties: false });
export const TransitBody = Type.Object({ tracking_number: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });

export const dispositions = ['restock', 'quarantine', 'refurbish', 'return_to_vendor', 'scrap', 'missing'] as const;
export const ReceiptBody = Type.Object(
  {
    received_at: Type.Optional(Instant),
    lines: Type.Array(
      Type.Object(
        {
          return_line_id: Type.String({ pattern: '^rtl_[0-9a-z]{26}$' }),
          quantity: Count,
          disposition: oneOf(dispositions, { description: 'restock: back to on hand; quarantine and refurbish: non-sellable stock at the location; return_to_vendor, scrap: no stock; missing: not in the parcel' }),
          condition_note: Type.Optional(Note(1000)),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
export type ReceiptBody = Static<typeof ReceiptBody>;
/** What a unit brought back to a store's counter can become there: everything but `missing` (the unit is in the clerk's hands). */
export const counterDispositions = ['restock', 'quarantine', 'refurbish', 'return_to_vendor', 'scrap'] as const;
export const CounterReturnBody = Type.Object(
  {
    order: Type.String({ minLength: 1, maxLength: 100, description: 'The online order: its id (`ord_…`), its number (`1042`, `#1042`) or the channel’s name for it (`#SH1042`)' }),
    location: Type.String({ minLength: 1, maxLength: 64, description: 'Code or id of the store receiving the units: one of the POS channel’s locations' }),
    lines: Type.Array(
      Type.Object(
        {
          order_line_id: Type.Optional(Type.String({ pattern: '^oln_[0-9a-z]{26}$', description: 'The order line; or `sku`' })),
          sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The SKU scanned at the counter, when the order has one line of it' })),
          quantity: Count,
          reason: ReasonCode,
          note: Type.Optional(Note(1000)),
          disposition: oneOf(counterDispositions, { description: 'restock: on hand at this store; quarantine (damaged) and refurbish: its non-sellable stock; return_to_vendor, scrap: no stock' }),
          condition_note: Type.Optional(Note(1000)),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200, description: 'An order line may appear more than once (units with different dispositions), with one reason' },
    ),
    close: Type.Optional(
      Type.Object(
        {
          outcome: oneOf(['refund', 'store_credit'] as const, { description: 'refund: to the order’s original payment; store_credit: issued to the order’s customer e-mail' }),
          gateway: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'refund only: the gateway recorded (default the original payment’s)' })),
          reason: Type.Optional(Note(500)),
        },
        { additionalProperties: false },
      ),
    ),
    customer_note: Type.Optional(Note(2000)),
    override_note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'Staff: accept a return the policy refuses (and close with an outcome it does not offer); recorded' })),
  },
  { additionalProperties: false },
);
export type CounterReturnBody = Static<typeof CounterReturnBody>;
/** Staff accept closing a return with an outcome the policy's `allowed_outcomes` does not offer (ADR 0028). */
export const CloseOverrideNote = Type.Optional(Note(1000, 'Staff: close with an outcome the policy’s allowed_outcomes does not offer; recorded in return.closed'));
export const RefundBody = Type.Object({ gateway: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), reason: Type.Optional(Note(500)), override_note: CloseOverrideNote }, { additionalProperties: false });

export const ReturnQuery = Type.Object(
  {
    status: Type.Optional(oneOf(returnStatuses)),
    order_id: Type.Optional(Type.String({ pattern: '^ord_[0-9a-z]{26}$' })),
    location: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    exchange_overdue: Type.Optional(Type.Boolean({ description: 'true: returns whose instant exchange is overdue (the parcel has not moved within the policy’s instant_exchange_days)' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const EvaluationView = Type.Object({ eligible: Type.Boolean(), refusals: Type.Array(Type.String()), notes: Type.Array(Type.String()), window_ends: nullable(Type.String()), free_return_shipping: Type.Boolean(), keep_item: Type.Boolean() });
const RefundLineView = Type.Object({ order_line_id: Type.String(), sku: Type.String(), quantity: Type.Integer(), amount: Type.String(), tax: Type.String(), fee: Type.String() });
export const RefundPreviewView = Type.Object({ currency: Type.String(), amount: Type.String(), lines: Type.Array(RefundLineView), shipping: Type.String(), tax: Type.String(), restocking_fee: Type.String(), return_label: Type.String({ description: 'The return label’s cost taken off by the policy’s deduct_return_label' }), refundable: Type.String({ description: 'What the ledger still allows (captured − refunded)' }) });
const ActorLabel = Type.String({ description: 'A person’s e-mail, an API key’s name, or the actor itself (system:…, channel:…)' });
/** Where the refund stands on the order's sales platform (ADR 0021): its channel push, read from the channels module by the flow. */
export const RefundChannelSyncView = Type.Object(
  {
    push_id: Type.String(),
    channel_id: Type.String(),
    kind: Type.String({ description: 'shopify_refund, woocommerce_refund, or manual_refund (a platform the OMS does not send refunds to)' }),
    status: Type.String({ description: 'pending (being sent, or retried), succeeded, failed (last_error says why), manual_action_required (record it on the platform by hand; last_error says why)' }),
    attempts: Type.Integer(),
    last_error: nullable(Type.String()),
    remote_id: nullable(Type.String({ description: 'The platform’s refund id' })),
  },
  { description: 'Null when the order came from no sales platform, the platform reported the refund itself, or the outbox relay has not queued it yet' },
);
export type RefundChannelSync = Static<typeof RefundChannelSyncView>;
export const RefundView = Type.Object({ id: Type.String(), transaction_id: Type.String(), currency: Type.String(), amount: Type.String(), lines: Type.Array(RefundLineView), shipping: Type.String(), tax: Type.String(), restocking_fee: Type.String(), return_label: Type.String({ description: 'The return label’s cost taken off by policy' }), created_at: Timestamp, actor: Type.String(), actor_label: ActorLabel, channel_sync: nullable(RefundChannelSyncView) });

export const ExchangeView = Type.Object({
  id: Type.String(),
  replacement_order_id: Type.String({ description: 'The new order that ships the replacement' }),
  instant: Type.Boolean({ description: 'The replacement was created before the returned units came back' }),
  currency: Type.String(),
  credit: Type.String({ description: 'What the returned units were worth (the refund computation)' }),
  replacement_total: Type.String(),
  difference: Type.String({ description: 'replacement_total − credit: positive is owed on the replacement order, negative was given back' }),
  difference_to: nullable(Type.String({ description: 'original_payment or store_credit, when the difference was negative' })),
  due_at: nullable(Timestamp),
  overdue: Type.Boolean({ description: 'Instant exchange whose return has not moved to in transit or received by due_at' }),
  overdue_at: nullable(Timestamp),
  created_at: Timestamp,
  actor: Type.String(),
});

export const ReturnView = Type.Object({
  id: Type.String(),
  order_id: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  currency: Type.String(),
  location_id: nullable(Type.String()),
  outcome: Type.String(),
  customer_note: nullable(Type.String()),
  photo_urls: Type.Array(Type.String()),
  eligibility: EvaluationView,
  override_note: nullable(Type.String()),
  tracking_number: nullable(Type.String()),
  lines: Type.Array(Type.Object({ id: Type.String(), order_line_id: Type.String(), sku: Type.String(), quantity: Type.Integer(), reason: Type.String(), note: nullable(Type.String()), settled: Type.Integer({ description: 'Units accounted for by receipts (received or missing)' }) })),
  dispositions: Type.Array(Type.Object({ id: Type.String(), return_line_id: Type.String(), sku: Type.String(), location_id: Type.String(), quantity: Type.Integer(), disposition: Type.String(), condition_note: nullable(Type.String()), received_at: Timestamp, disposed_at: Timestamp, actor: Type.String(), actor_label: ActorLabel })),
  refund: nullable(RefundView),
  exchange: nullable(ExchangeView),
  created_by: Type.String(),
  created_by_label: ActorLabel,
  created_at: Timestamp,
  updated_at: Timestamp,
});
/** What GET /v1/orders/{id} shows of the order's returns and, for an exchange's replacement, of the return it replaces (ADR 0028). */
export const OrderReturnLinks = Type.Object({
  returns: Type.Array(Type.Object({ id: Type.String({ description: 'The return (RMA) id: rma_…' }), status: oneOf(returnStatuses), outcome: Type.String() }), { description: 'The order’s returns, newest first (details: GET /v1/orders/{id}/returns)' }),
  replaces_return: nullable(
    Type.Object({ return_id: Type.String(), order_id: Type.String({ description: 'The original order, whose units the return brings back' }), order_number: nullable(Type.Integer()) }, { description: 'This order is an exchange’s replacement (POST /v1/returns/{id}/exchange)' }),
  ),
});
/** What the returns queue shows of each return's order (read through the orders module, one query per page). */
export const ReturnOrderSummary = Type.Object({
  number: Type.Integer(),
  channel: Type.String(),
  channel_name: nullable(Type.String({ description: 'The connected channel’s name (null: not a connected channel, e.g. web)' })),
  customer_name: nullable(Type.String()),
  customer_email: nullable(Type.String()),
});
export const ReturnListItem = Type.Object({ ...ReturnView.properties, order: nullable(ReturnOrderSummary) });
export const ReturnList = Type.Object({ data: Type.Array(ReturnListItem), next_cursor: nullable(Type.String()) });

export const AnalyticsQuery = Type.Object(
  { from: Type.String({ format: 'date', description: 'YYYY-MM-DD (UTC), inclusive' }), to: Type.String({ format: 'date', description: 'YYYY-MM-DD (UTC), exclusive' }), group_by: Type.Optional(Type.Union([Type.Literal('sku'), Type.Literal('reason'), Type.Literal('channel')], { default: 'sku' })) },
  { additionalProperties: false },
);
export const AnalyticsView = Type.Object({
  from: Type.String(),
  to: Type.String(),
  group_by: Type.String(),
  rates: Type.Array(Type.Object({ key: Type.String(), units_returned: Type.Integer(), units_shipped: Type.Integer(), rate: nullable(Type.Number({ description: 'units_returned ÷ units_shipped; null when nothing shipped' })) })),
  dock_to_stock: Type.Object({ units: Type.Integer(), p50_seconds: nullable(Type.Number()), p90_seconds: nullable(Type.Number()) }),
});

export function refundLinesView(lines: RefundRow['lines'], exponent: number) {
  return lines.map((l) => ({ order_line_id: l.order_line_id, sku: l.sku, quantity: l.quantity, amount: formatMoney(l.amount_minor, exponent), tax: formatMoney(l.tax_minor, exponent), fee: formatMoney(l.fee_minor, exponent) }));
}

/**
 * `labels`: the actors' labels (tenancy's `actorLabels`); an actor without one is its own label.
 * `channelSync`: the refund's push to its sales platform (ADR 0021).
 */
export function returnView(r: ReturnRow, lines: ReturnLineRow[], dispositionRows: DispositionRow[], refund: RefundRow | undefined, exponent: number, labels: ReadonlyMap<string, string> = new Map(), channelSync: RefundChannelSync | null = null, exchange?: ExchangeRow): Static<typeof ReturnView> {
  const label = (actor: string) => labels.get(actor) ?? actor;
  return {
    id: r.id,
    order_id: r.orderId,
    status: r.status,
    version: r.version,
    currency: r.currency,
    location_id: r.locationId,
    outcome: r.outcome,
    customer_note: r.customerNote,
    photo_urls: r.photoUrls,
    eligibility: r.eligibility,
    override_note: r.overrideNote,
    tracking_number: r.trackingNumber,
    lines: lines.map((l) => ({ id: l.id, order_line_id: l.orderLineId, sku: l.sku, quantity: l.quantity, reason: l.reason, note: l.note, settled: l.settled })),
    dispositions: dispositionRows.map((d) => ({ id: d.id, return_line_id: d.returnLineId, sku: d.sku, location_id: d.locationId, quantity: d.quantity, disposition: d.disposition, condition_note: d.conditionNote, received_at: d.receivedAt.toISOString(), disposed_at: d.disposedAt.toISOString(), actor: d.actor, actor_label: label(d.actor) })),
    refund: refund
      ? {
          id: refund.id,
          transaction_id: refund.transactionId,
          currency: refund.currency,
          amount: formatMoney(refund.amountMinor, exponent),
          lines: refundLinesView(refund.lines, exponent),
          shipping: formatMoney(refund.shippingMinor, exponent),
          tax: formatMoney(refund.taxMinor, exponent),
          restocking_fee: formatMoney(refund.feeMinor, exponent),
          return_label: formatMoney(refund.labelMinor, exponent),
          created_at: refund.createdAt.toISOString(),
          actor: refund.actor,
          actor_label: label(refund.actor),
          channel_sync: channelSync,
        }
      : null,
    exchange: exchange
      ? {
          id: exchange.id,
          replacement_order_id: exchange.replacementOrderId,
          instant: exchange.instant,
          currency: exchange.currency,
          credit: formatMoney(exchange.creditMinor, exponent),
          replacement_total: formatMoney(exchange.replacementTotalMinor, exponent),
          difference: formatMoney(exchange.differenceMinor, exponent),
          difference_to: exchange.differenceTo,
          due_at: exchange.dueAt?.toISOString() ?? null,
          overdue: exchange.overdueAt !== null && (r.status === 'requested' || r.status === 'approved'),
          overdue_at: exchange.overdueAt?.toISOString() ?? null,
          created_at: exchange.createdAt.toISOString(),
          actor: exchange.actor,
        }
      : null,
    created_by: r.createdBy,
    created_by_label: label(r.createdBy),
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

export const ExchangeBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object(
        {
          return_line_id: { ...Type.String({ pattern: '^rtl_[0-9a-z]{26}$' }), description: 'The return line these units replace' },
          sku: Type.String({ minLength: 1, maxLength: 64, description: 'The replacement: the same product in another variant, or another SKU' }),
          quantity: { ...Count, description: 'At most the units of the return line (over all lines naming it)' },
          unit_price: Type.Optional(Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$', maxLength: 24, description: 'Price of one replacement unit; default the catalog price' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
    instant: Type.Optional(Type.Boolean({ default: false, description: 'Create the replacement now, before the returned units come back (else the return must be inspected)' })),
    difference_to: Type.Optional(oneOf(differenceTos, { default: 'original_payment', description: 'Where a negative difference goes: refunded to the original payment, or issued as store credit' })),
    reason: Type.Optional(Note(500)),
    override_note: CloseOverrideNote,
  },
  { additionalProperties: false },
);
export type ExchangeBody = Static<typeof ExchangeBody>;
