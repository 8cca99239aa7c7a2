import { Type } from '@fastify/type-provider-typebox';
import { Code, Instant, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { PageQuery } from '../../../platform/http/pagination.js';
import { holdTypes, orderSorts, orderStatuses, type HoldType, type OrderStatus } from '../../../modules/orders/index.js';
import { PaymentView } from '../../../modules/payments/index.js';
import { RiskSummarySchema as RiskSummary } from '../../../modules/risk/index.js';

// The order capture body is the canonical order: src/platform/contracts/canonical-order.ts.

export const HoldTypeSchema = Type.Unsafe<HoldType>(Type.String({ enum: [...holdTypes] }));

export const OrderStatusSchema = Type.Unsafe<OrderStatus>(Type.String({ enum: [...orderStatuses] }));

const Json = Type.Object({}, { additionalProperties: true });

export const OrderListQuerySchema = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'Search: order number, channel order name (#1042), external id, e-mail, customer name, phone, tracking number or SKU' })),
    status: Type.Optional(Type.Union([OrderStatusSchema, Type.Array(OrderStatusSchema, { minItems: 1, maxItems: orderStatuses.length })], { description: 'Repeat for several: status=allocated&status=backordered' })),
    channel: Type.Optional(text(100, { description: 'A channel’s id, name or type (shopify, amazon…), or the channel name an API capture gave (web)' })),
    external_id: Type.Optional(text(200)),
    tag: Type.Optional(text(100)),
    held: Type.Optional(Type.Boolean({ description: 'true: orders with an active hold; false: orders without' })),
    hold_type: Type.Optional(Type.Union([HoldTypeSchema, Type.Array(HoldTypeSchema, { minItems: 1, maxItems: holdTypes.length })], { description: 'Orders with an active hold of this type; repeat for several (any of them)' })),
    has_backorder: Type.Optional(Type.Boolean({ description: 'true: orders with backordered units; false: orders without' })),
    late: Type.Optional(Type.Boolean({ description: 'true: orders still waiting to ship whose ship-by date has passed (false filters nothing)' })),
    tz: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone whose today `late` is judged against, as the home page counts it (default UTC)', examples: ['Europe/Paris'] })),
    sort: Type.Optional(Type.Union(orderSorts.map((s) => Type.Literal(s)), { description: '-created_at (default, newest first), created_at, -total (largest first), ship_by (soonest first, undated last)' })),
    created_from: Type.Optional(Instant),
    created_to: Type.Optional(Instant),
    customer_email: Type.Optional(Type.String({ maxLength: 254 })),
    sku: Type.Optional(Code),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const Units = Type.Object(
  { ordered: Type.Integer(), allocated: Type.Integer(), backordered: Type.Integer(), shipped: Type.Integer(), cancelled: Type.Integer() },
  { description: 'Over the lines the customer ordered (a kit counts as itself)' },
);

const DiscountView = Type.Object({
  code: nullable(Type.String()),
  title: nullable(Type.String()),
  source: nullable(Type.String()),
  amount: Type.String(),
  order_level: Type.Boolean({ description: 'This line’s part of an order discount (order_discounts), split over the lines in proportion to their value' }),
});
const TaxView = Type.Object({ title: nullable(Type.String()), rate: nullable(Type.String()), amount: Type.String(), jurisdiction: nullable(Type.String()) });

const StandardizedAddress = Type.Object(
  {
    name: nullable(Type.String()),
    company: nullable(Type.String()),
    line1: Type.String(),
    line2: nullable(Type.String()),
    city: Type.String(),
    region: nullable(Type.String({ description: 'US and Canada: the two-letter state or province code' })),
    postal_code: nullable(Type.String({ description: 'As the country’s post writes it (SW1A 1AA, 90013-1234, 100-0001)' })),
    country: Type.String(),
    phone: nullable(Type.String({ description: 'E.164 (+12135550100) when the number is valid; otherwise as sent, with a phone_invalid finding' })),
    po_box: Type.Boolean({ description: 'A post-office box: carriers other than the postal service cannot deliver there' }),
    military: nullable(Type.String({ description: 'APO, FPO or DPO: US military mail, postal service only' })),
  },
  { description: 'The address written the standard way; shipping_address / billing_address keep what was sent' },
);

