import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { sealSecret } from '../../../platform/kernel/secret-box.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { deleteEndpoint, findDelivery, findEndpoint, insertEndpoint, recoverDeliveries, requeueDelivery, updateEndpoint, type WebhookDeliveryRow, type WebhookEndpointRow } from '../db/webhooks.queries.js';
import { isEventPattern } from '../domain/event-types.js';
import { MAX_ATTEMPTS } from '../domain/retry-schedule.js';
import { newWebhookSecret, webhookSecretProblem } from '../domain/webhook-secret.js';
import { outboundUrlProblem } from '../../../platform/http/outbound-url.js';

export interface EndpointInput {
  url?: string | undefined;
  events?: string[] | undefined;
  secret?: string | undefined;
  description?: string | null | undefined;
  enabled?: boolean | undefined;
}

function check(input: EndpointInput, allowPrivate: boolean): void {
  const errors: FieldError[] = [];
  if (input.url !== undefined) {
    const problem = outboundUrlProblem(input.url, allowPrivate);
    if (problem) errors.push({ field: 'url', message: problem });
  }
  input.events?.forEach((e, i) => {
    if (!isEventPattern(e)) errors.push({ field: `events[${i}]`, message: 'must be an event type such as order.created, a family such as order.*, or *' });
  });
  if (input.secret !== undefined) {
    const problem = webhookSecretProblem(input.secret);
    if (problem) errors.push({ field: 'secret', message: problem });
  }
  if (errors.length > 0) throw new DomainError('WEBHOOK_ENDPOINT_INVALID', 'The webhook endpoint has invalid fields.', errors);
}

/** POST /v1/webhook-endpoints: answers the row and its signing secret in clear (shown once). */
export async function createEndpoint(db: Db, actor: Actor, input: EndpointInput & { url: string; events: string[] }, secretKey: Buffer, allowPrivate: boolean, now: Date): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  return inTransaction(db, async (tx) => {
    check(input, allowPrivate);
    const secret = input.secret ?? newWebhookSecret();
    const endpoint: WebhookEndpointRow = {
      tenantId: actor.tenantId,
      id: newId('whe'),
      url: input.url,
      description: input.description ?? null,
      eventTypes: [...new Set(input.events)],
      secretSealed: sealSecret(secret, secretKey),
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
      enabled: true,
      disabledReason: null,
      failingSince: null,
      consecutiveFailures: 0,
      createdAt: now,
      updatedAt: now,
    };
    await insertEndpoint(tx, endpoint);
    await appendEvents(tx, actor, now, [{ type: 'webhook_endpoint.created', aggregateType: 'webhook_endpoint', aggregateId: endpoint.id, data: { url: endpoint.url, events: endpoint.eventTypes } }]);
    return { endpoint, secret };
  });
}

/** PATCH: url, events, description, enabled. Enabling again forgets the failure streak. */
export async function changeEndpoint(db: Db, actor: Actor, id: string, input: EndpointInput, allowPrivate: boolean, now: Date): Promise<WebhookEndpointRow> {
  return inTransaction(db, async (tx) => {
    check(input, allowPrivate);
    const before = await findEndpoint(tx, actor.tenantId, id);
    if (!before) throw new DomainError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${id}.`);
    const reEnabled = input.enabled === true && !before.enabled;
    const row = await updateEndpoint(tx, actor.tenantId, id, {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { eventTypes: [...new Set(input.events)] } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled, disabledReason: input.enabled ? null : 'disabled by a user' } : {}),
      ...(reEnabled ? { failingSince: null, consecutiveFailures: 0 } : {}),
      updatedAt: now,
    });
    if (!row) throw new DomainError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${id}.`);
    const type = input.enabled === undefined || input.enabled === before.enabled ? 'webhook_endpoint.updated' : input.enabled ? 'webhook_endpoint.enabled' : 'webhook_endpoint.disabled';
    await appendEvents(tx, actor, now, [{ type, aggregateType: 'webhook_endpoint', aggregateId: id, data: { url: row.url, events: row.eventTypes, enabled: row.enabled } }]);
    return row;
  });
}

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/**
 * A new signing secret, answered once. For ROTATION_OVERLAP_MS the previous one signs too (two
 * signatures in `webhook-signature`), so the receiver can switch to the new secret at its pace.
 */
