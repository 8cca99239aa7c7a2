// What a Shopify or WooCommerce order webhook asks for, decided from the signed body alone.
//
// Both platforms sign only the body (HMAC-SHA256 of the raw bytes). The topic header
// (X-Shopify-Topic, X-WC-Webhook-Topic) and the delivery id header ride beside it unsigned, so
// anyone holding one signed body could replay it under any topic, any number of times. Hence:
// - The body decides: an order body is captured, or cancels when it says so itself (Shopify
//   `cancelled_at` / voided / refunded and unfulfilled; WooCommerce `status` cancelled, refunded,
//   failed, trash). The topic only chooses between readings the body supports: a topic that
//   carries no order (products, customers…) is ignored; a topic that contradicts the body
//   (`orders/cancelled` on an order that is not cancelled, a deletion topic on a whole order) is
//   refused, and nothing is applied.
// - A deletion (`orders/delete`, `order.deleted`) has a body of only `{id}`, the same for every
//   deletion of anything with that id at any time: it proves nothing. The flow asks the store
//   when it can, and otherwise only reports it for review.
// - Every order body carries its signed version (Shopify `updated_at`, WooCommerce
//   `date_modified_gmt`); a body older than the newest one applied for that order is stale.
//   Within one second, a cancellation is taken as the later state (stores do not re-open an order
//   in the second it was cancelled), so it is applied over an open body of the same second and an
//   open body of that second does not undo it.

import { createHash } from 'node:crypto';
import { MappingLog, isRecord, readExternalId, readInstant, type ChannelOrderStatus, type MappingProblem, type MappingResult } from './canonical.js';
import { mapShopifyOrder, shopifyOrderId } from './shopify.js';
import { mapWooCommerceOrder } from './woocommerce.js';

export type WebhookPlatform = 'shopify' | 'woocommerce';

export type WebhookReading =
  /** A whole order: captured, or cancelling, as `mapped.status` says. */
  | { kind: 'order'; externalId: string; version: Date; mapped: MappingResult }
  /** `{id}` under the platform's deletion topic: to be checked, never believed. */
  | { kind: 'deletion'; externalId: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'refused'; code: 'CHANNEL_TOPIC_MISMATCH' | 'CHANNEL_PAYLOAD_INVALID'; message: string; problems: MappingProblem[] };

interface PlatformSpec {
  topicHeader: string;
  /** Topics whose body is the platform's whole order. */
  orderTopics: readonly string[];
  deletionTopic: string;
  /** The topic that claims a cancellation, checked against the body. */
  cancelTopic: string | null;
  versionField: string;
  map(payload: unknown, channel: string): MappingResult;
  externalId(log: MappingLog, p: Record<string, unknown>): string | null;
  version(log: MappingLog, p: Record<string, unknown>): string | null;
}

const specs: Record<WebhookPlatform, PlatformSpec> = {
  shopify: {
    topicHeader: 'X-Shopify-Topic',
    orderTopics: ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled', 'orders/fulfilled', 'orders/partially_fulfilled'],
    deletionTopic: 'orders/delete',
    cancelTopic: 'orders/cancelled',
    versionField: 'updated_at',
    map: mapShopifyOrder,
    externalId: shopifyOrderId,
    version: (log, p) => readInstant(log, p['updated_at'], 'updated_at', false),
  },
  woocommerce: {
    topicHeader: 'X-WC-Webhook-Topic',
    orderTopics: ['order.created', 'order.updated', 'order.restored'],
    deletionTopic: 'order.deleted',
    cancelTopic: null,
    versionField: 'date_modified_gmt',
    map: mapWooCommerceOrder,
    externalId: (log, p) => readExternalId(log, p['id'], 'id'),
    // WooCommerce writes its _gmt dates in UTC without an offset.
    version: (log, p) => readInstant(log, p['date_modified_gmt'], 'date_modified_gmt', true),
  },
};

/**
 * Reads a verified webhook body. `topic` is the unsigned topic header (undefined or empty: the
 * body is taken as a whole order, as before topics were read).
 */
export function readChannelWebhook(platform: WebhookPlatform, payload: unknown, topic: string | undefined, channel: string): WebhookReading {
  const spec = specs[platform];
  const idOnly = isRecord(payload) && Object.keys(payload).length === 1 && Object.hasOwn(payload, 'id');
  if (topic) {
    if (topic === spec.deletionTopic) {
      if (!idOnly) return mismatch(`${spec.topicHeader} says ${topic}, but the signed body is a whole order, not the {id} a deletion carries`);
      const log = new MappingLog();
      const externalId = spec.externalId(log, payload);
      return externalId === null ? payloadInvalid(platform, log.problems) : { kind: 'deletion', externalId };
    }
    if (!spec.orderTopics.includes(topic)) return { kind: 'ignored', reason: `${topic} carries no order` };
  }
  const mapped = spec.map(payload, channel);
  if (topic && topic === spec.cancelTopic && mapped.status !== 'cancelled') {
    return mismatch(`${spec.topicHeader} says ${topic}, but the signed order is not cancelled (${mapped.sourceStatus})`);
  }
  if (!isRecord(payload)) return payloadInvalid(platform, mapped.problems);
  const log = new MappingLog();
  const externalId = spec.externalId(log, payload);
  const version = spec.version(log, payload);
  if (version === null && log.problems.length === 0) log.problem(spec.versionField, 'is required: deliveries are applied in the order of this signed timestamp');
  if (externalId === null || version === null) return payloadInvalid(platform, log.problems);
  return { kind: 'order', externalId, version: new Date(version), mapped };
}

function mismatch(message: string): WebhookReading {
  return { kind: 'refused', code: 'CHANNEL_TOPIC_MISMATCH', message: `${message}; the topic header is not signed, so nothing was applied.`, problems: [] };
}

function payloadInvalid(platform: WebhookPlatform, problems: MappingProblem[]): WebhookReading {
  return { kind: 'refused', code: 'CHANNEL_PAYLOAD_INVALID', message: `The ${platform} order could not be read.`, problems };
}

/** What was applied last for one platform order (channel_order_versions). */
export interface AppliedVersion {
  version: Date | null;
  status: ChannelOrderStatus | null;
  deleted: boolean;
}

/** True when the delivery is older than what was applied, so it must change nothing. */
export function isStale(last: AppliedVersion, version: Date, status: ChannelOrderStatus): boolean {
  if (last.deleted) return true;
  if (last.version === null) return false;
  const diff = version.getTime() - last.version.getTime();
  if (diff !== 0) return diff < 0;
  return last.status === 'cancelled' && status !== 'cancelled';
}

/**
 * The key a delivery is remembered by: its id header with the body's digest, so only the same
 * delivery of the same body is a repeat (WooCommerce derives delivery ids from the webhook id and
 * the current second). Undefined without an id header: such deliveries are never deduplicated,
 * only ordered by version.
 */
export function deliveryKey(deliveryId: string | undefined, rawBody: Buffer): string | undefined {
  if (!deliveryId) return undefined;
  const body = createHash('sha256').update(rawBody).digest('hex');
  return createHash('sha256').update(deliveryId).update('\n').update(body).digest('hex');
}

/**
 * WooCommerce's ping when a merchant saves a webhook: an unsigned form-encoded `webhook_id=N`
 * (`WC_Webhook::deliver_ping`); the webhook is saved only if it is answered 200. Only that exact
 * shape is a ping.
 */
export function isWooCommercePing(contentType: string | undefined, rawBody: Buffer): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/x-www-form-urlencoded' && rawBody.length <= 40 && /^webhook_id=\d{1,20}$/.test(rawBody.toString('latin1'));
}
