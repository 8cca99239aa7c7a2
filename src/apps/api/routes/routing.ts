import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { DomainError } from '../../../platform/errors.js';
import { PolicyBody, type RoutingPolicy } from '../../../modules/routing/index.js';
import { simulateRouting, simulateStoredOrders } from '../../../flows/routing/simulate-routing.js';
import { channelAvailability } from '../../../flows/inventory/availability.js';
import { CanonicalOrderSchema } from './order-schemas.js';

const Line = { line: Type.Integer({ description: 'Index into the order’s lines' }), sku: Type.String() };
const Placement = Type.Object({ sku: Type.String(), location: Type.String(), quantity: Type.Integer() });
const Plan = {
  policy: Type.Union([Type.String(), Type.Null()], { description: 'The policy that routed the order; null: the default rule' }),
  rule: Type.String(),
  hold: Type.Union([Type.Object({ queue: Type.String(), reason: Type.String() }), Type.Null()]),
  allocations: Type.Array(Type.Object({ ...Line, location: Type.String(), quantity: Type.Integer() })),
  backorders: Type.Array(Type.Object({ ...Line, quantity: Type.Integer() })),
  shortages: Type.Array(Type.Object({ ...Line, requested: Type.Integer(), available: Type.Integer() })),
  explanation: Type.Array(Type.String()),
};

const SimulateBody = Type.Object(
  {
    order: Type.Optional(CanonicalOrderSchema),
    order_ids: Type.Optional(Type.Array(Type.String({ pattern: '^ord_[0-9a-z]{26}$' }), { minItems: 1, maxItems: 500, uniqueItems: true, description: 'Past orders to re-route as if they arrived now' })),
    policy: Type.Optional(Type.Object({ name: Type.Optional(Type.String({ maxLength: 64 })), ...PolicyBody.properties }, { additionalProperties: false, description: 'A proposed policy to route with instead of the current ones' })),
  },
  { additionalProperties: false },
);

export function routingRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.post('/v1/routing/simulate', {
      config: { action: 'read' },
      schema: {
        tags: ['routing'],
        summary: 'The allocation plan capture would make for an order (or past orders) now, under the current or a proposed policy, with the reason for each choice; reserves nothing',
        body: SimulateBody,
        response: {
          200: Type.Object({
            ...Plan,
            results: Type.Optional(Type.Array(Type.Object({ order_id: Type.String(), ...Plan, current: Type.Array(Placement), changed: Type.Boolean() }))),
            summary: Type.Optional(Type.Object({ orders: Type.Integer(), changed: Type.Integer(), held: Type.Integer(), with_backorders_or_shortages: Type.Integer(), shipments: Type.Integer() })),
          }),
        },
      },
    }, async (request) => {
      const { order, order_ids: orderIds, policy } = request.body;
      if ((order === undefined) === (orderIds === undefined)) {
        throw new DomainError('REQUEST_INVALID', 'Send either an order or order_ids.', [{ field: order ? 'order_ids' : 'order', message: 'send exactly one of order and order_ids' }]);
      }
      const proposed: RoutingPolicy | undefined = policy ? { name: policy.name ?? 'proposed', position: policy.position ?? 0, scope: policy.scope ?? {}, rules: policy.rules } : undefined;
      const tenantId = request.principal.tenantId;
      if (order) return simulateRouting(deps.database.db, tenantId, order, deps.clock(), proposed);
      const results = await simulateStoredOrders(deps.database.db, tenantId, orderIds as string[], deps.clock(), proposed);
      return {
        policy: proposed?.name ?? null,
        rule: '',
        hold: null,
        allocations: results.flatMap((r) => r.allocations),
        backorders: results.flatMap((r) => r.backorders),
        shortages: results.flatMap((r) => r.shortages),
        explanation: results.flatMap((r) => r.explanation.map((e) => `${r.order_id}: ${e}`)),
        results,
        summary: {
          orders: results.length,
          changed: results.filter((r) => r.changed).length,
          held: results.filter((r) => r.hold).length,
          with_backorders_or_shortages: results.filter((r) => r.backorders.length + r.shortages.length > 0).length,
          shipments: results.reduce((n, r) => n + new Set(r.allocations.map((a) => a.location)).size, 0),
        },
      };
    });
  };
}

export function availabilityRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/v1/availability', {
      config: { action: 'read' },
      schema: {
        tags: ['routing'],
        summary: 'What a storefront on a channel may sell of a SKU: stock at the locations its routing policy would use, less safety stock',
        querystring: Type.Object(
          {
            sku: Type.String({ minLength: 1, maxLength: 100 }),
            channel: Type.String({ minLength: 1, maxLength: 100 }),
            postal_code: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
            country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Destination country; US when only a postal code is given' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            sku: Type.String(),
            channel: Type.String(),
            available: Type.Integer(),
            locations: Type.Array(Type.Object({ location: Type.String(), available: Type.Integer(), distance_km: Type.Union([Type.Integer(), Type.Null()]) })),
          }),
        },
      },
    }, async (request) => {
      const { sku, channel, postal_code: postalCode, country } = request.query;
      return channelAvailability(deps.database.db, request.principal.tenantId, { sku, channel, ...(country ? { country } : {}), ...(postalCode ? { postal_code: postalCode } : {}) }, deps.clock());
    });
  };
}
