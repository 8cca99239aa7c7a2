import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { listOf, text } from '../../../platform/http/schemas.js';
import { ApiKeyBody, ApiKeyView, apiKeyView, IssuedApiKeyView, listApiKeys, revokeKey } from '../../../modules/tenancy/index.js';
import { issueKey } from '../../../flows/tenancy/issue-api-key.js';

/** /v1/api-keys */
export function apiKeyRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/api-keys', {
      config: { action: 'keys:manage' },
      schema: { tags: ['tenancy'], summary: 'List your tenant’s API keys (never the secrets)', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(ApiKeyView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, /^key_[0-9a-z]{26}$/);
      const rows = await listApiKeys(db, request.principal.tenantId, pageOf);
      return page(rows.map(apiKeyView), pageOf, (k) => [k.id]);
    });

    app.delete('/v1/api-keys/:id', {
      config: { action: 'keys:manage' },
      schema: { tags: ['tenancy'], summary: 'Revoke an API key', params: Type.Object({ id: text(64) }), response: { 204: Type.Null() } },
    }, async (request, reply) => {
      await revokeKey(db, actorOf(request.principal), request.params.id, deps.clock());
      deps.onKeyRevoked?.();
      return reply.code(204).send(null);
    });

    app.post('/v1/api-keys', {
      config: { action: 'keys:manage' },
      schema: {
        tags: ['tenancy'],
        summary: 'Issue an API key for your tenant; the key is shown once. A channel key is bound to one channel (`channel`: it captures and reads only that channel’s orders) or stands for one location (`location`: its fulfillment orders and shipments only).',
        body: ApiKeyBody,
        response: { 201: IssuedApiKeyView },
      },
    }, async (request, reply) => reply.code(201).send(await issueKey(db, actorOf(request.principal), request.body, deps.clock())));
  };
}
