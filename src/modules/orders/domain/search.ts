import { DateTime, IANAZone } from 'luxon';
import { DomainError } from '../../../platform/errors.js';

/**
 * What the one search box of the console looks for, read from what was typed (pure). Every kind
 * that could match is tried and the answers are united: `1042` is an order number, a channel order
 * name (`#1042`), an external id and perhaps the end of a phone number at once. Only the cheap,
 * indexed probes are made (exact, or a prefix of at least `MIN_PREFIX` characters).
 */
export interface OrderSearch {
  /** The order's own id (`ord_…`), pasted. */
  id?: string;
  /** The order number (digits, with or without a leading '#'). */
  number?: number;
  /** Channel order name without its leading '#', lower case; matched exactly, or as a prefix when `namePrefix`. */
  channelOrderName?: string;
  /** Exact external id (as typed, trimmed). */
  externalId?: string;
  /** E-mail, lower case: exact or prefix. */
  email?: string;
  /** Phone digits: a stored phone whose digits end with these. */
  phoneDigits?: string;
  /** Tracking number, upper case without spaces: shipments. */
  trackingNumber?: string;
  /** Exact SKU of a line. */
  sku?: string;
  /** Customer name prefix, lower case: of the whole name or of its last word. */
  namePrefix?: string;
}

export const MIN_PREFIX = 2;
const MIN_PHONE_DIGITS = 6;

/** Carriers' tracking numbers: letters and digits, 8 to 40, at least 6 of them digits (1Z…, 94001…, JD01…). */
const trackingPattern = /^[A-Z0-9]{8,40}$/;

export function classifySearch(typed: string): OrderSearch {
  const q = typed.trim();
  const search: OrderSearch = {};
  if (q === '') return search;
  const lower = q.toLowerCase();
  const compact = q.replace(/\s+/g, '').toUpperCase();
  const withoutHash = lower.replace(/^#\s*/, '');

  if (/^ord_[0-9a-z]{26}$/.test(q)) {
    search.id = q;
    return search;
  }
  if (q.includes('@')) {
    search.email = lower;
    return search;
  }
  if (/^#?\s*\d{1,15}$/.test(q)) search.number = Number(withoutHash);
  if (withoutHash !== '') search.channelOrderName = withoutHash;
  if (!q.startsWith('#')) search.externalId = q;
  // A phone number as people write it: digits with spaces, dashes, dots, brackets, a leading +.
  if (/^\+?[\d\s().-]+$/.test(q)) {
    const digits = q.replace(/\D/g, '');
    if (digits.length >= MIN_PHONE_DIGITS) search.phoneDigits = digits;
  }
  if (trackingPattern.test(compact) && (compact.match(/\d/g) ?? []).length >= 6) search.trackingNumber = compact;
  if (!q.startsWith('#') && !/\s/.test(q) && q.length <= 100) search.sku = q;
  if (/\p{L}/u.test(q) && lower.length >= MIN_PREFIX) search.namePrefix = lower;
  return search;
}

/**
 * Statuses in which an order still waits to leave the warehouse: an order in one of them whose
 * ship-by date has passed is late. (migrations/0037_order_search.sql indexes these statuses as
 * `orders_waiting` and, with ship_by, `orders_waiting_ship_by`; test/db/schema-drift.test.ts keeps the lists equal.)
 */
export const waitingStatuses = ['received', 'on_hold', 'backordered', 'partially_allocated', 'allocated', 'in_fulfillment', 'partially_shipped'] as const;

/**
 * Late: still waiting to leave, and the ship-by day (`YYYY-MM-DD`) is before `today`. The one
 * definition: the order row's late flag, the list's `late` filter and the home page's count
 * (db/dashboard.queries.ts `countLateOrders`) all judge it so, against today in the viewer's zone.
 */
export function isLate(status: string, shipBy: string | null, today: string): boolean {
  return shipBy !== null && shipBy < today && (waitingStatuses as readonly string[]).includes(status);
}

/** The calendar day of an instant in an IANA zone (default UTC), as ship-by dates are compared; an unknown zone is refused, naming `tz`. */
export function dayOf(now: Date, zone = 'UTC'): string {
  if (zone === 'UTC') return now.toISOString().slice(0, 10);
  if (!IANAZone.isValidZone(zone)) throw new DomainError('REQUEST_INVALID', `Unknown time zone ${JSON.stringify(zone)}.`, [{ field: 'tz', message: 'must be an IANA time zone such as Europe/Paris' }]);
  return DateTime.fromJSDate(now, { zone }).toISODate() as string;
}

export interface UnitLine {
  quantity: number;
  allocated: number;
  backordered: number;
  cancelled: number;
  shipped: number;
  parentLineId: string | null;
}

/**
 * The order's units as the customer counts them: over the lines they ordered (a kit counts as
 * itself, with the quantities the view derives for it), not over kit component lines.
 */
export function orderUnits(lines: UnitLine[]): { ordered: number; allocated: number; backordered: number; shipped: number; cancelled: number } {
  const units = { ordered: 0, allocated: 0, backordered: 0, shipped: 0, cancelled: 0 };
  for (const l of lines) {
    if (l.parentLineId !== null) continue;
    units.ordered += l.quantity;
    units.allocated += l.allocated;
    units.backordered += l.backordered;
    units.shipped += l.shipped;
    units.cancelled += l.cancelled;
  }
  return units;
}
