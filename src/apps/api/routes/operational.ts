import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { sendDatabaseUnavailable } from '../../../platform/http/problem.js';
import { DomainError } from '../../../platform/errors.js';
import { metricsTokenMatches, scrapeMetrics } from '../metrics-endpoint.js';

/** Liveness, readiness and the OpenAPI document: public, no API key. Metrics: only with OMS_METRICS_TOKEN (see metrics-endpoint.ts). */
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
      // Not an API key: the installation's metrics token, checked here.
      config: { action: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        description: 'Served only when OMS_METRICS_TOKEN is set, to `Authorization: Bearer <OMS_METRICS_TOKEN>` (404 METRICS_DISABLED otherwise). OMS_METRICS_LISTEN serves them on an address of their own.',
        produces: ['text/plain'],
        response: { 200: Type.String(), 401: Type.Ref('Problem'), 404: Type.Ref('Problem'), 429: Type.Ref('Problem') },
      },
    }, async (request, reply) => {
      const token = deps.config.metricsToken;
      if (!token) throw new DomainError('METRICS_DISABLED');
      const now = Date.now();
      deps.authFailures.refuseIfLimited(request.ip, now, reply);
      if (!request.headers.authorization) throw new DomainError('AUTH_MISSING', 'Metrics need `Authorization: Bearer <OMS_METRICS_TOKEN>`.');
      if (!metricsTokenMatches(token, request.headers.authorization)) {
        deps.authFailures.recordFailure(request.ip, now);
        throw new DomainError('AUTH_INVALID', 'This is not the metrics token (OMS_METRICS_TOKEN).');
      }
      return reply.type(deps.metrics.registry.contentType).send(await scrapeMetrics(deps.database.db, deps.metrics));
    });

    app.get('/openapi.json', { config: { action: 'public' }, schema: { hide: true } }, async () => app.swagger());
  };
}