const AddressChecks = Type.Object(
  {
    delivery_method: Type.String({ description: 'shipping or pickup, as captured' }),
    standardized: Type.Object({ shipping_address: nullable(StandardizedAddress), billing_address: nullable(StandardizedAddress) }),
    findings: Type.Array(
      Type.Object({
        code: Type.String({ description: 'address_missing, postal_code_missing, postal_code_format, postal_code_region_mismatch, postal_code_unknown, region_missing, region_unknown, po_box, military_address, phone_invalid, verification_corrected, verification_undeliverable' }),
        field: Type.String({ description: 'The field as the capture body names it: shipping_address.postal_code' }),
        severity: Type.String({ description: 'error: cannot be shipped to as it is (the order needs address review); warning: worth knowing' }),
        message: Type.String(),
      }),
    ),
    needs_review: Type.Boolean({ description: 'The order came from a channel with an address it cannot be shipped to and its address_review hold is still active: someone must check it (false once released)' }),
    review_reason: nullable(Type.String()),
    verification: nullable(Type.Object({ provider: Type.String(), verdict: Type.String({ description: 'deliverable, corrected or undeliverable' }), codes: Type.Array(Type.String()) })),
  },
  { description: 'What capture found about the addresses (ADR 0027); null for orders captured before it was recorded' },
);

const Signal = Type.Object({
  code: Type.String({ description: 'price_far_below_catalogue, price_far_above_catalogue, zero_total' }),
  field: Type.String(),
  value: Type.Number({ description: 'price_*: the difference from the catalogue price in whole percent; zero_total: the catalogue value of the lines in minor units' }),
  message: Type.String(),
});

export const HoldViewSchema = Type.Object({
  id: Type.String(),
  order_id: Type.String(),
  type: HoldTypeSchema,
  queue: nullable(Type.String({ description: 'The routing policy’s hold queue (type routing), else null' })),
  reason: Type.String(),
  active: Type.Boolean({ description: 'Not released yet' }),
  placed_by: Type.String({ description: 'The actor: a user, an API key, or system:… / channel:…' }),
  placed_by_label: Type.String({ description: 'A person’s e-mail, an API key’s name, or the actor itself' }),
  placed_at: Timestamp,
  released_by: nullable(Type.String()),
  released_by_label: nullable(Type.String()),
  released_at: nullable(Timestamp),
  release_note: nullable(Type.String()),
});

