/** integrations: events out — the outbox relay, webhooks (Standard Webhooks), the message broker (NATS JetStream). See README.md. */
export { relayOutbox, orderingKeyOf, type RelayOptions } from './use-cases/relay.js';
export { publishToBroker, BROKER_LEASE_MS } from './use-cases/broker.js';
export { deliverWebhooks, pruneDeliveries, webhookPayload, signedHeaders, WEBHOOK_ACTOR, type DeliveryOptions } from './use-cases/deliver-webhooks.js';
export { createEndpoint, changeEndpoint, rotateEndpointSecret, removeEndpoint, retryDelivery, recoverEndpoint, RECOVER_LIMIT, type EndpointInput } from './use-cases/endpoints.js';
export { findEndpoint, listEndpoints, findDelivery, listDeliveries, listAttempts, type WebhookEndpointRow, type WebhookDeliveryRow, type WebhookAttemptRow } from './db/webhooks.queries.js';
export { relayBacklog, type RelayBacklog } from './db/relay.queries.js';
export type { DeliveryStatus } from './db/schema.js';
export { connectNats, type NatsOptions } from './broker/nats.js';
export { subjectOf, brokerMessageOf, type BrokerPublisher } from './broker/publisher.js';
export { EVENT_PATTERN, matchesEventType } from './domain/event-types.js';
export { MAX_ATTEMPTS, RETRY_DELAYS_MS, nextRetryDelayMs, DISABLE_AFTER_MS } from './domain/retry-schedule.js';
export * from './domain/accounting/index.js';
export {
  attemptView,
  DELIVERY_ID,
  DeliveryDetail,
  DeliveryId,
  DeliveryQuery,
  DeliveryView,
  deliveryView,
  ENDPOINT_ID,
  EndpointBody,
  EndpointId,
  EndpointPatch,
  EndpointView,
  endpointView,
  EndpointWithSecret,
  RecoverBody,
  RecoverResult,
} from './http/schemas.js';
