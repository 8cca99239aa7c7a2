import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { listOf } from '../../../platform/http/schemas.js';
import { attemptView, DELIVERY_ID, DeliveryDetail, DeliveryId, DeliveryQuery, DeliveryView, deliveryView, findDelivery, listAttempts, listDeliveries, retryDelivery } from '../../../modules/integrations/index.js';

/** /v1/webhook-deliveries: the outbound webhook delivery log and replay. */
export function webhookDeliveryRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/webhook-deliveries', {
      config: { action: 'read' },
      schema: { tags: ['webhooks'], summary: 'The delivery log, newest first', querystring: DeliveryQuery, response: { 200: listOf(DeliveryView) } },
    }, async (request) => {
      const { endpoint_id, status, event_type } = request.query;
      const pageOf = pageRequest(request.query, DELIVERY_ID);
      const rows = await listDeliveries(db, request.principal.tenantId, { endpointId: endpoint_id, status, eventType: event_type }, pageOf);
      return page(rows.map(deliveryView), pageOf, (d) => [d.id]);
    });

    app.get('/v1/webhook-deliveries/:id', {
      config: { action: 'read' },
      schema: { tags: ['webhooks'], summary: 'One delivery with every attempt', params: DeliveryId, response: { 200: DeliveryDetail } },
    }, async (request) => {
      const row = await findDelivery(db, request.principal.tenantId, request.params.id);
      if (!row) throw new DomainError('WEBHOOK_DELIVERY_NOT_FOUND', `No webhook delivery ${request.params.id}.`);
      const attempts = await listAttempts(db, request.principal.tenantId, row.id);
      return { ...deliveryView(row), attempt_log: attempts.map(attemptView) };
    });

    app.post('/v1/webhook-deliveries/:id/retry', {
      config: { action: 'webhooks:write' },
      schema: {
        tags: ['webhooks'],
        summary: 'Send a delivery once more, now (replay)',
        description: 'Works for delivered, failed and waiting deliveries; 409 while an attempt is in flight or the endpoint is disabled.',
        params: DeliveryId,
        response: { 202: DeliveryView },
      },
    }, async (request, reply) => reply.code(202).send(deliveryView(await retryDelivery(db, actorOf(request.principal), request.params.id, deps.clock()))));
  };
}
