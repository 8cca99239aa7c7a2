import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code, nullable, text } from '../../../platform/http/schemas.js';
import { adjustInventory } from '../../../flows/inventory/adjust-inventory.js';

const reasons = ['received', 'cycle_count', 'damaged', 'correction', 'lost', 'found', 'returned', 'transfer_in', 'transfer_out', 'shrinkage'] as const;

const Adjustment = Type.Object(
  {
    sku: Code,
    location: Type.String({ minLength: 1, maxLength: 64, description: 'Location code or id' }),
    delta: Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000, not: { const: 0 }, description: 'Change in on-hand units; not zero' }),
    reason: Type.Union(reasons.map((r) => Type.Literal(r))),
    reference: Type.Optional(nullable(text(200))),
    bin: Type.Optional(nullable(Type.String({ pattern: '^[A-Z0-9]{1,4}(-[A-Z0-9]{1,4}){1,4}$', description: 'Bin code zone-aisle-bay-level, e.g. A-03-2-B' }))),
  },
  { additionalProperties: false },
);

export function adjustmentRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.post('/v1/inventory/adjustments', {
      config: { action: 'inventory:write' },
      schema: {
        tags: ['inventory'],
        summary: 'Adjust on-hand stock (one adjustment, or many all-or-nothing); arriving stock fills backorders oldest first',
        body: Type.Union([Adjustment, Type.Object({ adjustments: Type.Array(Adjustment, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false })]),
        response: {
          201: Type.Object({
            adjustments: Type.Array(Type.Object({ sku: Type.String(), location: Type.String(), delta: Type.Integer(), on_hand: Type.Integer(), reserved: Type.Integer(), available: Type.Integer() })),
            backorders_allocated: Type.Integer({ description: 'Units of waiting backorders allocated by this stock' }),
          }),
        },
      },
    }, async (request, reply) => {
      const body = request.body;
      const batch = 'adjustments' in body;
      const result = await adjustInventory(deps.database.db, actorOf(request.principal), batch ? body.adjustments : [body], deps.clock(), batch ? undefined : (_i, name) => name);
      return reply.code(201).send(result);
    });
  };
}
