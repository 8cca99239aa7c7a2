import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import type { AuthFailureLimiter } from '../../platform/http/auth-failures.js';
import type { Principal } from '../../platform/http/principal.js';
import type { Clock } from '../../platform/kernel/clock.js';
import { authenticate, isAction, isAllowed, isScopedKind, keyKindOf, resumeSession, scopedKinds, type StaffSession } from '../../modules/tenancy/index.js';
import { clearSessionCookie, sessionToken } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user's session when the request came with the session cookie (not a Bearer key). */
    staffSession: StaffSession | null;
  }
}

const CACHE_TTL_MS = 5_000;
/** Methods that change nothing: the only ones a cookie-authenticated request may send without the CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route is authenticated unless it declares `action: 'public'`. A request with
 * `Authorization: Bearer` is a machine's (an API key); without it, the `oms_session` cookie of a
 * signed-in person (ADR 0016), whose state-changing requests must carry `X-CSRF-Token`. Either way
 * the caller's kind must be allowed the route's action (tenancy/domain/roles.ts; a user has its
 * role's key kind), and a scoped kind (channel, location) only uses routes that declare
 * `scope: <kind>` (their handlers narrow the rows). `action: 'session'` routes are a person's own
 * session, reached with the cookie only. Keys are cached for a few seconds so a capture does not
 * pay a lookup (revocation clears this process's cache at once, others within the TTL); sessions
 * are read on every request, so signing out, disabling a user or a password reset counts at once.
 */
export function installAuth(app: FastifyInstance, db: Db, failures: AuthFailureLimiter, clock: Clock): { clearCache: () => void } {
  const cache = new Map<string, { principal: Principal; until: number }>();
  // A route with a misspelt action or scope would refuse everyone (or someone) silently: fail at start-up instead.
  app.addHook('onRoute', (route) => {
    const { action, scope } = route.config ?? {};
    if (action !== undefined && action !== 'public' && action !== 'session' && !isAction(action)) throw new Error(`${route.method} ${route.url}: unknown action ${action}`);
    if (scope !== undefined && !(scopedKinds as readonly string[]).includes(scope)) throw new Error(`${route.method} ${route.url}: unknown scope ${scope}`);
  });
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('staffSession', null);

  const byKey = async (request: FastifyRequest, reply: FastifyReply, header: string): Promise<Principal> => {
    const match = /^Bearer +([\x21-\x7e]{1,200}) *$/i.exec(header);
    if (!match) throw new DomainError('AUTH_INVALID', 'The Authorization header must be `Bearer <api key>`.');
    const secret = match[1] as string;
    const now = Date.now();
    failures.refuseIfLimited(request.ip, now, reply);
    let principal = cache.get(secret);
    if (!principal || principal.until < now) {
      const found = await authenticate(db, secret);
      if (!found) {
        failures.recordFailure(request.ip, now);
        cache.delete(secret);
        throw new DomainError('AUTH_INVALID');
      }
      principal = { principal: found, until: now + CACHE_TTL_MS };
      if (cache.size > 10_000) cache.clear();
      cache.set(secret, principal);
    }
    return principal.principal;
  };

  const bySession = async (request: FastifyRequest, reply: FastifyReply, token: string | undefined): Promise<StaffSession> => {
    const session = token ? await resumeSession(db, token, clock()) : undefined;
    if (!session) {
      if (token) clearSessionCookie(request, reply);
      throw new DomainError('AUTH_MISSING', token ? 'Your session has ended: sign in again (POST /v1/session).' : undefined);
    }
    if (!SAFE_METHODS.has(request.method) && !sameToken(request.headers['x-csrf-token'], session.csrfToken)) {
      throw new DomainError('CSRF_TOKEN_INVALID', 'A signed-in request that changes something must carry the session’s csrf_token as the X-CSRF-Token header.');
    }
    return session;
  };

  app.addHook('onRequest', async (request, reply) => {
    const action = request.routeOptions.config?.action;
    if (action === 'public' || request.is404) return;
    const header = request.headers.authorization;
    const token = sessionToken(request);
    if (action === 'session') {
      const session = await bySession(request, reply, token);
      request.staffSession = session;
      request.principal = session.principal;
      return;
    }
    if (!header && !token) throw new DomainError('AUTH_MISSING');
    let principal: Principal;
    if (header) {
      principal = await byKey(request, reply, header);
    } else {
      const session = await bySession(request, reply, token);
      request.staffSession = session;
      principal = session.principal;
    }
    const kind = keyKindOf(principal);
    const who = principal.userId ? `${kind === 'location' ? 'location' : principal.role} user` : `${kind} key`;
    if (kind === 'unbound_channel') {
      throw new DomainError('AUTH_FORBIDDEN', 'This channel key is bound to no channel: an admin issues a new key with `channel` (or `location`) and revokes this one.');
    }
    if (!action || !isAction(action) || !isAllowed(kind, action)) {
      throw new DomainError('AUTH_FORBIDDEN', `A ${who} may not ${action ?? 'use this route'}.`);
    }
    // A scoped key (or location user) uses only routes that say how they narrow to its channel or location.
    if (isScopedKind(kind) && request.routeOptions.config?.scope !== kind) {
      throw new DomainError('AUTH_FORBIDDEN', `A ${who} may not use this route.`);
    }
    request.principal = principal;
  });
  return { clearCache: () => cache.clear() };
}

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
