import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code } from '../../../platform/http/schemas.js';
import { findPolicy, listPolicyRows, type PolicyRow } from '../db/policies.queries.js';
import { putPolicy, removePolicy } from '../use-cases/policies.js';
import { PolicyBody, PolicyView } from './schemas.js';

function view(p: PolicyRow) {
  return { name: p.name, position: p.position, scope: p.scope, rules: p.rules, created_at: p.createdAt.toISOString(), updated_at: p.updatedAt.toISOString() };
}

const Name = Type.Object({ name: Code });

export function routingPolicyRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

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
      const { row, created } = await inTransaction(db, (tx) => putPolicy(tx, actorOf(request.principal), request.params.name, request.body, deps.clock()));
      return reply.code(created ? 201 : 200).send(view(row));
    });

    app.get('/v1/routing/policies', {
      config: { action: 'read' },
      schema: { tags: ['routing'], summary: 'The routing policies in the order they are tried', response: { 200: Type.Object({ data: Type.Array(PolicyView) }) } },
    }, async (request) => ({ data: (await listPolicyRows(db, request.principal.tenantId)).map(view) }));

    app.get('/v1/routing/policies/:name', {
      config: { action: 'read' },
      schema: { tags: ['routing'], summary: 'One routing policy', params: Name, response: { 200: PolicyView } },
    }, async (request) => {
      const row = await findPolicy(db, request.principal.tenantId, request.params.name);
      if (!row) throw new DomainError('ROUTING_POLICY_NOT_FOUND', `No routing policy named ${request.params.name}.`);
      return view(row);
    });

    app.delete('/v1/routing/policies/:name', {
      config: { action: 'routing:write' },
      schema: { tags: ['routing'], summary: 'Delete a routing policy', params: Name, response: { 204: Type.Null() } },
    }, async (request, reply) => {
      await inTransaction(db, (tx) => removePolicy(tx, actorOf(request.principal), request.params.name, deps.clock()));
      return reply.code(204).send(null);
    });
  };
}
