import { x12OutboundSubscriber } from '../../flows/x12-outbound.js';
import { shopifyFulfillmentSubscriber } from '../../flows/shopify-fulfillment-push.js';
import type { OutboxSubscriber } from '../../platform/outbox/subscribers.js';

/** In-process reactions to events, run by the outbox relay (see src/platform/outbox/subscribers.ts). */
export const subscribers: readonly OutboxSubscriber[] = [
  // A shipment of a trading partner's order → its 856 ship notice (and 810 invoice when enabled).
  x12OutboundSubscriber,
  // A shipment of a Shopify order → a queued fulfillment push (sent by the shopify-fulfillment-push job);
  // its void → the push dropped if never tried, else a queued cancel of the fulfillment (same job).
  shopifyFulfillmentSubscriber,
];
