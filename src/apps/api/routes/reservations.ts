import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { DomainError } from '../../../platform/errors.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { actorOf, type Principal } from '../../../platform/http/principal.js';
import { listOf } from '../../../platform/http/schemas.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import {
  CheckoutReservationBody,
  CheckoutReservationId,
  CheckoutReservationQuery,
  CheckoutReservationViewSchema,
  getCheckoutReservation,
  listCheckoutReservationViews,
  MAX_CHECKOUT_RESERVATION_TTL_SECONDS,
  MIN_CHECKOUT_RESERVATION_TTL_SECONDS,
  releaseCheckoutReservation,
} from '../../../modules/inventory/index.js';
import { reserveForCheckout } from '../../../flows/inventory/reserve-for-checkout.js';
import { captureChannel } from '../scope.js';

/** /v1/reservations: checkout reservations. Creating one plans where to reserve from, so it is a flow. */
export function reservationRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    /** A checkout reservation the caller may see (a channel key: its channel's), or 404 as if it did not exist. */
    const visibleReservation = async (p: Principal, id: string) => {
      const reservation = await getCheckoutReservation(db, p.tenantId, id, deps.clock());
      if (p.channelId !== undefined && reservation.channel !== p.channelId) throw new DomainError('RESERVATION_NOT_FOUND', `No checkout reservation ${id}.`);
      return reservation;
    };

    app.post('/v1/reservations', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: {
        tags: ['inventory'],
        summary: 'Reserve stock for a checkout until an order uses it (reservation_id), it is released, or it expires',
        description: `All of the quantity or nothing (409 INVENTORY_INSUFFICIENT). ttl_seconds: ${MIN_CHECKOUT_RESERVATION_TTL_SECONDS} to ${MAX_CHECKOUT_RESERVATION_TTL_SECONDS} (a day). Send \`Idempotency-Key\` to make retries safe.`,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: CheckoutReservationBody,
        response: { 201: CheckoutReservationViewSchema },
      },
    }, async (request, reply) => {
      const body = { ...request.body, channel: captureChannel(request.principal, request.body.channel) };
      const result = await reserveForCheckout(db, actorOf(request.principal), body, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', '/v1/reservations', request.body));
      return reply.code(result.statusCode).send(result.body);
    });

    app.get('/v1/reservations', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: {
        tags: ['inventory'],
        summary: 'List checkout reservations, newest first (a channel key: its channel’s)',
        querystring: CheckoutReservationQuery,
        response: { 200: listOf(CheckoutReservationViewSchema) },
      },
    }, async (request) => {
      const { cursor, limit, channel, ...filter } = request.query;
      const own = request.principal.channelId;
      // A channel key asking for another channel's sees none, as if there were none.
      if (own !== undefined && channel !== undefined && channel !== own) return { data: [], next_cursor: null };
      const pageOf = pageRequest({ cursor, limit }, /^hld_[0-9a-z]{26}$/);
      const views = await listCheckoutReservationViews(db, request.principal.tenantId, { ...filter, channel: own ?? channel }, deps.clock(), pageOf);
      return page(views, pageOf, (v) => [v.id]);
    });

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
