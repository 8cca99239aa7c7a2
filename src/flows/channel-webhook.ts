import type { Db } from '../platform/db/database.js';
import { DomainError } from '../platform/errors.js';
import type { Actor } from '../platform/outbox/events.js';
import { channelSecret, findChannelById, mapShopifyOrder, mapWooCommerceOrder, verifyShopifyHmac, verifyWooCommerceSignature, type MappingResult } from '../modules/channels/index.js';
import { findOrderByExternalId, isCancellable } from '../modules/orders/index.js';
import { cancelOrder } from './cancel-order.js';
import { placeOrder, type CanonicalOrder } from './place-order.js';

export type Platform = 'shopify' | 'woocommerce';

const platforms = {
  shopify: { signature: 'x-shopify-hmac-sha256', topic: 'x-shopify-topic', verify: verifyShopifyHmac, map: mapShopifyOrder },
  woocommerce: { signature: 'x-wc-webhook-signature', topic: 'x-wc-webhook-topic', verify: verifyWooCommerceSignature, map: mapWooCommerceOrder },
} as const;

export interface WebhookAnswer {
  outcome: 'created' | 'duplicate' | 'cancelled' | 'ignored';
  order_id: string | null;
  unmapped: { field: string; reason: string }[];
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * POST /v1/channels/{id}/webhooks/{shopify|woocommerce}: the channel id names the tenant; the
 * platform's HMAC over the raw body, with the channel's sealed secret, is the authentication
 * (401, nothing read, otherwise). A new order is captured like any other (idempotent per channel
 * and external id, so the platform's retries and `orders/updated` deliveries answer 200 with the
 * existing order); a cancelled one cancels what has not shipped. Every field the order could not
 * carry is listed in the answer and on the order's timeline.
 */
export async function receiveChannelWebhook(db: Db, channelId: string, platform: Platform, rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now: Date, secretKey: Buffer): Promise<WebhookAnswer> {
  const spec = platforms[platform];
  const channel = await findChannelById(db, channelId);
  const secret = channel?.active ? channelSecret(channel, secretKey) : undefined;
  if (!channel || !secret || !spec.verify(rawBody, header(headers, spec.signature), secret)) {
    throw new DomainError('CHANNEL_SIGNATURE_INVALID', 'The signature does not match this channel’s secret.');
  }
  if (channel.type !== platform) throw new DomainError('CHANNEL_TYPE_MISMATCH', `Channel ${channel.id} is a ${channel.type} channel.`);
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new DomainError('REQUEST_MALFORMED_JSON');
  }
  const mapped: MappingResult = spec.map(payload, channel.id);
  const actor: Actor = { tenantId: channel.tenantId, actorId: `channel:${channel.id}` };
  const unmapped = mapped.unmapped.map((u) => ({ field: u.field, reason: u.reason }));
  const topic = header(headers, spec.topic) ?? '';
  if (mapped.status === 'cancelled' || topic.endsWith('cancelled') || topic.endsWith('deleted')) {
    const externalId = mapped.order?.external_id ?? (typeof payload === 'object' && payload !== null && 'id' in payload ? String((payload as { id: unknown }).id) : undefined);
    const existing = externalId ? await findOrderByExternalId(db, channel.tenantId, channel.id, externalId) : undefined;
    if (!existing || !isCancellable(existing.status)) return { outcome: 'ignored', order_id: existing?.id ?? null, unmapped };
    const cancelled = await cancelOrder(db, actor, existing.id, { reason: `cancelled in ${platform} (${mapped.sourceStatus || topic})` }, now);
    return { outcome: 'cancelled', order_id: cancelled.id, unmapped };
  }
  if (!mapped.order) throw new DomainError('CHANNEL_PAYLOAD_INVALID', `The ${platform} order could not be read.`, mapped.problems);
  const result = await placeOrder(db, actor, mapped.order as CanonicalOrder, now);
  return { outcome: result.statusCode === 201 ? 'created' : 'duplicate', order_id: result.body.id, unmapped };
}
