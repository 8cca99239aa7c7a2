import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { listOf } from '../../../platform/http/schemas.js';
import {
  changeEndpoint,
  createEndpoint,
  ENDPOINT_ID,
  EndpointBody,
  EndpointId,
  EndpointPatch,
  EndpointView,
  endpointView,
  EndpointWithSecret,
  findEndpoint,
  listEndpoints,
  RECOVER_LIMIT,
  RecoverBody,
  recoverEndpoint,
  RecoverResult,
  removeEndpoint,
  rotateEndpointSecret,
} from '../../../modules/integrations/index.js';

/** /v1/webhook-endpoints: outbound webhook subscriptions (admin: webhooks:write). */
export function webhookEndpointRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    const secretKey = (): Buffer => {
      if (!deps.config.secretKey) throw new Error('no OMS_SECRET_KEY: webhook secrets cannot be sealed');
      return deps.config.secretKey;
    };
    const allowPrivate = deps.config.outboundAllowPrivate;

    app.post('/v1/webhook-endpoints', {
      config: { action: 'webhooks:write' },
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a URL to events; answers the signing secret once',
        description:
          'Deliveries follow the Standard Webhooks specification: a JSON body `{type, timestamp, data}` with the headers `webhook-id` (the event id, the same on every attempt), `webhook-timestamp` and `webhook-signature` (`v1,` + base64 HMAC-SHA256 with the secret). Verify them with any Standard Webhooks library. A 2xx answer within the timeout counts as delivered; anything else is retried about 5 s, 5 min, 30 min, 2 h, 5 h, 8 h and 8 h later (±20%). Deliveries about one order arrive in order. An endpoint that fails every attempt for 24 h is disabled (event `webhook_endpoint.disabled`).',
        body: EndpointBody,
        response: { 201: EndpointWithSecret },
      },
    }, async (request, reply) => {
      const { endpoint, secret } = await createEndpoint(db, actorOf(request.principal), request.body, secretKey(), allowPrivate, deps.clock());
      return reply.code(201).send({ ...endpointView(endpoint), secret });
    });

    app.get('/v1/webhook-endpoints', {
      config: { action: 'read' },
      schema: { tags: ['webhooks'], summary: 'The tenant’s webhook endpoints', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(EndpointView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, ENDPOINT_ID);
      const rows = await listEndpoints(db, request.principal.tenantId, pageOf);
      return page(rows.map(endpointView), pageOf, (e) => [e.id]);
    });

    app.get('/v1/webhook-endpoints/:id', {
      config: { action: 'read' },
      schema: { tags: ['webhooks'], summary: 'One webhook endpoint', params: EndpointId, response: { 200: EndpointView } },
    }, async (request) => {
      const row = await findEndpoint(db, request.principal.tenantId, request.params.id);
      if (!row) throw new DomainError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${request.params.id}.`);
      return endpointView(row);
    });

    app.patch('/v1/webhook-endpoints/:id', {
      config: { action: 'webhooks:write' },
      schema: {
        tags: ['webhooks'],
        summary: 'Change an endpoint’s URL, events or description, or disable / enable it',
        description: 'Enabling a disabled endpoint forgets its failure streak; its waiting deliveries are then sent, in order.',
        params: EndpointId,
        body: EndpointPatch,
        response: { 200: EndpointView },
      },
    }, async (request) => endpointView(await changeEndpoint(db, actorOf(request.principal), request.params.id, request.body, allowPrivate, deps.clock())));

    app.post('/v1/webhook-endpoints/:id/rotate-secret', {
      config: { action: 'webhooks:write' },
      schema: { tags: ['webhooks'], summary: 'Replace the signing secret; for 24 h deliveries are signed with the new and the previous one', params: EndpointId, response: { 200: EndpointWithSecret } },
    }, async (request) => {
      const { endpoint, secret } = await rotateEndpointSecret(db, actorOf(request.principal), request.params.id, secretKey(), deps.clock());
      return { ...endpointView(endpoint), secret };
    });

    app.post('/v1/webhook-endpoints/:id/recover', {
      config: { action: 'webhooks:write' },
      schema: {
        tags: ['webhooks'],
        summary: 'After an outage: send again what failed since a moment, and what the endpoint missed while disabled',
        description: `Failed deliveries of events in [since, until) are queued for one more attempt; events in the range that match the endpoint's event types but have no delivery (they happened while it was disabled, or before it existed) get one. Delivered in order per order. At most ${RECOVER_LIMIT} new deliveries per call: when \`more\` is true, call again with a later \`since\`.`,
        params: EndpointId,
        body: RecoverBody,
        response: { 202: RecoverResult },
      },
    }, async (request, reply) => {
      const now = deps.clock();
      const until = request.body.until ? new Date(request.body.until) : now;
      return reply.code(202).send(await recoverEndpoint(db, actorOf(request.principal), request.params.id, { since: new Date(request.body.since), until }, now));
    });

    app.delete('/v1/webhook-endpoints/:id', {
      config: { action: 'webhooks:write' },
      schema: { tags: ['webhooks'], summary: 'Remove an endpoint and its delivery log', params: EndpointId, response: { 204: Type.Null() } },
    }, async (request, reply) => {
      await removeEndpoint(db, actorOf(request.principal), request.params.id, deps.clock());
      return reply.code(204).send(null);
    });
  };
}
