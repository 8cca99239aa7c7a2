import { Type } from '@fastify/type-provider-typebox';
import { nullable, Timestamp } from '../../../platform/http/schemas.js';
import { orderStatuses, type OrderStatus } from '../../../modules/orders/index.js';

// The order capture body is the canonical order: src/platform/contracts/canonical-order.ts.

export const OrderStatusSchema = Type.Unsafe<OrderStatus>(Type.String({ enum: [...orderStatuses] }));

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
