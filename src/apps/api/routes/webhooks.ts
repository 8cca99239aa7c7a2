import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Instant, listOf, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import {
  changeEndpoint,
  createEndpoint,
  EVENT_PATTERN,
  findDelivery,
  findEndpoint,
  listAttempts,
  listDeliveries,
  listEndpoints,
  RECOVER_LIMIT,
  recoverEndpoint,
  removeEndpoint,
  retryDelivery,
  rotateEndpointSecret,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from '../../../modules/integrations/index.js';

const ENDPOINT_ID = /^whe_[0-9a-z]{26}$/;
const DELIVERY_ID = /^whd_[0-9a-z]{26}$/;
const EndpointId = Type.Object({ id: Type.String({ pattern: ENDPOINT_ID.source }) });
const DeliveryId = Type.Object({ id: Type.String({ pattern: DELIVERY_ID.source }) });
const EventPatterns = Type.Array(Type.String({ pattern: EVENT_PATTERN, maxLength: 100 }), {
  minItems: 1,
  maxItems: 100,
  description: 'Event types to receive: `order.created`, a family `order.*`, or `*` for all',
});

const EndpointView = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: nullable(Type.String()),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabled_reason: nullable(Type.String()),
  failing_since: nullable(Timestamp),
  consecutive_failures: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
const EndpointWithSecret = Type.Object({ ...EndpointView.properties, secret: Type.String({ description: 'The `whsec_…` signing secret; shown only in this answer' }) });

const AttemptView = Type.Object({
  n: Type.Integer(),
  at: Timestamp,
  status_code: nullable(Type.Integer()),
  duration_ms: Type.Integer(),
  error: nullable(Type.String()),
  response_body: nullable(Type.String({ description: 'The first KiB of the receiver’s answer' })),
});
const DeliveryView = Type.Object({
  id: Type.String(),
  endpoint_id: Type.String(),
  event_id: Type.String({ description: 'Also the `webhook-id` header: the same on every attempt' }),
  event_type: Type.String(),
  ordering_key: Type.String({ description: 'Deliveries with the same key (the order) reach an endpoint in event order' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  next_attempt_at: nullable(Timestamp),
  last_status_code: nullable(Type.Integer()),
  last_error: nullable(Type.String()),
  created_at: Timestamp,
  delivered_at: nullable(Timestamp),
});
const DeliveryDetail = Type.Object({ ...DeliveryView.properties, attempt_log: Type.Array(AttemptView) });

function endpointView(e: WebhookEndpointRow) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.eventTypes,
    enabled: e.enabled,
    disabled_reason: e.disabledReason,
    failing_since: e.failingSince?.toISOString() ?? null,
    consecutive_failures: e.consecutiveFailures,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}

function deliveryView(d: WebhookDeliveryRow) {
  return {
    id: d.id,
    endpoint_id: d.endpointId,
    event_id: d.eventId,
    event_type: d.eventType,
    ordering_key: d.orderingKey,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    created_at: d.createdAt.toISOString(),
    delivered_at: d.deliveredAt?.toISOString() ?? null,
  };
}

function attemptView(a: WebhookAttemptRow) {
  return { n: a.n, at: a.at.toISOString(), status_code: a.statusCode, duration_ms: a.durationMs, error: a.error, response_body: a.responseBody };
}

const notFound = (id: string) => new DomainError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${id}.`);

/** Outbound webhooks: endpoints (admin: webhooks:write), their delivery log and replay. */
export function webhookRoutes(deps: AppDeps): FastifyPluginAsync {
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
        body: Type.Object(
          {
            url: Type.String({ minLength: 1, maxLength: 2000, description: 'https URL (plain http and private addresses only when OMS_OUTBOUND_ALLOW_PRIVATE=1)' }),
            events: EventPatterns,
            secret: Type.Optional(Type.String({ maxLength: 200, description: 'Bring your own `whsec_…` secret (24–64 bytes, base64); otherwise one is made' })),
            description: Type.Optional(text(500)),
          },
          { additionalProperties: false },
        ),
        response: { 201: EndpointWithSecret },
      },
    }, async (request, reply) => {
      const { endpoint, secret } = await inTransaction(db, (tx) => createEndpoint(tx, actorOf(request.principal), request.body, secretKey(), allowPrivate, deps.clock()));
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
      if (!row) throw notFound(request.params.id);
      return endpointView(row);
    });

    app.patch('/v1/webhook-endpoints/:id', {
      config: { action: 'webhooks:write' },
      schema: {
        tags: ['webhooks'],
        summary: 'Change an endpoint’s URL, events or description, or disable / enable it',
        description: 'Enabling a disabled endpoint forgets its failure streak; its waiting deliveries are then sent, in order.',
        params: EndpointId,
        body: Type.Object(
          {
            url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
            events: Type.Optional(EventPatterns),
            description: Type.Optional(nullable(text(500))),
            enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: EndpointView },
      },
    }, async (request) => {
      const row = await inTransaction(db, (tx) => changeEndpoint(tx, actorOf(request.principal), request.params.id, request.body, allowPrivate, deps.clock()));
      return endpointView(row);
    });

    app.post('/v1/webhook-endpoints/:id/rotate-secret', {
      config: { action: 'webhooks:write' },
      schema: { tags: ['webhooks'], summary: 'Replace the signing secret; for 24 h deliveries are signed with the new and the previous one', params: EndpointId, response: { 200: EndpointWithSecret } },
    }, async (request) => {
      const { endpoint, secret } = await inTransaction(db, (tx) => rotateEndpointSecret(tx, actorOf(request.principal), request.params.id, secretKey(), deps.clock()));
      return { ...endpointView(endpoint), secret };
    });

    app.post('/v1/webhook-endpoints/:id/recover', {
      config: { action: 'webhooks:write' },
      schema: {
        tags: ['webhooks'],
        summary: 'After an outage: send again what failed since a moment, and what the endpoint missed while disabled',
        description: `Failed deliveries of events in [since, until) are queued for one more attempt; events in the range that match the endpoint's event types but have no delivery (they happened while it was disabled, or before it existed) get one. Delivered in order per order. At most ${RECOVER_LIMIT} new deliveries per call: when \`more\` is true, call again with a later \`since\`.`,
        params: EndpointId,
        body: Type.Object({ since: Instant, until: Type.Optional(Instant) }, { additionalProperties: false }),
        response: { 202: Type.Object({ requeued: Type.Integer({ description: 'Failed deliveries queued again' }), created: Type.Integer({ description: 'Missed events now queued' }), more: Type.Boolean() }) },
      },
    }, async (request, reply) => {
      const now = deps.clock();
      const until = request.body.until ? new Date(request.body.until) : now;
      const result = await inTransaction(db, (tx) => recoverEndpoint(tx, actorOf(request.principal), request.params.id, { since: new Date(request.body.since), until }, now));
      return reply.code(202).send(result);
    });

    app.delete('/v1/webhook-endpoints/:id', {
      config: { action: 'webhooks:write' },
      schema: { tags: ['webhooks'], summary: 'Remove an endpoint and its delivery log', params: EndpointId, response: { 204: Type.Null() } },
    }, async (request, reply) => {
      await inTransaction(db, (tx) => removeEndpoint(tx, actorOf(request.principal), request.params.id, deps.clock()));
      return reply.code(204).send(null);
    });

    app.get('/v1/webhook-deliveries', {
      config: { action: 'read' },
      schema: {
        tags: ['webhooks'],
        summary: 'The delivery log, newest first',
        querystring: Type.Object(
          {
            ...PageQuery,
            endpoint_id: Type.Optional(Type.String({ pattern: ENDPOINT_ID.source })),
            status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')])),
            event_type: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(DeliveryView) },
      },
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
    }, async (request, reply) => {
      const row = await inTransaction(db, (tx) => retryDelivery(tx, actorOf(request.principal), request.params.id, deps.clock()));
      return reply.code(202).send(deliveryView(row));
    });
  };
}
