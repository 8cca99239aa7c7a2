import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The portal's signed values (ADR 0036), pure: key and time come in as arguments.
 *
 * - A **magic link** token, `<order id>.<expiry>.<signature>`: HMAC-SHA256 over the tenant, the
 *   order and the expiry, so a link opens one order of one tenant until it expires, and changing any
 *   part of it (or presenting it under another tenant's portal) breaks the signature.
 * - A **session** cookie value, `<order id or ->.<expiry>.<nonce>.<signature>`: the same, plus a
 *   random nonce; `-` is a visitor who has not found an order yet (the lookup form's CSRF needs a
 *   session too).
 * - A **CSRF token**: HMAC of the session's value, so a form is good only with the cookie it was
 *   served with (another site can neither read the cookie nor compute the token).
 *
 * The signature is checked before the expiry: a forged expiry is "invalid", not "expired".
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: 'invalid' | 'expired' };

const ORDER_ID = /^ord_[0-9a-z]{26}$/;

function mac(key: Buffer, ...parts: string[]): string {
  return createHmac('sha256', key).update(parts.join('|')).digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export function signOrderLink(key: Buffer, tenantId: string, orderId: string, expiresAt: Date): string {
  const exp = seconds(expiresAt).toString(36);
  return `${orderId}.${exp}.${mac(key, 'link', tenantId, orderId, exp)}`;
}

export function checkOrderLink(key: Buffer, tenantId: string, token: string, now: Date): Checked<{ orderId: string; expiresAt: Date }> {
  const [orderId = '', exp = '', sig = '', ...rest] = token.split('.');
  if (rest.length > 0 || !ORDER_ID.test(orderId) || !/^[0-9a-z]{1,10}$/.test(exp)) return { ok: false, reason: 'invalid' };
  if (!same(sig, mac(key, 'link', tenantId, orderId, exp))) return { ok: false, reason: 'invalid' };
  const expiresAt = new Date(parseInt(exp, 36) * 1000);
  return expiresAt.getTime() <= now.getTime() ? { ok: false, reason: 'expired' } : { ok: true, value: { orderId, expiresAt } };
}

export interface PortalSession {
  /** The one order this session may see and act on; null before the visitor found one. */
  orderId: string | null;
  expiresAt: Date;
  nonce: string;
}

export function signSession(key: Buffer, tenantId: string, session: PortalSession): string {
  const order = session.orderId ?? '-';
  const exp = seconds(session.expiresAt).toString(36);
  return `${order}.${exp}.${session.nonce}.${mac(key, 'session', tenantId, order, exp, session.nonce)}`;
}

export function checkSession(key: Buffer, tenantId: string, value: string, now: Date): Checked<PortalSession> {
  const [order = '', exp = '', nonce = '', sig = '', ...rest] = value.split('.');
  if (rest.length > 0 || !(order === '-' || ORDER_ID.test(order)) || !/^[0-9a-z]{1,10}$/.test(exp) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return { ok: false, reason: 'invalid' };
  if (!same(sig, mac(key, 'session', tenantId, order, exp, nonce))) return { ok: false, reason: 'invalid' };
  const expiresAt = new Date(parseInt(exp, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, value: { orderId: order === '-' ? null : order, expiresAt, nonce } };
}

export function csrfToken(key: Buffer, sessionValue: string): string {
  return mac(key, 'csrf', sessionValue);
}

export function csrfMatches(key: Buffer, sessionValue: string, given: string): boolean {
  return same(given, csrfToken(key, sessionValue));
}
