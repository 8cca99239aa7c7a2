import { Type } from '@fastify/type-provider-typebox';
import { AddressSchema } from '../../../platform/http/address.js';
import { Code, Instant, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { orderStatuses, type OrderStatus } from '../../../modules/orders/index.js';

const Decimal = Type.String({ minLength: 1, maxLength: 32, description: 'Decimal string in the order currency, e.g. "19.99"', examples: ['19.99'] });

export const MAX_ORDER_LINES = 500;

export const OrderStatusSchema = Type.Unsafe<OrderStatus>(Type.String({ enum: [...orderStatuses] }));

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
    external_id: Type.Optional(nullable(text(200, { description: 'The order id in the channel; (channel, external_id) is unique' }))),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' }),
    placed_at: Type.Optional(nullable(Instant)),
    customer: Type.Optional(nullable(CustomerSchema)),
    shipping_address: Type.Optional(nullable(AddressSchema)),
    billing_address: Type.Optional(nullable(AddressSchema)),
    lines: Type.Array(
      Type.Object(
        {
          sku: Code,
          quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
          unit_price: Decimal,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_ORDER_LINES },
    ),
    shipping: Type.Optional(
      nullable(Type.Object({ service_level: Type.Optional(nullable(text(50))), price: Type.Optional(nullable(Decimal)) }, { additionalProperties: false })),
    ),
    notes: Type.Optional(nullable(Type.String({ maxLength: 5000 }))),
    tags: Type.Optional(Type.Array(text(100), { maxItems: 50 })),
    reservation_id: Type.Optional(
      nullable(Type.String({ pattern: '^hld_[0-9a-z]{26}$', description: 'A checkout reservation (POST /v1/reservations) whose units this order takes; it is used once' })),
    ),
  },
  { additionalProperties: false },
);

const Json = Type.Object({}, { additionalProperties: true });

export const OrderViewSchema = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  external_id: nullable(Type.String()),
  status: OrderStatusSchema,
  version: Type.Integer(),
  currency: Type.String(),
  placed_at: nullable(Timestamp),
  customer: nullable(Json),
  shipping_address: nullable(Json),
  billing_address: nullable(Json),
  shipping: Type.Object({ service_level: nullable(Type.String()), price: Type.String() }),
  notes: nullable(Type.String()),
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
  allocations: Type.Array(Type.Object({ line_id: Type.String(), sku: Type.String(), location: Type.String(), quantity: Type.Integer() })),
  totals: Type.Object({ subtotal: Type.String(), shipping: Type.String(), total: Type.String() }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
