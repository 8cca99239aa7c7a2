import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import type { AuthFailureLimiter } from '../../platform/http/auth-failures.js';
import type { Principal } from '../../platform/http/principal.js';
import { authenticate, isAction, isAllowed } from '../../modules/tenancy/index.js';

const CACHE_TTL_MS = 5_000;

/**
 * Every route is authenticated unless it declares `action: 'public'`. Keys are cached for a few
 * seconds so a capture does not pay a lookup; revocation clears this process's cache at once and
 * reaches other processes within the TTL.
 */
export function installAuth(app: FastifyInstance, db: Db, failures: AuthFailureLimiter): { clearCache: () => void } {
  const cache = new Map<string, { principal: Principal; until: number }>();
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
    if (!action || !isAction(action) || !isAllowed(principal.principal.role, action)) {
      throw new DomainError('AUTH_FORBIDDEN', `The ${principal.principal.role} role may not ${action ?? 'use this route'}.`);
    }
    request.principal = principal.principal;
  });
  return { clearCache: () => cache.clear() };
}
