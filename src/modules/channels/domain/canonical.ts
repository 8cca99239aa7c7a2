// The canonical order a channel adapter produces: exactly the body of the order capture API
// (src/platform/contracts/canonical-order.ts, the one definition), plus what the adapter could not
// map. Adapters never throw on a malformed payload: every defect is a `problem`, and `order` is
// null whenever there is one. The readers below (fields, line lists, shipping lines) are shared
// by every adapter (Shopify, WooCommerce, Amazon, eBay) so all validate the same way the API will.

import countries from 'i18n-iso-countries';
import { currencyExponent, formatMoney, parseMoney } from '../../../platform/kernel/money.js';
import { CANONICAL_ORDER_LIMITS, type CanonicalAddress, type CanonicalOrder } from '../../../platform/contracts/canonical-order.js';

export type { CanonicalAddress, CanonicalOrder, CanonicalOrderLine } from '../../../platform/contracts/canonical-order.js';

export type ChannelOrderStatus = 'open' | 'cancelled' | 'closed';

export interface MappingProblem {
  /** Path in the source payload, e.g. `line_items[1].sku`. */
  field: string;
  message: string;
}

export interface UnmappedField {
  /** Path in the source payload. */
  field: string;
  value: unknown;
  reason: string;
}

export interface MappingResult {
  /** Null when there is any problem. */
  order: CanonicalOrder | null;
  problems: MappingProblem[];
  unmapped: UnmappedField[];
  status: ChannelOrderStatus;
  /** The source's own status words, for the audit trail. */
  sourceStatus: string;
}

// ---- limits of the capture API (the contract's own) ----
export const LIMITS = CANONICAL_ORDER_LIMITS;

const SKU = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Collects problems and unmapped fields while an adapter walks a payload. */
export class MappingLog {
  readonly problems: MappingProblem[] = [];
  readonly unmapped: UnmappedField[] = [];
  problem(field: string, message: string): void {
    this.problems.push({ field, message });
  }
  skip(field: string, value: unknown, reason: string): void {
    this.unmapped.push({ field, value, reason });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A trimmed non-empty string, or null for absent/empty/non-string values. */
export function str(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A string field that must fit `max`; an over-long value is a problem, not silently cut. */
export function boundedStr(log: MappingLog, value: unknown, field: string, max: number): string | null {
  const s = str(value);
  if (s !== null && s.length > max) {
    log.problem(field, `is longer than ${max} characters`);
    return null;
  }
  return s;
}

/** The currency code and its ISO 4217 exponent, or a problem. */
export function readCurrency(log: MappingLog, value: unknown, field: string): { code: string; exponent: number } | null {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  const exponent = currencyExponent(code);
  if (exponent === undefined) {
    log.problem(field, 'must be an ISO 4217 currency code such as USD');
    return null;
  }
  return { code, exponent };
}

/**
 * A decimal money string (or, where a platform sends one, a finite number) in minor units.
 * Numbers go through their shortest decimal representation, so 12.5 reads as "12.5", exactly.
 * Missing → `fallback` when given; anything else unreadable is a problem.
 */
export function readMoney(log: MappingLog, value: unknown, field: string, exponent: number, fallback?: number): number | null {
  if ((value === undefined || value === null || value === '') && fallback !== undefined) return fallback;
  let text: string | null = null;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && !/e/i.test(String(value))) text = String(value);
  if (text === null) {
    log.problem(field, 'must be a non-negative decimal amount such as "19.99"');
    return null;
  }
  const parsed = parseMoney(text, exponent);
  if (parsed.ok) return parsed.minor;
  log.problem(
    field,
    parsed.error === 'too_many_decimals' ? `has more than ${exponent} decimal places` : parsed.error === 'too_large' ? 'is too large' : 'must be a non-negative decimal amount such as "19.99"',
  );
  return null;
}

export const money = formatMoney;

/** A line quantity the API accepts: an integer 1..1,000,000. */
export function readQuantity(log: MappingLog, value: unknown, field: string): number | null {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > LIMITS.maxQuantity) {
    log.problem(field, `must be a whole number from 1 to ${LIMITS.maxQuantity}`);
    return null;
  }
  return value;
}

/** A SKU the OMS can match: required, at most 64 characters of [A-Za-z0-9._:/-]. */
export function readSku(log: MappingLog, value: unknown, field: string): string | null {
  const sku = str(value);
  if (sku === null) {
    log.problem(field, 'is missing: the OMS matches order lines to products by SKU');
    return null;
  }
  if (sku.length > 64 || !SKU.test(sku)) {
    log.problem(field, 'must be 1–64 characters of letters, digits and . _ : / - (starting with a letter or digit)');
    return null;
  }
  return sku;
}

/** The source's order id as a string: a positive safe integer or a non-empty string of digits/letters. */
export function readExternalId(log: MappingLog, value: unknown, field: string): string | null {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value > 0) return String(value);
    log.problem(field, Number.isInteger(value) && value > 0 ? 'is beyond 2^53 and lost precision in JSON parsing' : 'must be a positive integer');
    return null;
  }
  const s = str(value);
  if (s !== null && s.length <= LIMITS.externalIdLength && /^[A-Za-z0-9._:-]+$/.test(s)) return s;
  log.problem(field, 'is missing or not an order id');
  return null;
}