export const OrderViewSchema = Type.Object({
  id: Type.String(),
  number: Type.Integer({ description: 'The order number: unique in the installation, assigned at capture' }),
  channel: Type.String(),
  channel_name: nullable(Type.String({ description: 'The connected channel’s name (null: the channel is not a connected one, e.g. web)' })),
  external_id: nullable(Type.String()),
  channel_order_name: nullable(Type.String({ description: 'What the channel calls the order: Shopify #1042, WooCommerce number, Amazon/eBay order id, X12 PO number' })),
  status: OrderStatusSchema,
  version: Type.Integer(),
  currency: Type.String(),
  placed_at: nullable(Timestamp),
  customer: nullable(Json),
  customer_id: nullable(Type.String({ description: 'The customer record the order is linked to (GET /v1/customers/{id}); null: the order named no e-mail or phone' })),
  shipping_address: nullable(Json),
  billing_address: nullable(Json),
  shipping: Type.Object({ service_level: nullable(Type.String()), price: Type.String() }),
  notes: nullable(Type.String({ description: 'The note that came with the order from its channel' })),
  notes_log: Type.Array(Type.Object({ id: Type.String(), text: Type.String(), actor: Type.String(), at: Timestamp }), { description: 'Notes people added (POST /v1/orders/{id}/notes), oldest first' }),
  tags: Type.Array(Type.String()),
  held: Type.Boolean({ description: 'The order has an active hold: none of its fulfillment orders goes to a location (ADR 0025)' }),
  holds: Type.Array(HoldViewSchema, { description: 'The active holds, oldest first (all, with released ones: GET /v1/orders/{id}/holds)' }),
  lines: Type.Array(
    Type.Object({
      id: Type.String(),
      sku: Type.String(),
      quantity: Type.Integer(),
      unit_price: Type.String(),
      allocated: Type.Integer(),
      backordered: Type.Integer(),
      cancelled: Type.Integer(),
      shipped: Type.Integer({ description: 'Units that have left a warehouse' }),
      expected_date: nullable(Type.String({ format: 'date', description: 'When backordered units are expected: the inbound shipment that covers them (FIFO), or null' })),
      kit: Type.Boolean({ description: 'The customer’s line for a kit: never allocated itself; allocated/backordered are derived from its component lines' }),
      parent_line_id: nullable(Type.String({ description: 'A kit component line: the kit line it was exploded from (its units are what is reserved, picked and shipped)' })),
      price_share: nullable(Type.String({ description: 'A kit component line: its share of the kit line’s total (unit_price is 0.00 so lines add up to the subtotal)' })),
      discounts: Type.Array(DiscountView),
      taxes: Type.Array(TaxView),
      discount_total: Type.String({ description: 'All the line’s discounts, for all its units' }),
      tax_total: Type.String({ description: 'All the line’s taxes, for all its units' }),
      total: Type.String({ description: 'quantity × unit_price − discount_total (+ tax_total unless taxes_included), as ordered' }),
      cancelled_amount: Type.String({ description: 'What the cancelled units were worth: their exact shares of the line’s discounts and taxes' }),
    }),
  ),
  units: Units,
  ship_by: nullable(Type.String({ format: 'date', description: 'The earliest ship-by date promised at capture' })),
  late: Type.Boolean({ description: 'Still waiting to ship and the ship-by date has passed' }),
  allocations: Type.Array(Type.Object({ line_id: Type.String(), sku: Type.String(), location: Type.String(), quantity: Type.Integer() })),
  shipping_lines: Type.Array(
    Type.Object({ title: nullable(Type.String()), service_level: nullable(Type.String()), price: Type.String(), discounts: Type.Array(DiscountView), taxes: Type.Array(TaxView), total: Type.String() }),
  ),
  duties: Type.Array(Type.Object({ title: nullable(Type.String()), amount: Type.String() })),
  taxes_included: Type.Boolean({ description: 'Prices include their taxes: the total does not add tax_total again' }),
  totals: Type.Object(
    {
      subtotal: Type.String({ description: 'Σ unit_price × live units, before discounts' }),
      discount_total: Type.String({ description: 'Discounts on the live units (shipping discounts are in shipping_total)' }),
      tax_total: Type.String({ description: 'Taxes on the live units and on shipping' }),
      shipping: Type.String({ description: 'The same as shipping_total (kept for existing clients)' }),
      shipping_total: Type.String({ description: 'Shipping after its discounts, before its taxes' }),
      duties_total: Type.String(),
      total: Type.String({ description: 'subtotal − discount_total + shipping_total + duties_total (+ tax_total unless taxes_included)' }),
      cancelled: Type.String({ description: 'What cancellations took off the total captured' }),
    },
    { description: 'Over the units not cancelled (ADR 0017)' },
  ),
  money_discrepancy: nullable(
    Type.Array(
      Type.Object({
        field: Type.String({ description: 'subtotal, discount, tax, shipping, duties or total' }),
        channel: Type.String({ description: 'What the channel stated' }),
        computed: Type.String({ description: 'What the OMS computed from the lines, charges and adjustments' }),
        difference: Type.String({ description: 'channel − computed' }),
      }),
      { description: 'The channel’s stated totals that differ from the OMS’s, recorded at capture (null: none differ or none were stated)' },
    ),
  ),
  address_checks: nullable(AddressChecks),
  signals: Type.Array(Signal, { description: 'Signals recorded at capture for review and fraud screening; never a refusal' }),
  risk: nullable(RiskSummary),
  created_at: Timestamp,
  updated_at: Timestamp,
  payment: PaymentView,
});
