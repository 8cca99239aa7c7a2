import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verification link tokens (ADR 0031): `<payload>.<signature>`, payload = base64url of
 * `tenant|link id|expiry (unix seconds)`, signature = HMAC-SHA256 of the payload under the
 * verification key. The signature refuses a tampered or forged token before any lookup; the
 * stored SHA-256 of the whole token makes a void or used link unusable; the expiry is in both.
 */
export interface TokenPayload {
  tenantId: string;
  linkId: string;
  expiresAt: Date;
}

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

export function signToken(key: Buffer, p: TokenPayload): string {
  const payload = Buffer.from(`${p.tenantId}|${p.linkId}|${Math.floor(p.expiresAt.getTime() / 1000)}`, 'utf8').toString('base64url');
  return `${payload}.${sign(key, payload)}`;
}

/** The payload of a token this installation signed, or why not. */
export function readToken(key: Buffer, token: string): TokenPayload | 'malformed' | 'tampered' {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined || !/^[A-Za-z0-9_-]{1,300}$/.test(payload)) return 'malformed';
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'tampered';
  const [tenantId, linkId, expiry, more] = Buffer.from(payload, 'base64url').toString('utf8').split('|');
  if (!tenantId || !linkId || !expiry || more !== undefined || !/^\d+$/.test(expiry)) return 'malformed';
  return { tenantId, linkId, expiresAt: new Date(Number(expiry) * 1000) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Default life of a link: 72 hours. */
export const VERIFICATION_TTL_MS = 72 * 3600 * 1000;
