import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { openSecret, sealSecret } from '../../../platform/kernel/secret-box.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { insertChannel, type ChannelRow } from '../db/channels.queries.js';
import type { ChannelType } from '../db/schema.js';
import { outboundUrlProblem } from '../../../platform/http/outbound-url.js';
import { tradingPartnerOf } from './x12-partner.js';

export interface ChannelInput {
  type: ChannelType;
  name: string;
  secret?: string | undefined;
  /** The platform's API token (Shopify Admin API access token): sealed like the secret, never shown. */
  accessToken?: string | undefined;
  settings?: Record<string, unknown> | undefined;
  locationIds: string[];
}

/** POST /v1/channels: the secret is sealed before it is stored and never returned. */
export async function createChannel(tx: Db, actor: Actor, input: ChannelInput, secretKey: Buffer, now: Date): Promise<ChannelRow> {
  checkChannelSettings(input.type, input.settings ?? {});
  const row: ChannelRow = {
    tenantId: actor.tenantId,
    id: newId('chn'),
    type: input.type,
    name: input.name,
    secretSealed: input.secret ? sealSecret(input.secret, secretKey) : null,
    accessTokenSealed: input.accessToken ? sealSecret(input.accessToken, secretKey) : null,
    settings: input.settings ?? {},
    locationIds: input.locationIds,
    active: true,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await insertChannel(tx, row))) throw new DomainError('CHANNEL_NAME_TAKEN', `A channel named ${input.name} exists.`, [{ field: 'name', message: 'is already used by another channel' }]);
  await appendEvents(tx, actor, now, [{ type: 'channel.created', aggregateType: 'channel', aggregateId: row.id, data: { type: row.type, name: row.name, has_secret: row.secretSealed !== null, has_access_token: row.accessTokenSealed !== null } }]);
  return row;
}

/** Refuses (422 naming `settings.<key>`) settings a channel of this type cannot use: on creation and on change. */
export function checkChannelSettings(type: ChannelType, settings: Record<string, unknown>): void {
  // A trading partner is known by its ISA ids: refuse an x12 channel that does not say them.
  if (type === 'x12') tradingPartnerOf(settings);
  if (type === 'shopify') checkShopDomain(settings);
  if (type === 'woocommerce') {
    checkUrlSetting(settings, 'store_url', 'the WordPress site’s address, e.g. https://shop.example.com');
    checkWooTracking(settings);
  }
  if (type === 'amazon') {
    checkUrlSetting(settings, 'endpoint', 'the SP-API endpoint, e.g. https://sellingpartnerapi-na.amazon.com; or leave it out and give region');
    checkUrlSetting(settings, 'lwa_token_url', 'the Login with Amazon token URL; leave it out for https://api.amazon.com/auth/o2/token');
  }
  if (type === 'ebay') checkUrlSetting(settings, 'endpoint', 'the eBay API, e.g. https://api.ebay.com; leave it out for production');
  if (settings['push_shipments'] !== undefined && typeof settings['push_shipments'] !== 'boolean') settingsInvalid('push_shipments', 'must be true or false (false: shipments are not sent back to the platform)');
}

function settingsInvalid(key: string, message: string): never {
  throw new DomainError('CHANNEL_SETTINGS_INVALID', `settings.${key} ${message}.`, [{ field: `settings.${key}`, message }]);
}

/** `settings.tracking` of a woocommerce channel: how shipment confirmations carry the tracking number. */
function checkWooTracking(settings: Record<string, unknown>): void {
  const tracking = settings['tracking'];
  if (tracking !== undefined && tracking !== 'note' && tracking !== 'shipment_tracking') settingsInvalid('tracking', 'must be "note" (an order note e-mailed to the customer) or "shipment_tracking" (the WooCommerce Shipment Tracking extension)');
}

/** The channel's secret in clear, for checking a signature; undefined when it has none. */
export function channelSecret(row: ChannelRow, secretKey: Buffer): string | undefined {
  return row.secretSealed ? openSecret(row.secretSealed, secretKey) : undefined;
}

/** The channel's API access token in clear, for calling the platform; undefined when it has none. */
export function channelAccessToken(row: Pick<ChannelRow, 'accessTokenSealed'>, secretKey: Buffer): string | undefined {
  return row.accessTokenSealed ? openSecret(row.accessTokenSealed, secretKey) : undefined;
}

/** A Shopify store's permanent domain, which the Admin API is called at (`acme.myshopify.com`). */
export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** `settings.shop_domain` of a shopify channel, when given, must be the store's myshopify.com domain. */
function checkShopDomain(settings: Record<string, unknown>): void {
  const domain = settings['shop_domain'];
  if (domain === undefined) return;
  if (typeof domain !== 'string' || !SHOP_DOMAIN.test(domain)) {
    throw new DomainError('CHANNEL_SETTINGS_INVALID', 'settings.shop_domain must be the store’s myshopify.com domain.', [{ field: 'settings.shop_domain', message: 'must look like acme.myshopify.com (lower case, no scheme or path)' }]);
  }
}

/**
 * A URL setting the OMS will call (a store's REST API, a marketplace endpoint): absolute http(s),
 * no credentials, query or fragment. Whether a private or plain-http address may be called is the
 * installation's choice (OMS_OUTBOUND_ALLOW_PRIVATE), checked by the outbound client at each call.
 */
function checkUrlSetting(settings: Record<string, unknown>, key: string, example: string): void {
  const url = settings[key];
  if (url === undefined) return;
  const problem = typeof url === 'string' ? outboundUrlProblem(url, true) ?? (/[?]/.test(url) ? 'must not have a query' : null) : 'must be a string';
  if (problem) throw new DomainError('CHANNEL_SETTINGS_INVALID', `settings.${key} ${problem}.`, [{ field: `settings.${key}`, message: `${problem} (${example})` }]);
}
