import { Type } from '@fastify/type-provider-typebox';
import { PageQuery } from '../../../platform/http/pagination.js';
import { Instant, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from '../db/webhooks.queries.js';
import { EVENT_PATTERN } from '../domain/event-types.js';

/** Request and response schemas of /v1/webhook-endpoints and /v1/webhook-deliveries, and their views. */

export const ENDPOINT_ID = /^whe_[0-9a-z]{26}$/;
export const DELIVERY_ID = /^whd_[0-9a-z]{26}$/;
export const EndpointId = Type.Object({ id: Type.String({ pattern: ENDPOINT_ID.source }) });
export const DeliveryId = Type.Object({ id: Type.String({ pattern: DELIVERY_ID.source }) });
const EventPatterns = Type.Array(Type.String({ pattern: EVENT_PATTERN, maxLength: 100 }), {
  minItems: 1,
  maxItems: 100,
  description: 'Event types to receive: `order.created`, a family `order.*`, or `*` for all',
});

export const EndpointView = Type.Object({
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
export const EndpointWithSecret = Type.Object({ ...EndpointView.properties, secret: Type.String({ description: 'The `whsec_…` signing secret; shown only in this answer' }) });

const AttemptView = Type.Object({
  n: Type.Integer(),
  at: Timestamp,
  status_code: nullable(Type.Integer()),
  duration_ms: Type.Integer(),
  error: nullable(Type.String()),
  response_body: nullable(Type.String({ description: 'The first KiB of the receiver’s answer' })),
});
export const DeliveryView = Type.Object({
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
export const DeliveryDetail = Type.Object({ ...DeliveryView.properties, attempt_log: Type.Array(AttemptView) });

/** A webhook endpoint as the API shows it (never its secret). */
export function endpointView(e: WebhookEndpointRow) {
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

export function deliveryView(d: WebhookDeliveryRow) {
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

export function attemptView(a: WebhookAttemptRow) {
  return { n: a.n, at: a.at.toISOString(), status_code: a.statusCode, duration_ms: a.durationMs, error: a.error, response_body: a.responseBody };
}

export const EndpointBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'https URL (plain http and private addresses only when OMS_OUTBOUND_ALLOW_PRIVATE=1)' }),
    events: EventPatterns,
    secret: Type.Optional(Type.String({ maxLength: 200, description: 'Bring your own `whsec_…` secret (24–64 bytes, base64); otherwise one is made' })),
    description: Type.Optional(text(500)),
  },
  { additionalProperties: false },
);

export const EndpointPatch = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    events: Type.Optional(EventPatterns),
    description: Type.Optional(nullable(text(500))),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RecoverBody = Type.Object({ since: Instant, until: Type.Optional(Instant) }, { additionalProperties: false });
export const RecoverResult = Type.Object({ requeued: Type.Integer({ description: 'Failed deliveries queued again' }), created: Type.Integer({ description: 'Missed events now queued' }), more: Type.Boolean() });

export const DeliveryQuery = Type.Object(
  {
    ...PageQuery,
    endpoint_id: Type.Optional(Type.String({ pattern: ENDPOINT_ID.source })),
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')])),
    event_type: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
