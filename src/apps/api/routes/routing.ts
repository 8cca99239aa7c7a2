import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { simulateRouting } from '../../../flows/simulate-routing.js';
import { CanonicalOrderSchema } from './order-schemas.js';

const Line = { line: Type.Integer({ description: 'Index into the order’s lines' }), sku: Type.String() };

export function routingRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.post('/v1/routing/simulate', {
      config: { action: 'read' },
      schema: {
        tags: ['routing'],
        summary: 'The allocation plan capture would make for an order now, with the reason for each choice; reserves nothing',
        body: Type.Object({ order: CanonicalOrderSchema }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            allocations: Type.Array(Type.Object({ ...Line, location: Type.String(), quantity: Type.Integer() })),
            backorders: Type.Array(Type.Object({ ...Line, quantity: Type.Integer() })),
            shortages: Type.Array(Type.Object({ ...Line, requested: Type.Integer(), available: Type.Integer() })),
            explanation: Type.Array(Type.String()),
          }),
        },
      },
    }, async (request) => simulateRouting(deps.database.db, request.principal.tenantId, request.body.order));
  };
}
