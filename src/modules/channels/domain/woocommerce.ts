// WooCommerce REST v3 order (the `order.created` / `order.updated` webhook body is the same
// object) → the canonical order. Pure: the payload is already-parsed JSON.
//
// Decisions:
// - external_id: `id` as a string; channel_order_name: `number`, the shop-facing number (it may
//   differ from id with a sequential-numbers plugin).
// - unit_price: line `subtotal` (before coupons, before tax) ÷ quantity; the coupon share
//   (`subtotal` − `total`) is the line's discount, named by the coupon code when the order has one
//   coupon. A subtotal that does not divide over the units gets the unit price rounded up and a
//   `rounding` discount (order-parts.ts), so the line total is exact.
// - placed_at: `date_created_gmt` (UTC written without an offset), never the site-local value.
// - taxes: line and shipping `taxes[].total`, titled and rated by the order's `tax_lines` (label,
//   rate_percent) through rate_id; a line without `taxes` takes its `total_tax`. WooCommerce line and
//   shipping totals are always net of tax, whatever `prices_include_tax` says about the catalogue,
//   so the canonical order is never tax-inclusive.
// - shipping: one shipping line per shipping_lines[] (`total`, its taxes); service_level from
//   method_id/method_title, heuristically. Fees (fee_lines) have no canonical home: reported, and
//   the stated `total` (channel_totals) shows them as a discrepancy.
// - client: `customer_ip_address`, `customer_user_agent` (fraud screening; a malformed IP is left out).
// - transactions: a paid order (date_paid_gmt, processing/completed/on-hold) is one sale of `total`
//   through payment_method, referenced by transaction_id.
// - status: pending/processing/on-hold/checkout-draft → open; completed → closed;
//   cancelled/refunded/failed/trash → cancelled; a plugin's custom status → open, reported.

import {
  LIMITS,
  MappingLog,
  boundedStr,
  fullName,
  isRecord,
  money,
  readAddress,
  readCurrency,
  readEmail,
  readExternalId,
  readInstant,
  readMoney,
  readQuantity,
  readSku,
  str,
  type CanonicalAddress,
  type CanonicalOrder,
  type CanonicalOrderLine,
  type ChannelOrderStatus,
  type MappingResult,
} from './canonical.js';
import type { CanonicalTax, CanonicalTransaction } from '../../../platform/contracts/canonical-order.js';
import { boundedTitle, canonicalLine, customerOf, eachRecord, finishOrder, mappingResult, rateOf, serviceLevelOf, shippingOf, type SourceShipping } from './order-parts.js';
import { readClient } from './risk-parts.js';

export const wooStatusMap = {
  pending: 'open',
  processing: 'open',
  'on-hold': 'open',
  'checkout-draft': 'open',
  completed: 'closed',
  cancelled: 'cancelled',
  refunded: 'cancelled',
  failed: 'cancelled',
  trash: 'cancelled',
} as const satisfies Record<string, ChannelOrderStatus>;

