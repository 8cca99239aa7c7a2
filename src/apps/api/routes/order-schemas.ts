import { Type } from '@fastify/type-provider-typebox';
import { Code, Instant, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { PageQuery } from '../../../platform/http/pagination.js';
import { orderSorts, orderStatuses, type OrderStatus } from '../../../modules/orders/index.js';
import { PaymentView } from '../../../modules/payments/index.js';

// The order capture body is the canonical order: src/platform/contracts/canonical-order.ts.

export const OrderStatusSchema = Type.Unsafe<OrderStatus>(Type.String({ enum: [...orderStatuses] }));

const Json = Type.Object({}, { additionalProperties: true });

export const OrderListQuerySchema = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'Search: order number, channel order name (#1042), external id, e-mail, customer name, phone, tracking number or SKU' })),
    status: Type.Optional(Type.Union([OrderStatusSchema, Type.Array(OrderStatusSchema, { minItems: 1, maxItems: orderStatuses.length })], { description: 'Repeat for several: status=allocated&status=backordered' })),
    channel: Type.Optional(text(100, { description: 'A channel’s id, name or type (shopify, amazon…), or the channel name an API capture gave (web)' })),
    external_id: Type.Optional(text(200)),
    tag: Type.Optional(text(100)),
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
  shipping_address: nullable(Json),
  billing_address: nullable(Json),
  shipping: Type.Object({ service_level: nullable(Type.String()), price: Type.String() }),
  notes: nullable(Type.String({ description: 'The note that came with the order from its channel' })),
  notes_log: Type.Array(Type.Object({ id: Type.String(), text: Type.String(), actor: Type.String(), at: Timestamp }), { description: 'Notes people added (POST /v1/orders/{id}/notes), oldest first' }),
  tags: Type.Array(Type.String()),
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
    }),
  ),
  units: Units,
  ship_by: nullable(Type.String({ format: 'date', description: 'The earliest ship-by date promised at capture' })),
  late: Type.Boolean({ description: 'Still waiting to ship and the ship-by date has passed' }),
  allocations: Type.Array(Type.Object({ line_id: Type.String(), sku: Type.String(), location: Type.String(), quantity: Type.Integer() })),
  totals: Type.Object({ subtotal: Type.String(), shipping: Type.String(), total: Type.String() }),
  created_at: Timestamp,
  updated_at: Timestamp,
  payment: PaymentView,
});
