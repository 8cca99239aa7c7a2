// How the OMS reaches a channel's platform API, read from the channel's settings and its sealed
// credentials: shared by the marketplace pollers (reading orders) and the shipment pushes (telling
// the platform what shipped). A PollError (not retryable) when the settings do not make a connection.

import { outboundUrlProblem } from '../../../platform/http/outbound-url.js';
import { openSecret } from '../../../platform/kernel/secret-box.js';
import { PollError, wooCommerceConnection, type EbayCredentials, type LwaCredentials, type WooConnection } from '../../../modules/channels/index.js';

/** SP-API endpoints per region (Login with Amazon is one host for all of them). */
export const AMAZON_REGIONS = {
  na: 'https://sellingpartnerapi-na.amazon.com',
  eu: 'https://sellingpartnerapi-eu.amazon.com',
  fe: 'https://sellingpartnerapi-fe.amazon.com',
} as const;

/** A channel as far as reaching its platform is concerned. */
export interface ChannelAccessInput {
  settings: Record<string, unknown>;
  secretSealed: Buffer | null;
  accessTokenSealed: Buffer | null;
}

export interface AccessOptions {
  secretKey: Buffer;
  /** Plain http and private addresses as endpoints (development, tests). */
  allowPrivate?: boolean | undefined;
}

const settingsError = (message: string) => new PollError(400, 'CHANNEL_SETTINGS', message, false);

/** A base URL the installation lets us call: https to a public host, unless private addresses are allowed. */
function baseUrl(settings: Record<string, unknown>, key: string, allowPrivate: boolean): string | undefined {
  const raw = settings[key];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw settingsError(`settings.${key} must be a URL`);
  const problem = outboundUrlProblem(raw, allowPrivate);
  if (problem) throw settingsError(`settings.${key} ${problem}`);
  return raw;
}

function text(settings: Record<string, unknown>, key: string): string | undefined {
  const value = settings[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw settingsError(`settings.${key} must be a non-empty string`);
  return value;
}

function sealed(value: Buffer | null, what: string, secretKey: Buffer): string | undefined {
  if (!value) return undefined;
  try {
    return openSecret(value, secretKey);
  } catch (error) {
    throw new PollError(400, 'CHANNEL_CREDENTIALS', `the channel's ${what} cannot be opened: ${(error as Error).message}`, false);
  }
}

export interface AmazonAccess extends LwaCredentials {
  marketplaceIds: string[];
  endpoint: string;
}

/** settings.lwa_client_id, marketplace_ids, region or endpoint, lwa_token_url; secret = LWA client secret; access_token = LWA refresh token. */
export function amazonAccess(channel: ChannelAccessInput, options: AccessOptions): AmazonAccess {
  const { settings } = channel;
  const allowPrivate = options.allowPrivate ?? false;
  const clientId = text(settings, 'lwa_client_id');
  const ids = settings['marketplace_ids'];
  if (!clientId) throw settingsError('settings.lwa_client_id (the LWA client id of the SP-API application) is missing');
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id !== '')) throw settingsError('settings.marketplace_ids must list the marketplace ids (e.g. ["ATVPDKIKX0DER"])');
  const clientSecret = sealed(channel.secretSealed, 'secret', options.secretKey);
  const refreshToken = sealed(channel.accessTokenSealed, 'access token', options.secretKey);
  if (!clientSecret) throw settingsError('the channel has no secret (the LWA client secret)');
  if (!refreshToken) throw settingsError('the channel has no access_token (the LWA refresh token)');
  const region = settings['region'];
  if (region !== undefined && !(typeof region === 'string' && region in AMAZON_REGIONS)) throw settingsError(`settings.region must be one of ${Object.keys(AMAZON_REGIONS).join(', ')}`);
  const endpoint = baseUrl(settings, 'endpoint', allowPrivate) ?? AMAZON_REGIONS[(region ?? 'na') as keyof typeof AMAZON_REGIONS];
  const tokenUrl = baseUrl(settings, 'lwa_token_url', allowPrivate);
  return { clientId, clientSecret, refreshToken, marketplaceIds: ids as string[], endpoint, ...(tokenUrl ? { tokenUrl } : {}) };
}

export interface EbayAccess {
  credentials: EbayCredentials;
  /** Default https://api.ebay.com. */
  endpoint: string | undefined;
}

/** settings.client_id and endpoint; access_token = the seller's refresh token (or a user access token without client_id); secret = client secret. */
export function ebayAccess(channel: ChannelAccessInput, options: AccessOptions): EbayAccess {
  const { settings } = channel;
  const endpoint = baseUrl(settings, 'endpoint', options.allowPrivate ?? false);
  const clientId = text(settings, 'client_id');
  const secret = sealed(channel.secretSealed, 'secret', options.secretKey);
  const token = sealed(channel.accessTokenSealed, 'access token', options.secretKey);
  if (!token) throw settingsError('the channel has no access_token (the eBay refresh token, or a user access token without settings.client_id)');
  if (clientId !== undefined && !secret) throw settingsError('the channel has no secret (the eBay client secret for settings.client_id)');
  const credentials: EbayCredentials = clientId !== undefined && secret ? { clientId, clientSecret: secret, refreshToken: token } : { accessToken: token };
  return { credentials, endpoint };
}

export type WooAccess = WooConnection;

/**
 * settings.store_url and tracking (note | shipment_tracking); access_token = `consumer_key:consumer_secret`
 * of a REST API key with write access (the same connection that checks order.deleted webhooks).
 */
export function wooAccess(channel: ChannelAccessInput, options: AccessOptions): WooAccess {
  const storeUrl = baseUrl(channel.settings, 'store_url', options.allowPrivate ?? false);
  if (!storeUrl) throw settingsError('settings.store_url (the WordPress site, e.g. https://shop.acme.com) is missing');
  let conn: ReturnType<typeof wooCommerceConnection>;
  try {
    conn = wooCommerceConnection(channel, options.secretKey);
  } catch (error) {
    throw new PollError(400, 'CHANNEL_CREDENTIALS', `the channel's access token cannot be opened: ${(error as Error).message}`, false);
  }
  if ('missing' in conn) throw settingsError(conn.missing);
  const tracking = channel.settings['tracking'] ?? 'note';
  if (tracking !== 'note' && tracking !== 'shipment_tracking') throw settingsError('settings.tracking must be "note" or "shipment_tracking"');
  return { ...conn, tracking };
}
