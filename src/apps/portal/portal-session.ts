import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { clientKey } from '../../platform/http/auth-failures.js';
import { recordSharedFailure, sharedRetryAfterSeconds, type WindowLimit } from '../../platform/http/shared-limits.js';
import { linkSigning } from '../../platform/kernel/link-signing.js';
import { checkSession, signSession, type PortalSession } from '../../flows/portal/steps/portal-tokens.js';

/**
 * The portal visitor's session cookie and the lookup limits (ADR 0036).
 *
 * The cookie is signed, not stored: `oms_portal`, Path=/portal/{slug}, HttpOnly, SameSite=Lax,
 * Secure over https, 30 minutes. It names the one order it may see (or none, before a lookup);
 * any API process can check it, none keeps state.
 */
export const PORTAL_COOKIE = 'oms_portal';
export const LANG_COOKIE = 'oms_portal_lang';
export const SESSION_MS = 30 * 60_000;

export const sessionKey = () => linkSigning('portal-session').key;
export const csrfKey = () => linkSigning('portal-csrf').key;

export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return rest.join('=');
  }
  return undefined;
}

export function readSession(request: FastifyRequest, tenantId: string, now: Date): { value: string; session: PortalSession } | undefined {
  const value = cookieOf(request, PORTAL_COOKIE);
  if (!value || value.length > 300) return undefined;
  const checked = checkSession(sessionKey(), tenantId, value, now);
  return checked.ok ? { value, session: checked.value } : undefined;
}

/** A new session (a new nonce: a lookup never keeps the visitor's earlier value), set as the cookie; its value. */
export function startSession(request: FastifyRequest, reply: FastifyReply, slug: string, tenantId: string, orderId: string | null, now: Date): string {
  const value = signSession(sessionKey(), tenantId, { orderId, expiresAt: new Date(now.getTime() + SESSION_MS), nonce: randomBytes(18).toString('base64url') });
  setCookie(request, reply, `${PORTAL_COOKIE}=${value}`, `/portal/${slug}`, SESSION_MS / 1000);
  return value;
}

/** Ends the session cookie in this browser. */
export function endSession(request: FastifyRequest, reply: FastifyReply, slug: string): void {
  setCookie(request, reply, `${PORTAL_COOKIE}=`, `/portal/${slug}`, 0);
}

export function setCookie(request: FastifyRequest, reply: FastifyReply, pair: string, path: string, maxAgeSeconds: number): void {
  const cookie = [pair, `Path=${path}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(request.protocol === 'https' ? ['Secure'] : [])].join('; ');
  const before = reply.getHeader('set-cookie');
  reply.header('set-cookie', [...(Array.isArray(before) ? before : before ? [String(before)] : []), cookie]);
}

/**
 * Lookup limits: failed lookups counted per client address (IPv6 per /64) and per order number
 * typed (whether or not such an order exists, so the limit says nothing about existence), both
 * per tenant. Kept in the database (`rate_limit_windows`), so every API process shares them and
 * a restart forgets nothing (ADR 0036, amended).
 */
export interface PortalLimits {
  perAddress: WindowLimit;
  perOrder: WindowLimit;
}

export const DEFAULT_PORTAL_LIMITS: PortalLimits = {
  perAddress: { scope: 'portal-lookup-address', maxFailures: 20, windowMs: 15 * 60_000 },
  perOrder: { scope: 'portal-lookup-order', maxFailures: 5, windowMs: 15 * 60_000 },
};

export class LookupLimiter {
  constructor(
    private readonly db: Db,
    private readonly limits: PortalLimits = DEFAULT_PORTAL_LIMITS,
  ) {}

  private keys(address: string, number: string) {
    return [
      { limit: this.limits.perAddress, key: clientKey(address) },
      { limit: this.limits.perOrder, key: number.trim().replace(/^#\s*/, '').toLowerCase() },
    ];
  }

  /** Seconds to wait before this address may look this order number up again; 0: now. */
  retryAfterSeconds(address: string, tenantId: string, number: string, now: Date): Promise<number> {
    return sharedRetryAfterSeconds(this.db, tenantId, this.keys(address, number), now);
  }

  recordFailure(address: string, tenantId: string, number: string, now: Date): Promise<void> {
    return recordSharedFailure(this.db, tenantId, this.keys(address, number), now);
  }
}
