import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { DomainError } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../../platform/http/principal.js';
import { nullable, Timestamp } from '../../../platform/http/schemas.js';
import { holdStatuses } from '../domain/holds.js';
import { getHold, releaseHold } from '../use-cases/holds.js';

export const HoldViewSchema = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  quantity: Type.Integer(),
  channel: nullable(Type.String()),
  status: Type.String({ enum: [...holdStatuses], description: 'active until consumed by an order, released, or expired' }),
  expires_at: Timestamp,
  order_id: nullable(Type.String({ description: 'The order that consumed the hold' })),
  created_at: Timestamp,
  allocations: Type.Array(Type.Object({ location: Type.String(), quantity: Type.Integer() }), { description: 'Units held now, per location (empty once the hold ended)' }),
});

export const HoldId = Type.Object({ id: Type.String({ pattern: '^hld_[0-9a-z]{26}$' }) });

/** Reading and releasing holds (single-module); creating one plans sourcing, so it is a flow route. */
export function holdRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    /** A hold the caller may see (a channel key: its channel's), or 404 as if it did not exist. */
    const visibleHold = async (p: Principal, id: string) => {
      const hold = await getHold(db, p.tenantId, id, deps.clock());
      if (p.channelId !== undefined && hold.channel !== p.channelId) throw new DomainError('RESERVATION_NOT_FOUND', `No reservation hold ${id}.`);
      return hold;
    };

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
