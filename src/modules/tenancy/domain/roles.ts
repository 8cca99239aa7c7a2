/**
 * Who may do what. A key's role is stored; its *kind* follows from the role and what the key is
 * bound to. Routes declare one action (and, if a scoped kind may use them, the scope they narrow
 * to); the auth hook checks both here. Kept as data so a reviewer can read the whole policy on one
 * screen.
 */
export const roles = ['admin', 'operator', 'viewer', 'channel', 'bounces'] as const;
export type Role = (typeof roles)[number];

/**
 * A person's role (staff accounts, ADR 0016). Each has exactly the permissions of the key kind of
 * the same name; `location` staff are bound to one location like a location key.
 */
export const userRoles = ['admin', 'operator', 'viewer', 'location'] as const;
export type UserRole = (typeof userRoles)[number];

/**
 * - `channel`: a channel-role key bound to one sales channel (an integration that captures orders).
 * - `location`: a channel-role key scoped to one location (a 3PL, drop-ship vendor or store).
 * - `unbound_channel`: a channel-role key bound to neither, issued before keys were bound
 *   (migration 0031): refused everywhere until an admin replaces it with a bound key.
 * - `bounces`: an inbound-mail integration's key: it may post bounces and complaints
 *   (POST /v1/notifications/bounces) and nothing else — no reads, no personal data.
 */
export const keyKinds = ['admin', 'operator', 'viewer', 'channel', 'location', 'unbound_channel', 'bounces'] as const;
export type KeyKind = (typeof keyKinds)[number];

/** The kinds whose rows are narrowed: a route they may use declares `scope: <kind>`. */
export const scopedKinds = ['channel', 'location'] as const;
export type ScopedKind = (typeof scopedKinds)[number];

export const actions = [
  'read', // the tenant's configuration and records (everything not named below)
  'orders:read', // orders and checkout reservations (a channel key: its channel's)
  'fulfillment:read', // fulfillment orders, their packages, pick lists (a location key: its location's)
  'shipments:read', // shipments, labels, manifests (a location key: its location's)
  'tenants:manage',
  'keys:manage',
  'users:manage', // staff accounts
  'settings:write',
  'locations:write',
  'catalog:write',
  'inventory:write',
  'orders:write', // capture orders, reserve stock for a checkout (a channel key: for its channel)
  'orders:cancel',
  'orders:hold', // place and release an order's holds (ADR 0025)
  'reviews:read', // the review queue and its cases, with linked orders (ADR 0031)
  'reviews:work', // assign and close review cases; resend a verification link
  'orders:edit', // edit an order after capture: lines, address, shipping, discounts, notes, tags (ADR 0032)
  'routing:write',
  'fulfillment:write', // release, cancel, pick lists, boxes
  'fulfillment:respond', // accept / reject
  'fulfillment:pack',
  'carriers:write',
  'shipping:write', // void labels, ship whole pick lists
  'shipping:ship', // ship a packed fulfillment order (buy a label, or report tracking numbers)
  'shipping:scan', // record a tracking scan
  'channels:write',
  'channels:import',
  'webhooks:write',
  'returns:write', // request, approve, decline, cancel, receive and refund returns
  'customers:read', // customer records with their figures (personal data: not for channel or location keys)
  'customers:write', // a customer's name, phone, tags and note
  'customers:erase', // merge two customers; erase a customer's personal data (irreversible)
  'returns:counter', // return units of any order at a store's counter (a POS channel's till: at its channel's stores)
  'notifications:read', // the messages sent to customers, with their bodies (personal data: as customers:read)
  'notifications:bounces', // post bounces and complaints that came back (an inbound-mail integration)
  'notifications:suppressions', // list and remove addresses on the suppression list
  'notification_templates:read', // the message templates, their previews (sample data or an order's)
  'notification_templates:write', // edit, reset and test-send message templates (what every customer is sent)
  'risk:read', // fraud screening: rule sets, backtests, an order's decision with its signals (personal data)
  'risk:write', // write and activate fraud-screening rule sets
  'surveys:read', // the satisfaction survey: NPS, the answers with their comments (personal data), an order's survey link (ADR 0037)
  'automations:read', // automation rules, their runs (the facts they saw), dry runs (ADR 0038)
  'automations:write', // write, change, turn off and delete automation rules (default ones too)
] as const;
export type Action = (typeof actions)[number];

const reads = ['read', 'orders:read', 'fulfillment:read', 'shipments:read'] as const;

const policy = {
  admin: actions,
  operator: [
    ...reads,
    'locations:write',
    'catalog:write',
    'inventory:write',
    'orders:write',
    'orders:cancel',
    'orders:hold',
    'reviews:read',
    'reviews:work',
    'orders:edit',
    'routing:write',
    'fulfillment:write',
    'fulfillment:respond',
    'fulfillment:pack',
    'shipping:write',
    'shipping:ship',
    'shipping:scan',
    'channels:import',
    'returns:write',
    'customers:read',
    'customers:write',
    'returns:counter',
    'notifications:read',
    'notification_templates:read',
    'risk:read',
    'surveys:read',
    'automations:read',
  ],
  viewer: [...reads, 'customers:read', 'notifications:read', 'automations:read'],
  channel: ['orders:read', 'orders:write', 'returns:counter'],
  // Buying a label (rather than reporting one) also needs settings.location_keys_may_buy_labels.
  location: ['fulfillment:read', 'shipments:read', 'fulfillment:respond', 'fulfillment:pack', 'shipping:ship', 'shipping:scan'],
  unbound_channel: [],
  bounces: ['notifications:bounces'],
} as const satisfies Record<KeyKind, readonly Action[]>;

/** What a scoped kind sees of a route declared with `scope: <kind>`: written out for the docs and the matrix test. */
export const narrowing = {
  channel: 'orders and checkout reservations whose channel is the key’s channel; another channel’s record answers 404 like one that does not exist; captures and checkout reservations are made for its channel only; counter returns (POST /v1/channels/{id}/pos-returns) only through its own POS channel, at that channel’s stores, against any order of the tenant',
  location: 'fulfillment orders, packages, pick lists, shipments, labels and manifests of the key’s location; another location’s record answers 404 like one that does not exist',
} as const satisfies Record<ScopedKind, string>;

export function keyKindOf(key: { role: Role; locationId?: string | null | undefined; channelId?: string | null | undefined }): KeyKind {
  if (key.role !== 'channel') return key.role;
  if (key.locationId) return 'location';
  return key.channelId ? 'channel' : 'unbound_channel';
}

/** The key a user stands in for: a location user is a channel key scoped to its location (`keyKindOf` gives `location`). */
export function keyRoleOfUser(role: UserRole): Role {
  return role === 'location' ? 'channel' : role;
}

export function isAllowed(kind: KeyKind, action: Action): boolean {
  return (policy[kind] as readonly Action[]).includes(action);
}

export function isAction(value: string): value is Action {
  return (actions as readonly string[]).includes(value);
}

export function isScopedKind(kind: KeyKind): kind is ScopedKind {
  return (scopedKinds as readonly string[]).includes(kind);
}