export async function rotateEndpointSecret(db: Db, actor: Actor, id: string, secretKey: Buffer, now: Date): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  return inTransaction(db, async (tx) => {
    const before = await findEndpoint(tx, actor.tenantId, id);
    if (!before) throw new DomainError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${id}.`);
    const secret = newWebhookSecret();
    const expires = new Date(now.getTime() + ROTATION_OVERLAP_MS);
    const endpoint = await updateEndpoint(tx, actor.tenantId, id, { secretSealed: sealSecret(secret, secretKey), previousSecretSealed: before.secretSealed, previousSecretExpiresAt: expires, updatedAt: now });
    if (!endpoint) throw new DomainError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${id}.`);
    await appendEvents(tx, actor, now, [{ type: 'webhook_endpoint.secret_rotated', aggregateType: 'webhook_endpoint', aggregateId: id, data: { previous_secret_signs_until: expires.toISOString() } }]);
    return { endpoint, secret };
  });
}

/** Removes the endpoint with its delivery log. */
export async function removeEndpoint(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  return inTransaction(db, async (tx) => {
    if (!(await deleteEndpoint(tx, actor.tenantId, id))) throw new DomainError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${id}.`);
    await appendEvents(tx, actor, now, [{ type: 'webhook_endpoint.deleted', aggregateType: 'webhook_endpoint', aggregateId: id, data: {} }]);
  });
}

/** POST /v1/webhook-deliveries/{id}/retry: one more attempt now. */
export async function retryDelivery(db: Db, actor: Actor, id: string, now: Date): Promise<WebhookDeliveryRow> {
  return inTransaction(db, async (tx) => {
    const delivery = await findDelivery(tx, actor.tenantId, id);
    if (!delivery) throw new DomainError('WEBHOOK_DELIVERY_NOT_FOUND', `No webhook delivery ${id}.`);
    const endpoint = await findEndpoint(tx, actor.tenantId, delivery.endpointId);
    if (!endpoint?.enabled) throw new DomainError('WEBHOOK_ENDPOINT_DISABLED', `Webhook endpoint ${delivery.endpointId} is disabled${endpoint?.disabledReason ? `: ${endpoint.disabledReason}` : ''}.`);
    const row = await requeueDelivery(tx, actor.tenantId, id, now);
    if (!row) throw new DomainError('WEBHOOK_DELIVERY_IN_FLIGHT', `Delivery ${id} is being sent right now.`);
    await appendEvents(tx, actor, now, [{ type: 'webhook_delivery.retry_requested', aggregateType: 'webhook_endpoint', aggregateId: delivery.endpointId, data: { delivery_id: id, event_id: delivery.eventId } }]);
    return row;
  });
}

export const RECOVER_LIMIT = 10_000;

/**
 * POST /v1/webhook-endpoints/{id}/recover: after an outage, failed deliveries of events since
 * `since` are sent once more and events the endpoint missed (while disabled) are queued, in order.
 * At most RECOVER_LIMIT new deliveries per call: `more` says to call again with a later `since`.
 */
export async function recoverEndpoint(db: Db, actor: Actor, id: string, range: { since: Date; until: Date }, now: Date): Promise<{ requeued: number; created: number; more: boolean }> {
  return inTransaction(db, async (tx) => {
    const endpoint = await findEndpoint(tx, actor.tenantId, id);
    if (!endpoint) throw new DomainError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${id}.`);
    if (!endpoint.enabled) throw new DomainError('WEBHOOK_ENDPOINT_DISABLED', `Webhook endpoint ${id} is disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ''}.`);
    if (range.since.getTime() >= range.until.getTime()) throw new DomainError('REQUEST_INVALID', 'The range is empty.', [{ field: 'since', message: 'must be before until (default: now)' }]);
    const result = await recoverDeliveries(tx, endpoint, range, () => newId('whd'), MAX_ATTEMPTS, now, RECOVER_LIMIT);
    await appendEvents(tx, actor, now, [{ type: 'webhook_endpoint.recovered', aggregateType: 'webhook_endpoint', aggregateId: id, data: { since: range.since.toISOString(), until: range.until.toISOString(), ...result } }]);
    return result;
  });
}