/** An ISO 8601 instant, normalised to UTC. A value without an offset is read as UTC (`assumeUtc`) or refused. */
export function readInstant(log: MappingLog, value: unknown, field: string, assumeUtc: boolean): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') {
    log.problem(field, 'must be an ISO 8601 date-time');
    return null;
  }
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?/.test(value) || (!hasOffset && !assumeUtc)) {
    log.problem(field, 'must be an ISO 8601 date-time with an offset');
    return null;
  }
  const ms = Date.parse(hasOffset ? value : `${value}Z`);
  // Date.parse rolls some impossible calendar dates over (2025-02-30 → 2025-03-02); refuse them.
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const calendar = new Date(Date.UTC(y ?? 0, (m ?? 0) - 1, d ?? 0));
  if (Number.isNaN(ms) || calendar.getUTCMonth() + 1 !== m || calendar.getUTCDate() !== d) {
    log.problem(field, 'is not a valid date-time');
    return null;
  }
  return new Date(ms).toISOString();
}

/** An e-mail the API's `format: email` accepts, or null (an unusable one is reported, not fatal). */
export function readEmail(log: MappingLog, value: unknown, field: string): string | null {
  const email = str(value);
  if (email === null) return null;
  if (email.length > 254 || !EMAIL.test(email)) {
    log.skip(field, value, 'not a usable e-mail address; customer.email left empty');
    return null;
  }
  return email;
}

export function fullName(first: unknown, last: unknown): string | null {
  const name = [str(first), str(last)].filter((p): p is string => p !== null).join(' ');
  return name === '' ? null : name;
}

export interface RawAddress {
  name: string | null;
  company: unknown;
  line1: unknown;
  line2: unknown;
  city: unknown;
  region: unknown;
  postal_code: unknown;
  country: unknown;
  phone: unknown;
}

/**
 * A platform address → the canonical one. All-empty → null (digital orders, local pickup).
 * A partly filled address without line1, city or a valid ISO country is a problem when
 * `required` (we would not know where to ship), otherwise reported and dropped.
 */
export function readAddress(log: MappingLog, raw: RawAddress, field: string, required: boolean): CanonicalAddress | null {
  const line1 = str(raw.line1);
  const city = str(raw.city);
  const countryRaw = str(raw.country);
  const anything = [raw.name, raw.company, raw.line1, raw.line2, raw.city, raw.region, raw.postal_code, raw.country].some((v) => str(v) !== null);
  if (!anything) return null;
  const country = countryRaw?.toUpperCase() ?? null;
  const missing: string[] = [];
  if (line1 === null) missing.push('the street line');
  if (city === null) missing.push('the city');
  if (country === null || !/^[A-Z]{2}$/.test(country) || !countries.isValid(country)) missing.push('an ISO 3166-1 alpha-2 country');
  if (missing.length > 0 || line1 === null || city === null || country === null) {
    const message = `lacks ${missing.join(', ')}`;
    if (required) log.problem(field, message);
    else log.skip(field, raw, `${message}; left empty`);
    return null;
  }
  const problemsBefore = log.problems.length;
  const address: CanonicalAddress = {
    name: boundedStr(log, raw.name, `${field}.name`, 200),
    company: boundedStr(log, raw.company, `${field}.company`, 200),
    line1: boundedStr(log, line1, `${field}.line1`, 300) ?? '',
    line2: boundedStr(log, raw.line2, `${field}.line2`, 300),
    city: boundedStr(log, city, `${field}.city`, 200) ?? '',
    region: boundedStr(log, raw.region, `${field}.region`, 100),
    postal_code: boundedStr(log, raw.postal_code, `${field}.postal_code`, 20),
    country,
    phone: boundedStr(log, raw.phone, `${field}.phone`, 50),
  };
  return log.problems.length === problemsBefore ? address : null;
}
