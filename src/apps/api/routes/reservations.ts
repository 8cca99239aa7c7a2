import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { DomainError } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../../platform/http/principal.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import { getHold, HoldBody, HoldId, HoldViewSchema, MAX_HOLD_TTL_SECONDS, MIN_HOLD_TTL_SECONDS, releaseHold } from '../../../modules/inventory/index.js';
import { placeHold } from '../../../flows/inventory/hold-stock.js';
import { captureChannel } from '../scope.js';

/** /v1/reservations: checkout holds. Creating one plans where to hold from, so it is a flow. */
export function reservationRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    /** A hold the caller may see (a channel key: its channel's), or 404 as if it did not exist. */
    const visibleHold = async (p: Principal, id: string) => {
      const hold = await getHold(db, p.tenantId, id, deps.clock());
      if (p.channelId !== undefined && hold.channel !== p.channelId) throw new DomainError('RESERVATION_NOT_FOUND', `No reservation hold ${id}.`);
      return hold;
    };

    app.post('/v1/reservations', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: {
        tags: ['inventory'],
        summary: 'Hold stock for a checkout until an order uses it (reservation_id), it is released, or it expires',
        description: `All of the quantity or nothing (409 INVENTORY_INSUFFICIENT). ttl_seconds: ${MIN_HOLD_TTL_SECONDS} to ${MAX_HOLD_TTL_SECONDS} (a day). Send \`Idempotency-Key\` to make retries safe.`,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: HoldBody,
        response: { 201: HoldViewSchema },
      },
    }, async (request, reply) => {
      const body = { ...request.body, channel: captureChannel(request.principal, request.body.channel) };
      const result = await placeHold(db, actorOf(request.principal), body, deps.clock(), idempotencyOf(request.headers['idempotency-key'], 'POST', '/v1/reservations', request.body));
      return reply.code(result.statusCode).send(result.body);
    });

    app.get('/v1/reservations/:id', {
      config: { action: 'orders:read', scope: 'channel' },
      schema: { tags: ['inventory'], summary: 'Get a reservation hold', params: HoldId, response: { 200: HoldViewSchema } },
    }, async (request) => visibleHold(request.principal, request.params.id));

    app.delete('/v1/reservations/:id', {
      config: { action: 'orders:write', scope: 'channel' },
      schema: {
        tags: ['inventory'],
        summary: 'Release a reservation hold (idempotent: a released or expired hold answers 204 too)',
        params: HoldId,
        response: { 204: Type.Null() },
      },
    }, async (request, reply) => {
      if (request.principal.channelId !== undefined) await visibleHold(request.principal, request.params.id);
      await releaseHold(db, actorOf(request.principal), request.params.id, deps.clock());
      return reply.code(204).send(null);
    });
  };
}
