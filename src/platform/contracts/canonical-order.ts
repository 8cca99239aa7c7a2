/**
 * The canonical order: what every channel's order is normalised into and what capture takes
 * (`POST /v1/orders` is exactly this body; channel mappers, file imports, X12 850s, webhooks and the
 * POS build it). Defined once, as a schema the API validates with and documents; the type is derived
 * from it. It lives in the platform because both the channels module (mappers produce it) and the
 * flows and API (capture consumes it) need it, and modules may not import each other (ADR 0014).
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { AddressSchema } from '../http/address.js';
import { Code, Instant, nullable, text } from '../http/schemas.js';

/** The capture API's limits, for the mappers that must refuse what the API would (channels/domain/canonical.ts). */
export const CANONICAL_ORDER_LIMITS = {
  maxLines: 500,
  maxQuantity: 1_000_000,
  maxTags: 50,
  tagLength: 100,
  notesLength: 5000,
  serviceLevelLength: 50,
  externalIdLength: 200,
  channelOrderNameLength: 200,
  /** Discounts or taxes per line or shipping line, shipping lines, duties, order discounts. */
  maxAdjustments: 50,
} as const;

const limits = CANONICAL_ORDER_LIMITS;

export const MAX_ORDER_LINES = limits.maxLines;

const Decimal = Type.String({ minLength: 1, maxLength: 32, description: 'Decimal string in the order currency, e.g. "19.99"', examples: ['19.99'] });

const Discounts = Type.Array(
  Type.Object(
    {
      code: Type.Optional(nullable(text(100, { description: 'The discount code the customer entered' }))),
      title: Type.Optional(nullable(text(200))),
      source: Type.Optional(nullable(text(50, { description: 'discount_code, automatic, manual, channel…' }))),
      amount: Decimal,
    },
    { additionalProperties: false },
  ),
  { maxItems: limits.maxAdjustments },
);

const Taxes = Type.Array(
  Type.Object(
    {
      title: Type.Optional(nullable(text(200))),
      rate: Type.Optional(nullable(Type.String({ maxLength: 20, description: 'Decimal fraction, e.g. "0.0825" for 8.25%' }))),
      amount: Decimal,
      jurisdiction: Type.Optional(nullable(text(200))),
    },
    { additionalProperties: false },
  ),
  { maxItems: limits.maxAdjustments },
);

const ShippingLine = Type.Object(
  {
    title: Type.Optional(nullable(text(200))),
    service_level: Type.Optional(nullable(text(limits.serviceLevelLength))),
    price: Decimal,
    discounts: Type.Optional(Discounts),
    taxes: Type.Optional(Taxes),
  },
  { additionalProperties: false },
);

const ChannelTotals = Type.Object(
  {
    subtotal: Type.Optional(nullable(Decimal)),
    discount: Type.Optional(nullable(Decimal)),
    tax: Type.Optional(nullable(Decimal)),
    shipping: Type.Optional(nullable(Decimal)),
    total: Type.Optional(nullable(Decimal)),
  },
  {
    additionalProperties: false,
    description:
      'The totals the channel stated, in the OMS meaning (subtotal before discounts; discount on items; shipping after its discounts): the OMS computes its own and records any difference in money_discrepancy',
  },
);

/**
 * What the card network and the gateway said about a card payment (Shopify REST
 * `transaction.payment_details`, Stripe's `payment_method_details.card`): fraud screening reads the
 * AVS and CVV result codes and counts orders per card (issue 15 §3, ADR 0030). Never the card number.
 */
