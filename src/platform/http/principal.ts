import type { Actor } from '../outbox/events.js';

/** Who is calling: resolved from the API key by the auth hook before any handler runs. */
export interface Principal {
  tenantId: string;
  keyId: string;
  role: 'admin' | 'operator' | 'viewer' | 'channel';
  isRootTenant: boolean;
  /** A channel key standing for one location (3PL, drop-ship vendor, store): it sees and answers only that location's fulfillment orders. */
  locationId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The action this route performs, checked against the caller's role; `public` skips auth. */
    action?: string;
  }
}

export function actorOf(principal: Principal): Actor {
  return { tenantId: principal.tenantId, actorId: principal.keyId };
}