export function mapWooCommerceOrder(payload: unknown, channel: string): MappingResult {
  const log = new MappingLog();
  if (!isRecord(payload)) {
    log.problem('$', 'the webhook body must be a JSON object (a WooCommerce order)');
    return mappingResult(log, 'open', 'unknown', null);
  }
  const p = payload;
  const sourceStatus = (str(p['status']) ?? 'unknown').replace(/^wc-/, '');
  let status: ChannelOrderStatus = 'open';
  if (Object.hasOwn(wooStatusMap, sourceStatus)) status = wooStatusMap[sourceStatus as keyof typeof wooStatusMap];
  else log.skip('status', p['status'] ?? null, 'not a WooCommerce core status (a plugin status?); treated as open');

  const externalId = readExternalId(log, p['id'], 'id');
  const currency = readCurrency(log, p['currency'], 'currency');
  const placedAt = readInstant(log, p['date_created_gmt'], 'date_created_gmt', true);

  const rates = taxRates(p['tax_lines']);
  const coupons = Array.isArray(p['coupon_lines']) ? p['coupon_lines'].filter(isRecord) : [];
  const couponCode = coupons.length === 1 ? boundedTitle(coupons[0]?.['code']) : null;
  const lines: CanonicalOrderLine[] = [];
  eachRecord(log, p['line_items'], 'line_items', { required: true, max: LIMITS.maxLines }, (raw, field) => {
    const line = mapLine(log, raw, field, currency?.exponent, rates, couponCode);
    if (line) lines.push(line);
  });

  const charges: SourceShipping[] = [];
  eachRecord(log, p['shipping_lines'], 'shipping_lines', { required: false }, (raw, field) => {
    if (!currency) return;
    const lineLevel = serviceLevelOf(raw['method_id'], raw['method_title']);
    charges.push({
      field,
      price: readMoney(log, raw['total'], `${field}.total`, currency.exponent, 0),
      discount: 0,
      discountField: `${field}.total`,
      discountValue: raw['total'],
      level: lineLevel,
      title: boundedTitle(raw['method_title']),
      taxes: taxesOf(log, raw, field, currency.exponent, rates) ?? [],
    });
  });
  const { shipping, shipping_lines } = currency ? shippingOf(log, charges, currency.exponent) : { shipping: null, shipping_lines: undefined };

  const billing = isRecord(p['billing']) ? p['billing'] : null;
  const email = readEmail(log, billing?.['email'], 'billing.email');
  const name = boundedStr(log, fullName(billing?.['first_name'], billing?.['last_name']), 'customer.name', 200);
  const phone = boundedStr(log, billing?.['phone'], 'billing.phone', 50);
  const customer = customerOf(email, name, phone);

  const shippingAddress = address(log, p['shipping'], 'shipping', true);
  const billingAddress = address(log, p['billing'], 'billing', false);
  const notes = boundedStr(log, p['customer_note'], 'customer_note', LIMITS.notesLength);

  reportOrderLevel(log, p);

  return finishOrder(log, status, sourceStatus, { channel, externalId, currency }, {
    // The shop-facing number (a sequential-numbers plugin makes it differ from id); the id when absent.
    channel_order_name: boundedStr(log, str(p['number']) ?? externalId, 'number', LIMITS.channelOrderNameLength),
    placed_at: placedAt,
    customer,
    shipping_address: shippingAddress,
    billing_address: billingAddress,
    lines,
    shipping,
    ...(shipping_lines ? { shipping_lines } : {}),
    taxes_included: false,
    channel_totals: currency ? statedTotals(log, p, currency.exponent) : null,
    transactions: currency ? wooPayments(log, p, currency.exponent) : [],
    client: readClient(log, { ip: p['customer_ip_address'], userAgent: p['customer_user_agent'] }, { ip: 'customer_ip_address' }),
    notes,
    tags: [],
  });
}

/** Statuses of an order whose `date_paid` may stand: WooCommerce keeps the date after a refund or cancel. */
const PAID_STATUSES = new Set(['processing', 'completed', 'on-hold']);

/**
 * A paid order (`date_paid_gmt` set, in a live status) is one sale of `total` through its
 * `payment_method`, with the gateway's `transaction_id` as reference when there is one.
 */
function wooPayments(log: MappingLog, p: Record<string, unknown>, exponent: number): CanonicalTransaction[] {
  const paidAt = readInstant(log, p['date_paid_gmt'], 'date_paid_gmt', true);
  if (paidAt === null || !PAID_STATUSES.has(str(p['status']) ?? '')) return [];
  const total = p['total'] === undefined || p['total'] === null || p['total'] === '' ? null : readMoney(log, p['total'], 'total', exponent);
  if (total === null || total === 0) return [];
  const gateway = (str(p['payment_method']) ?? 'woocommerce').slice(0, 100);
  const reference = str(p['transaction_id']);
  return [{ kind: 'sale', amount: money(total, exponent), gateway, gateway_reference: reference ? reference.slice(0, 255) : null, processed_at: paidAt }];
}

/** The order's stated total and tax, for capture to compare with what it computes. */
function statedTotals(log: MappingLog, p: Record<string, unknown>, exponent: number): CanonicalOrder['channel_totals'] {
  const read = (key: string) => {
    if (p[key] === undefined || p[key] === null || p[key] === '') return undefined;
    const minor = readMoney(log, p[key], key, exponent);
    return minor === null ? undefined : money(minor, exponent);
  };
  return Object.fromEntries(Object.entries({ tax: read('total_tax'), total: read('total') }).filter(([, v]) => v !== undefined));
}

