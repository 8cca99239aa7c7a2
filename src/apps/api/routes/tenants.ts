import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { createTenant, TenantBody, TenantView } from '../../../modules/tenancy/index.js';

/** /v1/tenants */
export function tenantRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/v1/tenants', {
      config: { action: 'tenants:manage' },
      schema: {
        tags: ['tenancy'],
        summary: 'Create a tenant (operator of the installation only); answers its first admin key once',
        body: TenantBody,
        response: { 201: TenantView },
      },
    }, async (request, reply) => reply.code(201).send(await createTenant(deps.database.db, request.principal, request.body, deps.clock())));
  };
}
