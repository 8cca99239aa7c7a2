import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { parseJsonBody } from '../../platform/http/json-body.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import {
  channelSecret,
  claimWebhookDelivery,
  deliveryKey,
  findChannelById,
  isStale,
  isWooCommercePing,
  lockOrderVersion,
  lookUpWooCommerceOrder,
  readChannelWebhook,
  saveOrderVersion,
  settleWebhookDelivery,
  verifyShopifyHmac,
  verifyWooCommerceSignature,
  wooCommerceConnection,
  type ChannelRow,
  type WebhookPlatform,
  type WebhookReading,
} from '../../modules/channels/index.js';
import { findOrderByExternalId, isCancellable } from '../../modules/orders/index.js';
import { cancelOrder } from '../orders/cancel-order.js';
import { placeOrder, type CanonicalOrder } from '../capture/place-order.js';

export type Platform = WebhookPlatform;

const platforms = {
  shopify: { signature: 'x-shopify-hmac-sha256', topic: 'x-shopify-topic', deliveryId: 'x-shopify-webhook-id', verify: verifyShopifyHmac },
  woocommerce: { signature: 'x-wc-webhook-signature', topic: 'x-wc-webhook-topic', deliveryId: 'x-wc-webhook-delivery-id', verify: verifyWooCommerceSignature },
} as const;

export type WebhookOutcome = 'created' | 'duplicate' | 'cancelled' | 'ignored' | 'stale' | 'review' | 'ping';

export interface WebhookAnswer {
  outcome: WebhookOutcome;
  order_id: string | null;
  unmapped: { field: string; reason: string }[];
}

