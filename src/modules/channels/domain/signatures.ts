// Webhook signatures of the platforms we take orders from. Both Shopify (`X-Shopify-Hmac-Sha256`)
// and WooCommerce (`X-WC-Webhook-Signature`) send base64(HMAC-SHA256(raw body, secret)). The raw
// bytes must be hashed exactly as received: re-serialised JSON would not match. Comparison is
// constant-time over the decoded digest; a missing, empty or malformed header is simply false.

import { createHmac, timingSafeEqual } from 'node:crypto';

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

function sign(body: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

function verify(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (secret === '' || typeof header !== 'string') return false;
  const given = header.trim();
  if (!BASE64_SHA256.test(given)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const actual = Buffer.from(given, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Shopify: `X-Shopify-Hmac-Sha256` (or `shopify-hmac-sha256` for Events delivery), key = the app's client secret. */
export function verifyShopifyHmac(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  return verify(rawBody, header, secret);
}

/** WooCommerce: `X-WC-Webhook-Signature`, key = the webhook's secret. */
export function verifyWooCommerceSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  return verify(rawBody, header, secret);
}

/** The header value Shopify would send for `body`; for tests and local replays. */
export function signShopify(body: Buffer | string, secret: string): string {
  return sign(body, secret);
}

/** The header value WooCommerce would send for `body`; for tests and local replays. */
export function signWooCommerce(body: Buffer | string, secret: string): string {
  return sign(body, secret);
}
