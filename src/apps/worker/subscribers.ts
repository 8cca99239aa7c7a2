import { x12OutboundSubscriber } from '../../flows/channels/jobs/x12-outbound.js';
import { channelPushSubscriber } from '../../flows/channels/jobs/channel-pushes.js';
import { notificationSubscriber } from '../../flows/notifications/jobs/notifications.js';
import type { OutboxSubscriber } from '../../platform/outbox/subscribers.js';

/** In-process reactions to events, run by the outbox relay (see src/platform/outbox/subscribers.ts). */
export const subscribers: readonly OutboxSubscriber[] = [
  // A shipment of a trading partner's order → its 856 ship notice (and 810 invoice when enabled).
  x12OutboundSubscriber,
  // A shipment of a Shopify, WooCommerce, Amazon or eBay order → a queued push to that platform (sent by
  // the channel-pushes job); its void → the push dropped if never tried (Shopify: else a queued cancel).
  channelPushSubscriber,
  // An order confirmed, shipped or cancelled → a message to its customer, queued for the notifications job (ADR 0033).
  notificationSubscriber,
];
