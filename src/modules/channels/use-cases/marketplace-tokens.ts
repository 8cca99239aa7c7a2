// OAuth access tokens for the marketplaces we call (Login with Amazon for SP-API, eBay's OAuth),
// shared by the pollers (reading orders) and the shipment pushes (confirming them). Each source
// caches its token until a minute before it expires.

import { PollError, cachedToken, requestJson, type HttpOptions } from '../pollers/poller.js';

export interface LwaCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Default https://api.amazon.com/auth/o2/token. */
  tokenUrl?: string | undefined;
}

/** Login with Amazon: the refresh-token grant → an access token for `x-amz-access-token`. */
export function lwaTokenSource(config: HttpOptions & LwaCredentials, now: () => Date): (signal?: AbortSignal) => Promise<string> {
  const tokenUrl = config.tokenUrl ?? 'https://api.amazon.com/auth/o2/token';
  return cachedToken(async (signal) => {
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: config.refreshToken, client_id: config.clientId, client_secret: config.clientSecret });
    const json = await requestJson(config, tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }, body }, 'Login with Amazon', signal);
    if (typeof json['access_token'] !== 'string') throw new PollError(502, 'BAD_RESPONSE', 'Login with Amazon gave no access_token', false);
    return { token: json['access_token'], expiresInSeconds: typeof json['expires_in'] === 'number' ? json['expires_in'] : 3600 };
  }, now);
}

export type EbayCredentials = { accessToken: string } | { clientId: string; clientSecret: string; refreshToken: string; scopes?: readonly string[] };

/** eBay OAuth scopes: reading orders, and writing shipping fulfillments. */
export const EBAY_SCOPES = {
  read: 'https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly',
  write: 'https://api.ebay.com/oauth/api_scope/sell.fulfillment',
} as const;

/**
 * An eBay user access token: the one given, or minted from the seller's refresh token
 * (POST /identity/v1/oauth2/token, grant_type=refresh_token, HTTP Basic client id:secret).
 */
export function ebayTokenSource(config: HttpOptions & EbayCredentials, endpoint: string, defaultScopes: readonly string[], now: () => Date): (signal?: AbortSignal) => Promise<string> {
  if ('accessToken' in config) return () => Promise.resolve(config.accessToken);
  return cachedToken(async (signal) => {
    const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: config.refreshToken, scope: (config.scopes ?? defaultScopes).join(' ') });
    const json = await requestJson(
      config,
      `${endpoint}/identity/v1/oauth2/token`,
      { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body },
      'eBay OAuth token',
      signal,
    );
    if (typeof json['access_token'] !== 'string') throw new PollError(502, 'BAD_RESPONSE', 'eBay gave no access_token', false);
    return { token: json['access_token'], expiresInSeconds: typeof json['expires_in'] === 'number' ? json['expires_in'] : 7200 };
  }, now);
}