/** The order's tax_lines by rate_id: what names and rates the lines' `taxes[]` refer to. */
function taxRates(value: unknown): Map<unknown, { title: string | null; rate: string | null }> {
  const rates = new Map<unknown, { title: string | null; rate: string | null }>();
  if (Array.isArray(value)) for (const t of value.filter(isRecord)) rates.set(t['rate_id'], { title: boundedTitle(t['label'] ?? t['rate_code']), rate: rateOf(t['rate_percent'], true) });
  return rates;
}

/** A line's or shipping line's taxes: `taxes[].total` by rate, else its `total_tax` as one tax. */
function taxesOf(log: MappingLog, raw: Record<string, unknown>, field: string, exponent: number, rates: Map<unknown, { title: string | null; rate: string | null }>): CanonicalTax[] | null {
  const list = Array.isArray(raw['taxes']) ? raw['taxes'] : [];
  const taxes: CanonicalTax[] = [];
  for (const [j, t] of list.entries()) {
    if (!isRecord(t)) continue;
    const minor = readMoney(log, t['total'], `${field}.taxes[${j}].total`, exponent, 0);
    if (minor === null) return null;
    if (minor > 0) taxes.push({ ...(rates.get(t['id']) ?? { title: null, rate: null }), amount: money(minor, exponent) });
  }
  if (list.length > 0) return taxes;
  const total = readMoney(log, raw['total_tax'], `${field}.total_tax`, exponent, 0);
  if (total === null) return null;
  return total > 0 ? [{ title: null, rate: null, amount: money(total, exponent) }] : [];
}

function mapLine(
  log: MappingLog,
  raw: Record<string, unknown>,
  field: string,
  exponent: number | undefined,
  rates: Map<unknown, { title: string | null; rate: string | null }>,
  couponCode: string | null,
): CanonicalOrderLine | null {
  const sku = readSku(log, raw['sku'], `${field}.sku`);
  const quantity = readQuantity(log, raw['quantity'], `${field}.quantity`);
  if (exponent === undefined) return null;
  const total = readMoney(log, raw['total'], `${field}.total`, exponent);
  const subtotal = readMoney(log, raw['subtotal'], `${field}.subtotal`, exponent, total ?? 0);
  const taxes = taxesOf(log, raw, field, exponent, rates);
  if (Array.isArray(raw['meta_data']) && raw['meta_data'].length > 0) log.skip(`${field}.meta_data`, raw['meta_data'], 'line meta data (variations, add-ons) has no canonical field');
  if (sku === null || quantity === null || total === null || subtotal === null || taxes === null) return null;
  if (total > subtotal) {
    log.problem(`${field}.total`, 'is more than the line subtotal (coupons only take off)');
    return null;
  }
  const coupon = subtotal - total;
  return canonicalLine(
    log,
    {
      sku,
      quantity,
      gross: subtotal,
      grossField: `${field}.subtotal`,
      grossValue: raw['subtotal'],
      discount: coupon,
      discountField: `${field}.total`,
      discountValue: raw['total'],
      discounts: coupon > 0 ? [{ code: couponCode, source: 'discount_code', amount: money(coupon, exponent) }] : [],
      taxes,
    },
    exponent,
  );
}

function address(log: MappingLog, value: unknown, field: string, required: boolean): CanonicalAddress | null {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) {
    log.problem(field, 'must be an object');
    return null;
  }
  return readAddress(
    log,
    {
      name: fullName(value['first_name'], value['last_name']),
      company: value['company'],
      line1: value['address_1'],
      line2: value['address_2'],
      city: value['city'],
      region: value['state'],
      postal_code: value['postcode'],
      country: value['country'],
      phone: value['phone'],
    },
    field,
    required,
  );
}

function reportOrderLevel(log: MappingLog, p: Record<string, unknown>): void {
  for (const key of ['fee_lines', 'refunds'] as const) {
    const value = p[key];
    if (Array.isArray(value) && value.length > 0) {
      log.skip(key, value, key === 'fee_lines' ? 'fees have no canonical field and are not in the order total' : 'no canonical field');
    }
  }
  if (Array.isArray(p['meta_data']) && p['meta_data'].length > 0) log.skip('meta_data', p['meta_data'], 'plugin data has no canonical field');
  if (str(p['payment_method']) !== null) log.skip('payment_method', p['payment_method'], 'payment is not part of the canonical order');
}
