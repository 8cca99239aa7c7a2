import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verification link tokens (ADR 0031): `<link id>.<expiry, unix seconds in base 36>.<signature>`,
 * signature = the first 128 bits of HMAC-SHA256 over the first two parts under the verification
 * key, base64url. Short enough for a URL path segment (~60 characters). The signature refuses a
 * tampered or forged token before any lookup; the stored SHA-256 of the whole token makes a void
 * or used link unusable; the expiry is in both.
 */
export interface TokenPayload {
  linkId: string;
  expiresAt: Date;
}

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16).toString('base64url');

export function signToken(key: Buffer, p: TokenPayload): string {
  const payload = `${p.linkId}.${Math.floor(p.expiresAt.getTime() / 1000).toString(36)}`;
  return `${payload}.${sign(key, payload)}`;
}

/** The payload of a token this installation signed, or why not. */
export function readToken(key: Buffer, token: string): TokenPayload | 'malformed' | 'tampered' {
  const match = /^(vfl_[0-9a-z]{26})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return 'malformed';
  const [, linkId, expiry, signature] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(sign(key, `${linkId}.${expiry}`));
  if (!timingSafeEqual(Buffer.from(signature), expected)) return 'tampered';
  return { linkId, expiresAt: new Date(parseInt(expiry, 36) * 1000) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Default life of a link: 72 hours. */
export const VERIFICATION_TTL_MS = 72 * 3600 * 1000;
