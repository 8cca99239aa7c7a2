// WooCommerce REST v3 order (the `order.created` / `order.updated` webhook body is the same
// object) → the canonical order. Pure: the payload is already-parsed JSON.
//
// Decisions:
// - external_id: `id` as a string; channel_order_name: `number`, the shop-facing number (it may
//   differ from id with a sequential-numbers plugin).
// - unit_price: line `total` (after coupons, before tax, a decimal string) ÷ quantity when that is
//   exact in minor units. Otherwise the line's `price` (WooCommerce's own total ÷ quantity, a
//   float) rounded down to the currency's minor unit, computed from `total` in integers, and the
//   remainder is reported in `unmapped`. `subtotal` − `total` (the coupon share) is reported too.
// - placed_at: `date_created_gmt` (UTC written without an offset), never the site-local value.
// - taxes: `total_tax`, line `total_tax`, shipping `total_tax` are reported in `unmapped`.
// - shipping: Σ shipping_lines[].total; service_level from method_id/method_title, heuristically.
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
import { canonicalLine, customerOf, eachRecord, finishOrder, mappingResult, serviceLevelOf, sumShipping, type SourceShipping } from './order-parts.js';

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

  const lines: CanonicalOrderLine[] = [];
  eachRecord(log, p['line_items'], 'line_items', { required: true, max: LIMITS.maxLines }, (raw, field) => {
    const line = mapLine(log, raw, field, currency?.exponent);
    if (line) lines.push(line);
  });

  const charges: SourceShipping[] = [];
  eachRecord(log, p['shipping_lines'], 'shipping_lines', { required: false }, (raw, field) => {
    if (!currency) return;
    const lineLevel = serviceLevelOf(raw['method_id'], raw['method_title']);
    charges.push({ field, price: readMoney(log, raw['total'], `${field}.total`, currency.exponent, 0), discount: 0, discountField: `${field}.total`, discountValue: raw['total'], level: lineLevel });
    log.skip(`${field}.method_title`, { method_id: raw['method_id'] ?? null, method_title: raw['method_title'] ?? null }, `shipping method; mapped to service_level ${lineLevel}`);
    reportTax(log, raw['total_tax'], `${field}.total_tax`);
  });
  const shipping: CanonicalOrder['shipping'] = currency ? sumShipping(log, charges, currency.exponent) : null;

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
    notes,
    tags: [],
  });
}

function mapLine(log: MappingLog, raw: Record<string, unknown>, field: string, exponent: number | undefined): CanonicalOrderLine | null {
  const sku = readSku(log, raw['sku'], `${field}.sku`);
  const quantity = readQuantity(log, raw['quantity'], `${field}.quantity`);
  if (exponent === undefined) return null;
  const total = readMoney(log, raw['total'], `${field}.total`, exponent);
  const subtotal = readMoney(log, raw['subtotal'], `${field}.subtotal`, exponent, total ?? 0);
  reportTax(log, raw['total_tax'], `${field}.total_tax`);
  if (Array.isArray(raw['meta_data']) && raw['meta_data'].length > 0) log.skip(`${field}.meta_data`, raw['meta_data'], 'line meta data (variations, add-ons) has no canonical field');
  if (sku === null || quantity === null || total === null || subtotal === null) return null;

  if (subtotal > total) log.skip(`${field}.subtotal`, raw['subtotal'], `coupon discount of ${money(subtotal - total, exponent)} already taken off total, which unit_price comes from`);
  // `total` is already net of coupons: nothing more to take off.
  return canonicalLine(log, { sku, quantity, gross: total, grossField: `${field}.total`, grossValue: raw['total'], discount: 0, discountField: `${field}.total`, discountValue: raw['total'] }, exponent);
}

function reportTax(log: MappingLog, value: unknown, field: string): void {
  const tax = typeof value === 'number' ? String(value) : str(value);
  if (tax !== null && !/^0+(\.0+)?$/.test(tax)) log.skip(field, value, 'taxes: the canonical order has no tax field');
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
  reportTax(log, p['total_tax'], 'total_tax');
  if (p['prices_include_tax'] === true) log.skip('prices_include_tax', true, 'catalogue prices include tax; line totals are still net of tax');
  const discount = str(p['discount_total']);
  if (discount !== null && !/^0+(\.0+)?$/.test(discount)) log.skip('discount_total', p['discount_total'], 'already taken off the line totals that unit_price comes from');
  for (const key of ['coupon_lines', 'fee_lines', 'refunds'] as const) {
    const value = p[key];
    if (Array.isArray(value) && value.length > 0) {
      log.skip(key, value, key === 'fee_lines' ? 'fees have no canonical field and are not in the order total' : 'no canonical field');
    }
  }
  if (Array.isArray(p['meta_data']) && p['meta_data'].length > 0) log.skip('meta_data', p['meta_data'], 'plugin data has no canonical field');
  if (str(p['payment_method']) !== null) log.skip('payment_method', p['payment_method'], 'payment is not part of the canonical order');
}
