// The parts every channel adapter assembles an order from: service levels, tags, per-unit prices,
// source lines and shipping charges, the customer, and the finished MappingResult. The readers of
// single fields are in canonical.ts.

import type { CanonicalDiscount, CanonicalShippingLine, CanonicalTax } from '../../../platform/contracts/canonical-order.js';
import { LIMITS, MappingLog, isRecord, money, readMoney, str, type CanonicalOrder, type CanonicalOrderLine, type ChannelOrderStatus, type MappingResult } from './canonical.js';

export type ServiceLevel = 'standard' | 'expedited' | 'overnight';
const LEVEL_RANK: Record<ServiceLevel, number> = { standard: 0, expedited: 1, overnight: 2 };

/**
 * A shipping method's words → a service level. Heuristic, on purpose: platforms let merchants
 * name rates freely. overnight: "overnight", "next day", "1 day", "same day"; expedited:
 * "express", "expedited", "priority", "2 day"/"two day", "rush"; anything else standard.
 */
export function serviceLevelOf(...words: unknown[]): ServiceLevel {
  const text = words
    .filter((w): w is string => typeof w === 'string')
    .join(' ')
    .toLowerCase()
    .replace(/[_-]+/g, ' ');
  if (/\b(overnight|next day|nextday|1 day|one day|same day)\b/.test(text)) return 'overnight';
  if (/\b(express|expedited|priority|2 day|two day|2nd day|second day|rush)\b/.test(text)) return 'expedited';
  return 'standard';
}

export function fastest(a: ServiceLevel, b: ServiceLevel): ServiceLevel {
  return LEVEL_RANK[b] > LEVEL_RANK[a] ? b : a;
}

/** Tags the API accepts: trimmed, non-empty, de-duplicated, ≤ 100 characters each, ≤ 50 in all. */
export function readTags(log: MappingLog, raw: string[], field: string): string[] {
  const tags: string[] = [];
  for (const tag of raw.map((t) => t.trim()).filter((t) => t !== '')) {
    if (tags.includes(tag)) continue;
    if (tag.length > LIMITS.tagLength) log.skip(field, tag, `tag longer than ${LIMITS.tagLength} characters`);
    else if (tags.length >= LIMITS.maxTags) log.skip(field, tag, `more than ${LIMITS.maxTags} tags`);
    else tags.push(tag);
  }
  return tags;
}

/**
 * Splits `total` minor units over `quantity` units. Canonical lines carry one unit price, so an
 * amount that does not divide evenly cannot be represented exactly: the unit price is rounded
 * down and the remainder (0 ≤ remainder < quantity minor units) is returned for the caller to
 * report. Rounding down means the OMS line total is never more than what the customer paid.
 */
export function perUnit(total: number, quantity: number): { unit: number; remainder: number } {
  const unit = Math.floor(total / quantity);
  return { unit, remainder: total - unit * quantity };
}

/**
 * Walks a source array of objects (line items, shipping lines): not an array, or an element that
 * is not an object, is a problem; `required` makes an absent or empty array a problem too, and
 * `max` caps the length. `read` gets each object with its path (`line_items[1]`).
 */
export function eachRecord(
  log: MappingLog,
  value: unknown,
  field: string,
  options: { required: boolean; max?: number },
  read: (raw: Record<string, unknown>, path: string, index: number) => void,
): void {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    if (options.required) log.problem(field, 'must be a non-empty array');
    return;
  }
  if (!Array.isArray(value)) {
    log.problem(field, options.required ? 'must be a non-empty array' : 'must be an array');
    return;
  }
  if (options.max !== undefined && value.length > options.max) {
    log.problem(field, `has more than ${options.max} lines`);
    return;
  }
  value.forEach((raw: unknown, i) => {
    const path = `${field}[${i}]`;
    if (isRecord(raw)) read(raw, path, i);
    else log.problem(path, 'must be an object');
  });
}

/** One source line, already read: what every platform's line comes down to. */
export interface SourceLine {
  sku: string | null;
  quantity: number | null;
  /** What all units cost before discounts, in minor units (Shopify price × quantity, Amazon ItemPrice). */
  gross: number | null;
  /** Source path and value of the amount `gross` comes from, where an uneven split is reported. */
  grossField: string;
  grossValue: unknown;
  /** Discounts on the line in minor units; null when unreadable. */
  discount: number | null;
  /** Source path and value of the discounts, where they are reported. */
  discountField: string;
  discountValue: unknown;
  /** The discounts one by one (code, title, source) when the platform names them; else one `channel` discount of `discount`. */
  discounts?: CanonicalDiscount[];
  taxes?: CanonicalTax[];
}