export interface WebhookOptions {
  secretKey: Buffer;
  /** Whether the store's REST API may be plain http or a private address (OMS_OUTBOUND_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  fetch?: typeof fetch;
}

type Headers = Record<string, string | string[] | undefined>;

/** What the delivery comes down to once the store has been asked (deletions only). */
type Action =
  /** `fromStore`: the store's own answer to a deletion, which may cancel but never creates an order. */
  | { kind: 'order'; reading: Extract<WebhookReading, { kind: 'order' }>; fromStore: boolean }
  | { kind: 'gone'; externalId: string }
  | { kind: 'unverified'; externalId: string; reason: string };

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const signatureInvalid = () => new DomainError('CHANNEL_SIGNATURE_INVALID', 'The signature does not match this channel’s secret.');

/**
 * POST /v1/channels/{id}/webhooks/{shopify|woocommerce}: the channel id names the tenant; the
 * platform's HMAC over the raw body, with the channel's sealed secret, is the authentication
 * (401, nothing read, otherwise). The signed body decides everything (domain/webhook-delivery.ts):
 * a new order is captured like any other; a body that says the order is cancelled cancels what has
 * not shipped; a deletion is checked with the store or flagged for review. In one transaction, the
 * delivery id is claimed (a redelivery answers `duplicate`) and the order's signed version is
 * compared with the newest applied (an older body answers `stale`); either changes nothing. Every
 * field the order could not carry is listed in the answer and on the order's timeline.
 */
export async function receiveChannelWebhook(db: Db, channelId: string, platform: Platform, rawBody: Buffer, headers: Headers, now: Date, options: WebhookOptions): Promise<WebhookAnswer> {
  const spec = platforms[platform];
  const channel = await findChannelById(db, channelId);
  const mediaType = header(headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    if (platform !== 'woocommerce' || !isWooCommercePing(header(headers, 'content-type'), rawBody)) {
      throw new DomainError('REQUEST_UNSUPPORTED_MEDIA_TYPE', 'Webhooks are JSON; the only other body taken is WooCommerce’s form-encoded ping (webhook_id=N).');
    }
    // Unsigned, so it may create nothing: it only tells WooCommerce the URL is right.
    if (channel?.active !== true || channel.type !== 'woocommerce') throw signatureInvalid();
    return { outcome: 'ping', order_id: null, unmapped: [] };
  }
  const secret = channel?.active ? channelSecret(channel, options.secretKey) : undefined;
  if (!channel || !secret || !spec.verify(rawBody, header(headers, spec.signature), secret)) throw signatureInvalid();
  if (channel.type !== platform) throw new DomainError('CHANNEL_TYPE_MISMATCH', `Channel ${channel.id} is a ${channel.type} channel.`);

  // NUL, lone surrogates and invalid UTF-8 are refused here, before anything could be stored.
  const payload = parseJsonBody(rawBody);
  const reading = readChannelWebhook(platform, payload, header(headers, spec.topic), channel.id);
  if (reading.kind === 'refused') throw new DomainError(reading.code, reading.message, reading.problems);
  if (reading.kind === 'ignored') return { outcome: 'ignored', order_id: null, unmapped: [] };
  // Asking the store is a network call: made before the transaction opens.
  const action: Action = reading.kind === 'order' ? { kind: 'order', reading, fromStore: false } : await checkDeletion(channel, platform, reading.externalId, options);
  const unmapped = action.kind === 'order' ? action.reading.mapped.unmapped.map((u) => ({ field: u.field, reason: u.reason })) : [];
  const actor: Actor = { tenantId: channel.tenantId, actorId: `channel:${channel.id}` };
  const key = deliveryKey(header(headers, spec.deliveryId), rawBody);

  return inTransaction(db, async (tx) => {
    if (key) {
      const earlier = await claimWebhookDelivery(tx, channel.tenantId, channel.id, key, now);
      if (earlier) return { outcome: 'duplicate', order_id: earlier.orderId, unmapped };
    }
    const answer = { ...(await apply(tx, actor, channel, platform, action, now)), unmapped };
    if (key) await settleWebhookDelivery(tx, channel.tenantId, channel.id, key, answer.outcome, answer.order_id);
    return answer;
  });
}

/**
 * A deletion's body is only `{id}`: a WooCommerce channel that can ask its store does, and acts on
 * the store's answer; otherwise the deletion is only reported.
 */
async function checkDeletion(channel: ChannelRow, platform: Platform, externalId: string, options: WebhookOptions): Promise<Action> {
  if (platform !== 'woocommerce') return { kind: 'unverified', externalId, reason: 'Shopify’s orders/delete carries only the order id, which proves nothing by itself' };
  const conn = wooCommerceConnection(channel, options.secretKey);
  if ('missing' in conn) return { kind: 'unverified', externalId, reason: conn.missing };
  const found = await lookUpWooCommerceOrder(conn, externalId, { allowPrivate: options.allowPrivate, ...(options.fetch ? { fetch: options.fetch } : {}) });
  if (found.kind === 'gone') return { kind: 'gone', externalId };
  if (found.kind === 'unknown') return { kind: 'unverified', externalId, reason: found.reason };
  const current = readChannelWebhook('woocommerce', found.order, undefined, channel.id);
  if (current.kind !== 'order') return { kind: 'unverified', externalId, reason: 'the store’s order could not be read' };
  return { kind: 'order', reading: current, fromStore: true };
}

async function apply(tx: Db, actor: Actor, channel: ChannelRow, platform: Platform, action: Action, now: Date): Promise<Omit<WebhookAnswer, 'unmapped'>> {
  const externalId = action.kind === 'order' ? action.reading.externalId : action.externalId;
  // Locked first: deliveries for one platform order are decided one after the other.
  const last = await lockOrderVersion(tx, channel.tenantId, channel.id, externalId, now);
  const existing = await findOrderByExternalId(tx, channel.tenantId, channel.id, externalId);
  const cancel = async (reason: string): Promise<Omit<WebhookAnswer, 'unmapped'>> => {
    if (!existing || !isCancellable(existing.status)) return { outcome: 'ignored', order_id: existing?.id ?? null };
    return { outcome: 'cancelled', order_id: (await cancelOrder(tx, actor, existing.id, { reason }, now)).id };
  };

  if (action.kind === 'unverified') {
    if (!existing) return { outcome: 'ignored', order_id: null };
    if (!last.deletionReportedAt) {
      const data = { channel_id: channel.id, platform, external_id: action.externalId, reason: `${action.reason}; nothing was cancelled: check the order in the store and cancel it here if it is gone` };
      await appendEvents(tx, actor, now, [{ type: 'order.channel_deletion_reported', aggregateType: 'order', aggregateId: existing.id, data }]);
      await saveOrderVersion(tx, { ...last, deletionReportedAt: now, updatedAt: now });
    }
    return { outcome: 'review', order_id: existing.id };
  }
  if (action.kind === 'gone') {
    if (last.deleted) return { outcome: 'duplicate', order_id: existing?.id ?? null };
    const answer = await cancel(`deleted in ${platform} (the store’s REST API has no order ${action.externalId})`);
    await saveOrderVersion(tx, { ...last, deleted: true, updatedAt: now });
    return answer;
  }

  const { version, mapped } = action.reading;
  if (isStale(last, version, mapped.status)) return { outcome: 'stale', order_id: existing?.id ?? null };
  let answer: Omit<WebhookAnswer, 'unmapped'>;
  if (mapped.status === 'cancelled') {
    answer = await cancel(`cancelled in ${platform} (${mapped.sourceStatus}${action.fromStore ? ', read from the store’s REST API after an order.deleted webhook' : ''})`);
  } else if (action.fromStore) {
    answer = { outcome: 'ignored', order_id: existing?.id ?? null };
  } else {
    if (!mapped.order) throw new DomainError('CHANNEL_PAYLOAD_INVALID', `The ${platform} order could not be read.`, mapped.problems);
    const result = await placeOrder(tx, actor, mapped.order as CanonicalOrder, now);
    answer = { outcome: result.statusCode === 201 ? 'created' : 'duplicate', order_id: result.body.id };
  }
  await saveOrderVersion(tx, { ...last, version, status: mapped.status, updatedAt: now });
  return answer;
}
