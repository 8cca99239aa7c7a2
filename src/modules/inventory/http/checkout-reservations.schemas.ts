import { Type } from '@fastify/type-provider-typebox';
import { PageQuery } from '../../../platform/http/pagination.js';
import { Code, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { checkoutReservationStatuses, MAX_CHECKOUT_RESERVATION_TTL_SECONDS, MIN_CHECKOUT_RESERVATION_TTL_SECONDS } from '../domain/checkout-reservations.js';

/** Request and response schemas of /v1/reservations (checkout reservations). */

export const CheckoutReservationViewSchema = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  quantity: Type.Integer(),
  channel: nullable(Type.String()),
  status: Type.String({ enum: [...checkoutReservationStatuses], description: 'active until consumed by an order, released, or expired' }),
  expires_at: Timestamp,
  order_id: nullable(Type.String({ description: 'The order that consumed the checkout reservation' })),
  created_at: Timestamp,
  allocations: Type.Array(Type.Object({ location: Type.String(), quantity: Type.Integer() }), { description: 'Units set aside now, per location (empty once the checkout reservation ended)' }),
});

export const CheckoutReservationId = Type.Object({ id: Type.String({ pattern: '^hld_[0-9a-z]{26}$' }) });

export const CheckoutReservationBody = Type.Object(
  {
    sku: Code,
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    ttl_seconds: Type.Integer({ minimum: MIN_CHECKOUT_RESERVATION_TTL_SECONDS, maximum: MAX_CHECKOUT_RESERVATION_TTL_SECONDS, description: 'How long the checkout reservation lives; at most a day' }),
    channel: Type.Optional(nullable(text(100, { description: 'The sales channel the checkout belongs to' }))),
  },
  { additionalProperties: false },
);

export const CheckoutReservationQuery = Type.Object(
  {
    status: Type.Optional(Type.Unsafe<(typeof checkoutReservationStatuses)[number]>(Type.String({ enum: [...checkoutReservationStatuses], description: 'As shown: a checkout reservation past its expiry is expired' }))),
    channel: Type.Optional(text(100, { description: 'The channel the checkout belongs to' })),
    sku: Type.Optional(Code),
    ...PageQuery,
  },
  { additionalProperties: false },
);