/**
 * A source line → a canonical line: its unit price before discounts, its discounts and taxes as
 * amounts for all its units (capture spreads them over the units exactly, ADR 0017). A platform
 * that gives a line total which does not divide over the units (Amazon ItemPrice, a WooCommerce
 * subtotal) gets the unit price rounded up and the difference as a `rounding` discount, so the
 * line total stays exactly the platform's. Discounts above the line's gross are a problem.
 */
export function canonicalLine(log: MappingLog, line: SourceLine, exponent: number): CanonicalOrderLine | null {
  const { sku, quantity, gross, discount } = line;
  if (sku === null || quantity === null || gross === null || discount === null) return null;
  if (discount > gross) {
    log.problem(line.discountField, `discounts (${money(discount, exponent)}) exceed the line total (${money(gross, exponent)})`);
    return null;
  }
  const unit = Math.ceil(gross / quantity);
  const rounding = unit * quantity - gross;
  const discounts: CanonicalDiscount[] = line.discounts ?? (discount > 0 ? [{ source: 'channel', amount: money(discount, exponent) }] : []);
  if (rounding > 0) {
    discounts.push({ source: 'rounding', title: 'unit price rounded up', amount: money(rounding, exponent) });
    log.skip(line.grossField, line.grossValue, `${money(gross, exponent)} does not divide over ${quantity} units: unit_price ${money(unit, exponent)} with a rounding discount of ${money(rounding, exponent)}, so the line total is exact`);
  }
  return { sku, quantity, unit_price: money(unit, exponent), ...(discounts.length > 0 ? { discounts } : {}), ...(line.taxes && line.taxes.length > 0 ? { taxes: line.taxes } : {}) };
}

/** One source shipping charge, already read. */
export interface SourceShipping {
  /** Source path of the charge (`shipping_lines[0]`, `OrderItems[1]`). */
  field: string;
  /** The charge in minor units; null when unreadable (already a problem). */
  price: number | null;
  /** Discounts on it in minor units (0 when none); null when unreadable. */
  discount: number | null;
  discountField: string;
  discountValue: unknown;
  level: ServiceLevel;
  /** The platform's name of the rate (`UPS Ground`, `Flat rate`). */
  title?: string | null;
  /** The discounts one by one when the platform names them; else one `channel` discount of `discount`. */
  discounts?: CanonicalDiscount[];
  taxes?: CanonicalTax[];
}

/**
 * The charges as canonical shipping lines (price, discounts, taxes), and the order's service level:
 * the fastest among them. A discount above its charge is a problem. No charges → no shipping.
 */
export function shippingOf(log: MappingLog, charges: SourceShipping[], exponent: number): Pick<CanonicalOrder, 'shipping' | 'shipping_lines'> {
  if (charges.length === 0) return { shipping: null };
  let level: ServiceLevel = 'standard';
  const lines: CanonicalShippingLine[] = [];
  for (const charge of charges) {
    const { price, discount } = charge;
    level = fastest(level, charge.level);
    if (price === null || discount === null) continue;
    if (discount > price) {
      log.problem(charge.discountField, 'discounts exceed the shipping price');
      continue;
    }
    const discounts = charge.discounts ?? (discount > 0 ? [{ source: 'channel', amount: money(discount, exponent) }] : []);
    lines.push({
      title: charge.title ?? null,
      service_level: charge.level,
      price: money(price, exponent),
      ...(discounts.length > 0 ? { discounts } : {}),
      ...(charge.taxes && charge.taxes.length > 0 ? { taxes: charge.taxes } : {}),
    });
  }
  return { shipping: { service_level: level }, shipping_lines: lines };
}

/**
 * Tax lines of a platform (`[{title, rate, price}]` and the like) as canonical taxes. A rate the
 * OMS cannot read as a decimal fraction is left out (reported); the amount is what counts.
 */
