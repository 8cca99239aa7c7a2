import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import type { AuthFailureLimiter } from '../../platform/http/auth-failures.js';
import type { Principal } from '../../platform/http/principal.js';
import { authenticate, isAction, isAllowed, isScopedKind, keyKindOf, scopedKinds } from '../../modules/tenancy/index.js';

const CACHE_TTL_MS = 5_000;

/**
 * Every route is authenticated unless it declares `action: 'public'`; the key's kind must be allowed
 * the route's action (tenancy/domain/roles.ts), and a scoped kind (channel, location) only uses
 * routes that declare `scope: <kind>` (their handlers narrow the rows). Keys are cached for a few
 * seconds so a capture does not pay a lookup; revocation clears this process's cache at once and
 * reaches other processes within the TTL.
 */
export function installAuth(app: FastifyInstance, db: Db, failures: AuthFailureLimiter): { clearCache: () => void } {
  const cache = new Map<string, { principal: Principal; until: number }>();
  // A route with a misspelt action or scope would refuse everyone (or someone) silently: fail at start-up instead.
  app.addHook('onRoute', (route) => {
    const { action, scope } = route.config ?? {};
    if (action !== undefined && action !== 'public' && !isAction(action)) throw new Error(`${route.method} ${route.url}: unknown action ${action}`);
    if (scope !== undefined && !(scopedKinds as readonly string[]).includes(scope)) throw new Error(`${route.method} ${route.url}: unknown scope ${scope}`);
  });
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request, reply) => {
    const action = request.routeOptions.config?.action;
    if (action === 'public' || request.is404) return;
    const header = request.headers.authorization;
    if (!header) throw new DomainError('AUTH_MISSING');
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
    const kind = keyKindOf(principal.principal);
    if (kind === 'unbound_channel') {
      throw new DomainError('AUTH_FORBIDDEN', 'This channel key is bound to no channel: an admin issues a new key with `channel` (or `location`) and revokes this one.');
    }
    if (!action || !isAction(action) || !isAllowed(kind, action)) {
      throw new DomainError('AUTH_FORBIDDEN', `A ${kind} key may not ${action ?? 'use this route'}.`);
    }
    // A scoped key uses only routes that say how they narrow to its channel or location.
    if (isScopedKind(kind) && request.routeOptions.config?.scope !== kind) {
      throw new DomainError('AUTH_FORBIDDEN', `A ${kind} key may not use this route.`);
    }
    request.principal = principal.principal;
  });
  return { clearCache: () => cache.clear() };
}
