import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
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

    app.get('/v1/reservations/:id', {
      config: { action: 'read' },
      schema: { tags: ['inventory'], summary: 'Get a reservation hold', params: HoldId, response: { 200: HoldViewSchema } },
    }, async (request) => getHold(db, request.principal.tenantId, request.params.id, deps.clock()));

    app.delete('/v1/reservations/:id', {
      config: { action: 'orders:write' },
      schema: {
        tags: ['inventory'],
        summary: 'Release a reservation hold (idempotent: a released or expired hold answers 204 too)',
        params: HoldId,
        response: { 204: Type.Null() },
      },
    }, async (request, reply) => {
      await releaseHold(db, actorOf(request.principal), request.params.id, deps.clock());
      return reply.code(204).send(null);
    });
  };
}
