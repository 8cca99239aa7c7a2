import type { Actor } from '../outbox/events.js';

/**
 * Who is calling: resolved by the auth hook before any handler runs, from the API key or from a
 * signed-in user's session cookie (ADR 0016). A user has exactly the permissions of the key it
 * stands in for: `role` is that key's role (a location user: `channel` with `locationId`).
 */
export interface Principal {
  tenantId: string;
  /** The credential: the API key's id, or for a signed-in user the user's id. */
  keyId: string;
  /** A signed-in person (`usr_…`): everything they do is on the timeline under this id. */
  userId?: string;
  role: 'admin' | 'operator' | 'viewer' | 'channel' | 'bounces';
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
    /**
     * The action this route performs, checked against the caller's key kind; `public` skips auth;
     * `session`: a signed-in user's own session (the cookie only, whatever the role).
     */
    action?: string;
    /**
     * A scoped key of this kind (`channel`, `location`) may use the route: the handler narrows what
     * it sees and changes to the key's channel or location. Without it, scoped keys get 403.
     */
    scope?: 'channel' | 'location';
  }
}

/** Who the timeline names: the user for a person, the key for a machine. */
export function actorOf(principal: Principal): Actor {
  return { tenantId: principal.tenantId, actorId: principal.userId ?? principal.keyId };
}
