/** integrations: events out — the outbox relay, webhooks (Standard Webhooks), the message broker (NATS JetStream). See README.md. */
export { relayOutbox } from './use-cases/relay.js';
export { publishToBroker } from './use-cases/broker.js';
export { deliverWebhooks, pruneDeliveries } from './use-cases/deliver-webhooks.js';
export { createEndpoint, changeEndpoint, rotateEndpointSecret, removeEndpoint, retryDelivery, recoverEndpoint, RECOVER_LIMIT } from './use-cases/endpoints.js';
export { findEndpoint, listEndpoints, findDelivery, listDeliveries, listAttempts, type WebhookEndpointRow, type WebhookDeliveryRow, type WebhookAttemptRow } from './db/webhooks.queries.js';
export { relayBacklog } from './db/relay.queries.js';
export { connectNats } from './broker/nats.js';
export { type BrokerPublisher } from './broker/publisher.js';
export { EVENT_PATTERN } from './domain/event-types.js';
export {
  accountingDocuments,
  defaultAccountCodes,
  utcDayBounds,
  toQboInvoice,
  toQboCreditMemo,
  xeroBodies,
  journalOf,
  journalCsv,
  type AccountCodes,
  type AccountingDocument,
  type Skipped,
  type SourceOrder,
  type SourceShipment,
} from './domain/accounting/index.js';
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
