import type { FieldSchema, FieldType, FieldValue } from '../../../platform/kernel/expression.js';

/**
 * The facts a condition reads: the event's order as it is when the rule runs (or, after a wait,
 * when the run resumes), and a few fields of the event itself. Money fields are minor units of the
 * order's currency (a condition writes major units: `order.total > 200`); a fact the event or order
 * does not have is unknown (null), and a comparison with an unknown is unknown, never true.
 */
export const FACT_FIELDS = {
  'order.channel': { type: 'string', label: 'the sales channel the order came from (its id, or "api")' },
  'order.status': { type: 'string', label: 'the order status (received, allocated, shipped …)' },
  'order.total': { type: 'money', label: 'the order total' },
  'order.currency': { type: 'string', label: 'the order currency (ISO 4217)' },
  'order.lines': { type: 'number', label: 'the number of order lines' },
  'order.units': { type: 'number', label: 'the number of units ordered (not cancelled)' },
  'order.tags': { type: 'list', label: 'the order tags: "vip" in order.tags' },
  'order.has_email': { type: 'boolean', label: 'the order has a customer e-mail address' },
  'order.service_level': { type: 'string', label: 'the shipping service level asked for' },
  'shipping.country': { type: 'string', label: 'the shipping country (ISO 3166-1 alpha-2)' },
  'shipping.region': { type: 'string', label: 'the shipping region or state' },
  'shipping.postal_code': { type: 'string', label: 'the shipping postal code' },
  'customer.orders': { type: 'number', label: 'orders the customer has placed, this one included' },
  'risk.action': { type: 'string', label: 'the fraud screening decision: allow, review, verify or reject' },
  'risk.score': { type: 'number', label: 'the fraud screening score, 0–100' },
  'return.reason': { type: 'string', label: 'the reason of the return’s first line (return events)' },
  'return.reasons': { type: 'list', label: 'the reasons of the return’s lines (return events)' },
  'event.type': { type: 'string', label: 'the event type' },
  'event.actor_kind': { type: 'string', label: 'who caused the event: person, key, system or automation' },
  'event.depth': { type: 'number', label: 'how many automations in a row caused the event (0: none)' },
  'event.hold_type': { type: 'string', label: 'the hold placed or released (order.held, order.released)' },
  'event.reason': { type: 'string', label: 'the reason the event gives (a cancellation, a hold, an edit …)' },
  'event.tags_added': { type: 'list', label: 'tags added (order.tags_changed)' },
  'event.tags_removed': { type: 'list', label: 'tags removed (order.tags_changed)' },
} as const satisfies Record<string, { type: FieldType; label: string }>;

export type FactName = keyof typeof FACT_FIELDS;
export type Facts = Partial<Record<FactName, FieldValue>>;

export const FACTS: FieldSchema = { fields: FACT_FIELDS, help: 'GET /v1/automation-catalog lists the facts' };

/** The plain data facts are read from (what the flow loads for one event and order). */
export interface FactSources {
  event: { type: string; actor: string; depth: number; data: Record<string, unknown> };
  order: {
    channel: string;
    status: string;
    totalMinor: number;
    currency: string;
    tags: readonly string[];
    customerEmail: string | null;
    serviceLevel: string | null;
    shippingAddress: Record<string, unknown> | null;
    /** Lines the customer ordered (kit components left out): quantity and cancelled units. */
    lines: readonly { quantity: number; cancelled: number }[];
  } | null;
  customerOrders: number | null;
  risk: { action: string; score: number } | null;
  returnReasons: readonly string[] | null;
}

/** Who caused an event, in four words: `automation:<rule>`, `system:<process>`, a user (`usr_…`), else an API key. */
export function actorKind(actor: string): 'automation' | 'system' | 'person' | 'key' {
  if (actor.startsWith('automation:')) return 'automation';
  if (actor.startsWith('system:')) return 'system';
  return actor.startsWith('usr_') ? 'person' : 'key';
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const texts = (v: unknown): string[] | null => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null);

export function factsOf(s: FactSources): Facts {
  const d = s.event.data;
  const o = s.order;
  const address = o?.shippingAddress ?? null;
  return {
    'order.channel': o?.channel ?? null,
    'order.status': o?.status ?? null,
    'order.total': o?.totalMinor ?? null,
    'order.currency': o?.currency ?? null,
    'order.lines': o ? o.lines.length : null,
    'order.units': o ? o.lines.reduce((n, l) => n + l.quantity - l.cancelled, 0) : null,
    'order.tags': o ? [...o.tags] : null,
    'order.has_email': o ? Boolean(o.customerEmail?.trim()) : null,
    'order.service_level': o?.serviceLevel ?? null,
    'shipping.country': text(address?.['country']),
    'shipping.region': text(address?.['region']),
    'shipping.postal_code': text(address?.['postal_code']),
    'customer.orders': s.customerOrders,
    'risk.action': s.risk?.action ?? null,
    'risk.score': s.risk?.score ?? null,
    'return.reason': s.returnReasons?.[0] ?? null,
    'return.reasons': s.returnReasons ? [...s.returnReasons] : null,
    'event.type': s.event.type,
    'event.actor_kind': actorKind(s.event.actor),
    'event.depth': s.event.depth,
    'event.hold_type': text(d['hold_type']),
    'event.reason': text(d['reason']),
    'event.tags_added': texts(d['added']),
    'event.tags_removed': texts(d['removed']),
  };
}
