/**
 * What each role may do. Routes declare one action; the auth hook checks it here. Kept as data so
 * a reviewer can read the whole policy on one screen.
 */
export const roles = ['admin', 'operator', 'viewer', 'channel'] as const;
export type Role = (typeof roles)[number];

export const actions = [
  'read',
  'tenants:manage',
  'keys:manage',
  'settings:write',
  'locations:write',
  'catalog:write',
  'inventory:write',
  'orders:write',
  'orders:cancel',
  'routing:write',
  'fulfillment:write',
  'fulfillment:respond',
  'carriers:write',
  'shipping:write',
  'channels:write',
  'channels:import',
  'webhooks:write',
] as const;
export type Action = (typeof actions)[number];

const policy = {
  admin: actions,
  operator: ['read', 'locations:write', 'catalog:write', 'inventory:write', 'orders:write', 'orders:cancel', 'routing:write', 'fulfillment:write', 'fulfillment:respond', 'shipping:write', 'channels:import'],
  viewer: ['read'],
  // A channel key may also stand for a 3PL, drop-ship vendor or store: it then answers the
  // fulfillment orders of the location its key is scoped to (accept / reject).
  channel: ['read', 'orders:write', 'fulfillment:respond'],
} as const satisfies Record<Role, readonly Action[]>;

export function isAllowed(role: Role, action: Action): boolean {
  return (policy[role] as readonly Action[]).includes(action);
}

export function isAction(value: string): value is Action {
  return (actions as readonly string[]).includes(value);
}
