import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { DomainError } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../../platform/http/principal.js';
import { nullable, Timestamp } from '../../../platform/http/schemas.js';
import { checkoutReservationStatuses } from '../domain/checkout-reservations.js';
import { getCheckoutReservation, releaseCheckoutReservation } from '../use-cases/checkout-reservations.js';

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

/** Reading and releasing checkout reservations (single-module); creating one plans sourcing, so it is a flow route. */
export function checkoutReservationRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    /** A checkout reservation the caller may see (a channel key: its channel's), or 404 as if it did not exist. */
    const visibleReservation = async (p: Principal, id: string) => {
      const reservation = await getCheckoutReservation(db, p.tenantId, id, deps.clock());
      if (p.channelId !== undefined && reservation.channel !== p.channelId) throw new DomainError('RESERVATION_NOT_FOUND', `No checkout reservation ${id}.`);
      return reservation;
    };

    app.get('/v1/reservations/:id', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: { tags: ['inventory'], summary: 'Get a checkout reservation', params: CheckoutReservationId, response: { 200: CheckoutReservationViewSchema } },
    }, async (request) => visibleReservation(request.principal, request.params.id));

    app.delete('/v1/reservations/:id', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: {
        tags: ['inventory'],
        summary: 'Release a checkout reservation (idempotent: a released or expired one answers 204 too)',
        params: CheckoutReservationId,
        response: { 204: Type.Null() },
      },
    }, async (request, reply) => {
      if (request.principal.channelId !== undefined) await visibleReservation(request.principal, request.params.id);
      await releaseCheckoutReservation(db, actorOf(request.principal), request.params.id, deps.clock());
      return reply.code(204).send(null);
    });
  };
}