const PaymentDetails = Type.Object(
  {
    avs_result_code: Type.Optional(nullable(Type.String({ pattern: '^[A-Za-z]{1,12}$', description: 'AVS result as the gateway gives it: a Visa/Mastercard letter (Y, A, Z, N…) or a word (pass, fail, unavailable, unchecked)' }))),
    cvv_result_code: Type.Optional(nullable(Type.String({ pattern: '^[A-Za-z]{1,12}$', description: 'CVV/CVC result: M, N, P, S, U, or pass, fail, unavailable, unchecked' }))),
    card_bin: Type.Optional(nullable(Type.String({ pattern: '^[0-9]{6,8}$', description: 'The first 6 to 8 digits of the card number (issuer identification)' }))),
    card_last4: Type.Optional(nullable(Type.String({ pattern: '^[0-9]{4}$', description: 'The last four digits of the card number' }))),
    card_fingerprint: Type.Optional(
      nullable(text(100, { description: "The gateway's fingerprint of the card (Stripe `card.fingerprint`); without it, BIN and last four digits stand for the card" })),
    ),
    card_brand: Type.Optional(nullable(text(50, { description: 'visa, mastercard, amex…' }))),
  },
  { additionalProperties: false },
);

/**
 * What the channel says was paid when the order was placed: the payment ledger's opening entries
 * (ADR 0018). Only the kinds that stand alone: a capture of an authorization, refunds and
 * chargebacks come later through POST /v1/orders/{id}/transactions, naming their parent.
 */
const ChannelTransaction = Type.Object(
  {
    kind: Type.Union([Type.Literal('authorization'), Type.Literal('sale')], { description: 'authorization: held, not yet taken; sale: authorized and captured at once' }),
    status: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('pending'), Type.Literal('failure')], { description: 'Default success' })),
    amount: Decimal,
    gateway: text(100, { description: 'The payment gateway: shopify_payments, stripe, paypal, ebay, amazon, pos…' }),
    gateway_reference: Type.Optional(nullable(text(255, { description: "The gateway's id for the payment: one transaction per (order, gateway, reference)" }))),
    processed_at: Type.Optional(nullable(Instant)),
    payment_details: Type.Optional(nullable(PaymentDetails)),
  },
  { additionalProperties: false },
);

export const CustomerSchema = Type.Object(
  {
    email: Type.Optional(nullable(Type.String({ format: 'email', maxLength: 254 }))),
    name: Type.Optional(nullable(Type.String({ maxLength: 200 }))),
    phone: Type.Optional(nullable(Type.String({ maxLength: 50 }))),
  },
  { additionalProperties: false },
);