export function readTaxLines(
  log: MappingLog,
  value: unknown,
  field: string,
  exponent: number,
  keys: { amount: string; rate?: string; title?: string },
  options: { ratePercent?: boolean } = {},
): CanonicalTax[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    log.problem(field, 'must be an array');
    return null;
  }
  const taxes: CanonicalTax[] = [];
  for (const [j, raw] of value.entries()) {
    if (!isRecord(raw)) {
      log.problem(`${field}[${j}]`, 'must be an object');
      return null;
    }
    const amount = readMoney(log, raw[keys.amount], `${field}[${j}].${keys.amount}`, exponent);
    if (amount === null) return null;
    const rate = keys.rate ? rateOf(raw[keys.rate], options.ratePercent === true) : null;
    if (keys.rate && rate === null && raw[keys.rate] !== undefined && raw[keys.rate] !== null && raw[keys.rate] !== '') log.skip(`${field}[${j}].${keys.rate}`, raw[keys.rate], 'not a decimal rate; the tax amount is kept without it');
    taxes.push({ title: keys.title ? boundedTitle(raw[keys.title]) : null, rate, amount: money(amount, exponent) });
  }
  return taxes;
}

/** A rate as the decimal fraction the canonical order takes ("0.0825"); a percentage is divided by 100 exactly, in text. */
export function rateOf(value: unknown, percent: boolean): string | null {
  const text = typeof value === 'number' && Number.isFinite(value) && value >= 0 && !/e/i.test(String(value)) ? String(value) : str(value);
  const match = text === null ? null : /^([0-9]{1,3})(?:\.([0-9]{0,8}))?$/.exec(text);
  if (!match) return null;
  if (!percent) return `${Number(match[1])}${match[2] ? `.${match[2]}` : ''}`;
  const scale = (match[2] ?? '').length + 2;
  const digits = `${match[1]}${match[2] ?? ''}`.padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale) || '0';
  const fraction = digits.slice(digits.length - scale).padStart(scale, '0').replace(/0+$/, '');
  return `${Number(whole)}${fraction ? `.${fraction}` : ''}`;
}

/** A title of at most 200 characters, or null. */
export function boundedTitle(value: unknown): string | null {
  const s = str(value);
  return s === null ? null : s.slice(0, 200);
}

/** The customer when any of its fields is known, else null. */
export function customerOf(email: string | null, name: string | null, phone: string | null): CanonicalOrder['customer'] {
  return email ?? name ?? phone ? { email, name, phone } : null;
}

/**
 * The adapter's answer: the order only when nothing was a problem and the source's id and
 * currency were read (their absence is always a problem already).
 */
export function finishOrder(
  log: MappingLog,
  status: ChannelOrderStatus,
  sourceStatus: string,
  head: { channel: string; externalId: string | null; currency: { code: string } | null },
  rest: Omit<CanonicalOrder, 'channel' | 'external_id' | 'currency'>,
): MappingResult {
  const { channel, externalId, currency } = head;
  return mappingResult(log, status, sourceStatus, currency && externalId !== null ? { channel, external_id: externalId, currency: currency.code, ...rest } : null);
}

/** The adapter's answer: the order only when nothing was a problem (and the adapter built one). */
export function mappingResult(log: MappingLog, status: ChannelOrderStatus, sourceStatus: string, order: CanonicalOrder | null): MappingResult {
  if (log.problems.length > 0 || order === null) return { order: null, problems: log.problems, unmapped: log.unmapped, status, sourceStatus };
  return { order, problems: [], unmapped: log.unmapped, status, sourceStatus };
}

/**
 * A platform's money object (Amazon `{CurrencyCode, Amount}`, eBay `{value, currency}`) in minor
 * units of the order currency; another currency is a problem. Absent → a problem when `required`,
 * else 0. `magnitude` reads a discount written either way ("-1.00" or "1.00") as its size.
 */
export function readMoneyObject(
  log: MappingLog,
  value: unknown,
  field: string,
  currency: { code: string; exponent: number },
  keys: { amount: string; currency: string },
  options: { required: boolean; magnitude?: boolean },
): number | null {
  if (value === undefined || value === null) {
    if (options.required) log.problem(field, 'is missing');
    return options.required ? null : 0;
  }
  if (!isRecord(value)) {
    log.problem(field, `must be an amount object { ${keys.amount}, ${keys.currency} }`);
    return null;
  }
  const code = str(value[keys.currency]);
  if (code !== null && code.toUpperCase() !== currency.code) {
    log.problem(`${field}.${keys.currency}`, `is ${code}; the order is in ${currency.code}`);
    return null;
  }
  let amount = value[keys.amount];
  if (options.magnitude && typeof amount === 'string') amount = amount.trim().replace(/^-/, '');
  return readMoney(log, amount, `${field}.${keys.amount}`, currency.exponent);
}
