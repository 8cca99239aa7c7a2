// The parts every channel adapter assembles an order from: service levels, tags, per-unit prices,
// source lines and shipping charges, the customer, and the finished MappingResult. The readers of
// single fields are in canonical.ts.

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
}

/**
 * A source line → a canonical line: (gross − discount) spread over the units in integer minor
 * units (`perUnit`). A discount is reported where it came from with the resulting unit price;
 * an amount that does not divide evenly is rounded down and its remainder reported. Discounts
 * above the line's gross are a problem.
 */
export function canonicalLine(log: MappingLog, line: SourceLine, exponent: number): CanonicalOrderLine | null {
  const { sku, quantity, gross, discount } = line;
  if (sku === null || quantity === null || gross === null || discount === null) return null;
  if (discount > gross) {
    log.problem(line.discountField, `discounts (${money(discount, exponent)}) exceed the line total (${money(gross, exponent)})`);
    return null;
  }
  const { unit, remainder } = perUnit(gross - discount, quantity);
  if (discount > 0) {
    const before = gross % quantity === 0 ? money(gross / quantity, exponent) : `${money(gross, exponent)} ÷ ${quantity}`;
    log.skip(
      line.discountField,
      line.discountValue,
      remainder === 0
        ? `discount of ${money(discount, exponent)} spread over ${quantity} unit(s): unit_price ${money(unit, exponent)} instead of ${before}`
        : `discount of ${money(discount, exponent)} does not divide over ${quantity} units: unit_price rounded down to ${money(unit, exponent)}, ${money(remainder, exponent)} of the line total (${money(gross - discount, exponent)}) not represented`,
    );
  } else if (remainder > 0) {
    log.skip(
      line.grossField,
      line.grossValue,
      `${money(gross, exponent)} does not divide over ${quantity} units: unit_price rounded down to ${money(unit, exponent)}, ${money(remainder, exponent)} of the line total not represented`,
    );
  }
  return { sku, quantity, unit_price: money(unit, exponent) };
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
}

/**
 * Σ (price − discount) over the charges, and the fastest service level among them. A discount
 * above its charge is a problem; any discount is reported where it came from. No charges → null.
 */
export function sumShipping(log: MappingLog, charges: SourceShipping[], exponent: number): { service_level: ServiceLevel; price: string } | null {
  if (charges.length === 0) return null;
  let total = 0;
  let level: ServiceLevel = 'standard';
  for (const charge of charges) {
    const { price, discount } = charge;
    if (price !== null && discount !== null) {
      if (discount > price) log.problem(charge.discountField, 'discounts exceed the shipping price');
      else total += price - discount;
      if (discount > 0) log.skip(charge.discountField, charge.discountValue, `shipping discount of ${money(discount, exponent)} taken off shipping.price`);
    }
    level = fastest(level, charge.level);
  }
  return { service_level: level, price: money(total, exponent) };
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