export const CanonicalOrderSchema = Type.Object(
  {
    channel: text(100, { description: 'Sales channel: web, pos, amazon, a channel id…' }),
    external_id: Type.Optional(nullable(text(limits.externalIdLength, { description: 'The order id in the channel; (channel, external_id) is unique' }))),
    channel_order_name: Type.Optional(
      nullable(text(limits.channelOrderNameLength, { description: 'What the channel calls the order, as its customer sees it: Shopify `name` (#1042), WooCommerce `number`, Amazon/eBay order id, X12 PO number (BEG03)' })),
    ),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' }),
    placed_at: Type.Optional(nullable(Instant)),
    customer: Type.Optional(nullable(CustomerSchema)),
    delivery_method: Type.Optional(
      nullable(Type.Union([Type.Literal('shipping'), Type.Literal('pickup')], { description: 'shipping (default): the goods are shipped to shipping_address, which a direct API order must then give; pickup: the customer collects them' })),
    ),
    shipping_address: Type.Optional(nullable(AddressSchema)),
    billing_address: Type.Optional(nullable(AddressSchema)),
    lines: Type.Array(
      Type.Object(
        {
          sku: Code,
          quantity: Type.Integer({ minimum: 1, maximum: limits.maxQuantity }),
          unit_price: { ...Decimal, description: 'The price of one unit before discounts (including tax when taxes_included)' },
          discounts: Type.Optional({ ...Discounts, description: 'Discounts on this line, for all its units' }),
          taxes: Type.Optional({ ...Taxes, description: 'Taxes on this line, for all its units' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: limits.maxLines },
    ),
    shipping: Type.Optional(
      nullable(Type.Object({ service_level: Type.Optional(nullable(text(limits.serviceLevelLength))), price: Type.Optional(nullable(Decimal)) }, { additionalProperties: false })),
    ),
    shipping_lines: Type.Optional(Type.Array(ShippingLine, { maxItems: limits.maxAdjustments, description: 'Shipping charges with their discounts and taxes (instead of `shipping`, which is one shipping line)' })),
    taxes_included: Type.Optional(nullable(Type.Boolean({ description: 'true: unit and shipping prices include their taxes (the total does not add them again)' }))),
    duties: Type.Optional(Type.Array(Type.Object({ title: Type.Optional(nullable(text(200))), amount: Decimal }, { additionalProperties: false }), { maxItems: limits.maxAdjustments })),
    order_discounts: Type.Optional({ ...Discounts, description: 'Discounts on the whole order: the OMS splits each over the lines in proportion to their value after line discounts' }),
    order_taxes: Type.Optional({ ...Taxes, description: 'Taxes stated for the whole order only (a CSV export’s Taxes column): the OMS splits each over the lines in proportion to their value after discounts' }),
    channel_totals: Type.Optional(nullable(ChannelTotals)),
    transactions: Type.Optional(Type.Array(ChannelTransaction, { maxItems: limits.maxAdjustments, description: 'Payments the channel reports for the order; they open its payment ledger (GET /v1/orders/{id}/transactions)' })),
    notes: Type.Optional(nullable(Type.String({ maxLength: limits.notesLength }))),
    tags: Type.Optional(Type.Array(text(limits.tagLength), { maxItems: limits.maxTags })),
    client: Type.Optional(
      nullable(
        Type.Object(
          {
            ip: Type.Optional(nullable(Type.String({ maxLength: 45, description: "The buyer's IP address (IPv4 or IPv6) when the order was placed: Shopify `browser_ip`, WooCommerce `customer_ip_address`" }))),
            user_agent: Type.Optional(nullable(Type.String({ maxLength: 1000, description: "The buyer's browser (Shopify `client_details.user_agent`, WooCommerce `customer_user_agent`)" }))),
            accept_language: Type.Optional(nullable(Type.String({ maxLength: 200 }))),
          },
          { additionalProperties: false, description: 'Where the buyer placed the order from, for fraud screening (issue 15 §3)' },
        ),
      ),
    ),
    channel_risk: Type.Optional(
      nullable(
        Type.Object(
          {
            level: Type.Optional(nullable(Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')], { description: "The channel's own fraud analysis (Shopify's risk level)" }))),
            recommendation: Type.Optional(nullable(Type.Union([Type.Literal('accept'), Type.Literal('investigate'), Type.Literal('cancel')], { description: "The channel's recommendation (Shopify: accept, investigate, cancel)" }))),
          },
          { additionalProperties: false, description: "The sales channel's verdict on the order, a signal for fraud screening" },
        ),
      ),
    ),
    reservation_id: Type.Optional(
      nullable(Type.String({ pattern: '^hld_[0-9a-z]{26}$', description: 'A checkout reservation (POST /v1/reservations) whose units this order takes; it is used once' })),
    ),
  },
  { additionalProperties: false },
);

export type CanonicalOrder = Static<typeof CanonicalOrderSchema>;
export type CanonicalOrderLine = CanonicalOrder['lines'][number];
export type CanonicalAddress = NonNullable<CanonicalOrder['shipping_address']>;
export type CanonicalCustomer = NonNullable<CanonicalOrder['customer']>;
export type CanonicalDiscount = NonNullable<CanonicalOrderLine['discounts']>[number];
export type CanonicalTax = NonNullable<CanonicalOrderLine['taxes']>[number];
export type CanonicalShippingLine = NonNullable<CanonicalOrder['shipping_lines']>[number];
export type CanonicalTransaction = NonNullable<CanonicalOrder['transactions']>[number];
export type CanonicalPaymentDetails = NonNullable<CanonicalTransaction['payment_details']>;
export type CanonicalClient = NonNullable<CanonicalOrder['client']>;
