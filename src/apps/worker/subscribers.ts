import { x12OutboundSubscriber } from '../../flows/channels/jobs/x12-outbound.js';
import { channelPushSubscriber } from '../../flows/channels/jobs/channel-pushes.js';
import { automationSubscriber } from '../../flows/automations/steps/run-rules.js';
import type { OutboxSubscriber } from '../../platform/outbox/subscribers.js';

/** In-process reactions to events, run by the outbox relay (see src/platform/outbox/subscribers.ts). */
export const subscribers: readonly OutboxSubscriber[] = [
  // A shipment of a trading partner's order → its 856 ship notice (and 810 invoice when enabled).
  x12OutboundSubscriber,
  // A shipment of a Shopify, WooCommerce, Amazon or eBay order → a queued push to that platform (sent by
  // the channel-pushes job); its void → the push dropped if never tried (Shopify: else a queued cancel).
  channelPushSubscriber,
  // Automation rules (ADR 0038): an order's event → its rules' runs; the default rules queue the customer
  // messages for the notifications job (ADR 0033), a tenant's own rules tag, hold, call webhooks, wait.
  automationSubscriber,
];
