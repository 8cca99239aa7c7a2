import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { sendDatabaseUnavailable } from '../../../platform/http/problem.js';
import { relayBacklog } from '../../../modules/integrations/index.js';

/** Liveness, readiness, metrics and the OpenAPI document: public, no API key. */
export function operationalRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/health', { config: { action: 'public' }, schema: { tags: ['operations'], summary: 'Liveness', security: [], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

    app.get('/ready', {
      config: { action: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database answers',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ready'), database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]) }),
          503: Type.Ref('Problem'),
        },
      },
    }, async (request, reply) => {
      const { database } = deps;
      try {
        await database.ping();
      } catch (error) {
        // Whatever stopped the ping, this process cannot serve: not ready (an outage when it is the connection).
        database.outage.failed(error, request.log);
        return sendDatabaseUnavailable(reply, '/ready');
      }
      database.outage.answered(request.log);
      return reply.send({ status: 'ready' as const, database: database.kind });
    });

    app.get('/metrics', {
      config: { action: 'public' },
      schema: { tags: ['operations'], summary: 'Prometheus metrics (text exposition format)', security: [], produces: ['text/plain'], response: { 200: Type.String() } },
    }, async (_request, reply) => {
      const backlog = await relayBacklog(deps.database.db);
      const gauge = deps.metrics.relayBacklog;
      gauge.set({ queue: 'outbox' }, backlog.outbox);
      gauge.set({ queue: 'deferred' }, backlog.deferred);
      gauge.set({ queue: 'broker' }, backlog.broker);
      gauge.set({ queue: 'webhooks_pending' }, backlog.webhooksPending);
      gauge.set({ queue: 'endpoints_disabled' }, backlog.endpointsDisabled);
      return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    });

    app.get('/openapi.json', { config: { action: 'public' }, schema: { hide: true } }, async () => app.swagger());
  };
}
