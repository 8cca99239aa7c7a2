import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { DomainError } from '../../../platform/errors.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code } from '../../../platform/http/schemas.js';
import { findPolicy, listPolicyRows, PolicyBody, PolicyView, policyView, putPolicy, removePolicy, type RoutingPolicy } from '../../../modules/routing/index.js';
import { simulateRouting, simulateStoredOrders } from '../../../flows/routing/simulate-routing.js';
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

const Name = Type.Object({ name: Code });

/** /v1/routing: simulating a plan (a flow) and the routing policies (the routing module's). */
export function routingRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

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
      if (order) return simulateRouting(db, tenantId, order, deps.clock(), proposed);
      const results = await simulateStoredOrders(db, tenantId, orderIds as string[], deps.clock(), proposed);
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

    app.put('/v1/routing/policies/:name', {
      config: { action: 'routing:write' },
      schema: {
        tags: ['routing'],
        summary: 'Create or replace a routing policy (scope and ordered rules); simulate it first with POST /v1/routing/simulate {policy}',
        params: Name,
        body: PolicyBody,
        response: { 200: PolicyView, 201: PolicyView },
      },
    }, async (request, reply) => {
      const { row, created } = await putPolicy(db, actorOf(request.principal), request.params.name, request.body, deps.clock());
      return reply.code(created ? 201 : 200).send(policyView(row));
    });

    app.get('/v1/routing/policies', {
      config: { action: 'read' },
      schema: { tags: ['routing'], summary: 'The routing policies in the order they are tried', response: { 200: Type.Object({ data: Type.Array(PolicyView) }) } },
    }, async (request) => ({ data: (await listPolicyRows(db, request.principal.tenantId)).map(policyView) }));

    app.get('/v1/routing/policies/:name', {
      config: { action: 'read' },
      schema: { tags: ['routing'], summary: 'One routing policy', params: Name, response: { 200: PolicyView } },
    }, async (request) => {
      const row = await findPolicy(db, request.principal.tenantId, request.params.name);
      if (!row) throw new DomainError('ROUTING_POLICY_NOT_FOUND', `No routing policy named ${request.params.name}.`);
      return policyView(row);
    });

    app.delete('/v1/routing/policies/:name', {
      config: { action: 'routing:write' },
      schema: { tags: ['routing'], summary: 'Delete a routing policy', params: Name, response: { 204: Type.Null() } },
    }, async (request, reply) => {
      await removePolicy(db, actorOf(request.principal), request.params.name, deps.clock());
      return reply.code(204).send(null);
    });
  };
}
