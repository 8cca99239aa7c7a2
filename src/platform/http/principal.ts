import type { Actor } from '../outbox/events.js';

/** Who is calling: resolved from the API key by the auth hook before any handler runs. */
export interface Principal {
  tenantId: string;
  keyId: string;
  role: 'admin' | 'operator' | 'viewer' | 'channel';
  isRootTenant: boolean;
  /** A channel key standing for one location (3PL, drop-ship vendor, store): it sees and answers only that location's fulfillment orders and shipments. */
  locationId?: string;
  /** A channel key bound to one sales channel: it captures orders for that channel and reads only that channel's orders. */
  channelId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The action this route performs, checked against the caller's key kind; `public` skips auth. */
    action?: string;
    /**
     * A scoped key of this kind (`channel`, `location`) may use the route: the handler narrows what
     * it sees and changes to the key's channel or location. Without it, scoped keys get 403.
     */
    scope?: 'channel' | 'location';
  }
}

export function actorOf(principal: Principal): Actor {
  return { tenantId: principal.tenantId, actorId: principal.keyId };
}
