// Shopify `orders/create` / `orders/updated` / `orders/cancelled` webhook body (the REST Admin
// API Order resource) → the canonical order. Pure: the payload is already-parsed JSON.
//
// Decisions, so a reviewer can check them against Shopify's documentation:
// - external_id: the numeric `id` as a string. JSON.parse loses precision above 2^53, so when
//   `admin_graphql_api_id` (gid://shopify/Order/N) is present its digits are used; they are the
//   same number written as text. channel_order_name: `name` (the shop-facing `#1042`).
// - unit_price: line `price` minus the line's `discount_allocations[].amount`, spread over the
//   units in integer minor units. When the discount does not divide evenly the unit price is
//   rounded down and the remainder is reported in `unmapped` (`line_items[i].discount_allocations`).
// - taxes: the canonical order has no tax field, so `total_tax`, order `tax_lines`, line and
//   shipping `tax_lines` are reported in `unmapped` with their amounts; `taxes_included: true`
//   is reported too (unit prices then include tax).
// - shipping: price = Σ shipping_lines[].price − their discount_allocations; service_level is
//   the fastest level any line's code/title suggests (see `serviceLevelOf`).
// - status: cancelled_at set or financial_status voided → cancelled; fulfillment_status
//   fulfilled or closed_at set → closed; refunded and not fulfilled → cancelled; else open.

import {
  LIMITS,
  MappingLog,
  boundedStr,
  fullName,
  isRecord,
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
import { canonicalLine, customerOf, eachRecord, finishOrder, mappingResult, readTags, serviceLevelOf, sumShipping, type SourceShipping } from './order-parts.js';

export function mapShopifyOrder(payload: unknown, channel: string): MappingResult {
  const log = new MappingLog();
  if (!isRecord(payload)) {
    log.problem('$', 'the webhook body must be a JSON object (a Shopify Order)');
    return mappingResult(log, 'open', 'unknown', null);
  }
  const p = payload;
  const { status, sourceStatus } = shopifyStatus(p);

  const externalId = shopifyOrderId(log, p);

  const currency = readCurrency(log, p['currency'], 'currency');
  const placedAt = readInstant(log, p['created_at'], 'created_at', false);

  // Lines
  const lines: CanonicalOrderLine[] = [];
  eachRecord(log, p['line_items'], 'line_items', { required: true, max: LIMITS.maxLines }, (raw, field) => {
    const line = mapLine(log, raw, field, currency?.exponent);
    if (line) lines.push(line);
  });

  // Shipping
  const charges: SourceShipping[] = [];
  eachRecord(log, p['shipping_lines'], 'shipping_lines', { required: false }, (raw, field) => {
    if (!currency) return;
    const lineLevel = serviceLevelOf(raw['code'], raw['title']);
    charges.push({
      field,
      price: readMoney(log, raw['price'], `${field}.price`, currency.exponent),
      discount: sumAllocations(log, raw['discount_allocations'], `${field}.discount_allocations`, currency.exponent),
      discountField: `${field}.discount_allocations`,
      discountValue: raw['discount_allocations'],
      level: lineLevel,
    });
    log.skip(`${field}.title`, { title: raw['title'] ?? null, code: raw['code'] ?? null, source: raw['source'] ?? null }, `carrier rate name; mapped to service_level ${lineLevel}`);
    reportTaxLines(log, raw['tax_lines'], `${field}.tax_lines`);
  });
  const shipping: CanonicalOrder['shipping'] = currency ? sumShipping(log, charges, currency.exponent) : null;

  // Customer: the customer object first, the order's own email/phone as fallback (customer may be null).
  const customerRaw = isRecord(p['customer']) ? p['customer'] : {};
  const billingRaw = isRecord(p['billing_address']) ? p['billing_address'] : null;
  const email = readEmail(log, str(customerRaw['email']) ?? p['email'] ?? p['contact_email'], 'customer.email');
  const name = boundedStr(log, fullName(customerRaw['first_name'], customerRaw['last_name']) ?? fullName(billingRaw?.['first_name'], billingRaw?.['last_name']), 'customer.name', 200);
  const phone = boundedStr(log, str(customerRaw['phone']) ?? str(p['phone']), 'customer.phone', 50);
  const customer = customerOf(email, name, phone);

  const shippingAddress = address(log, p['shipping_address'], 'shipping_address', true);
  const billingAddress = address(log, p['billing_address'], 'billing_address', false);

  const notes = boundedStr(log, p['note'], 'note', LIMITS.notesLength);
  let tags: string[] = [];
  if (typeof p['tags'] === 'string') tags = readTags(log, p['tags'].split(','), 'tags');
  else if (p['tags'] !== undefined && p['tags'] !== null) log.problem('tags', 'must be a comma-separated string');

  reportOrderLevel(log, p);

  return finishOrder(log, status, sourceStatus, { channel, externalId, currency }, {
    channel_order_name: boundedStr(log, p['name'], 'name', LIMITS.channelOrderNameLength),
    placed_at: placedAt,
    customer,
    shipping_address: shippingAddress,
    billing_address: billingAddress,
    lines,
    shipping,
    notes,
    tags,
  });
}

/** The order's id as text: the digits of `admin_graphql_api_id` when present (exact beyond 2^53), else `id`. */
export function shopifyOrderId(log: MappingLog, p: Record<string, unknown>): string | null {
  const gid = typeof p['admin_graphql_api_id'] === 'string' ? /^gid:\/\/shopify\/Order\/(\d+)$/.exec(p['admin_graphql_api_id'])?.[1] : undefined;
  return gid ?? readExternalId(log, p['id'], 'id');
}

function mapLine(log: MappingLog, raw: Record<string, unknown>, field: string, exponent: number | undefined): CanonicalOrderLine | null {
  const sku = readSku(log, raw['sku'], `${field}.sku`);
  const quantity = readQuantity(log, raw['quantity'], `${field}.quantity`);
  if (exponent === undefined) return null;
  const price = readMoney(log, raw['price'], `${field}.price`, exponent);
  const discount = sumAllocations(log, raw['discount_allocations'], `${field}.discount_allocations`, exponent);
  reportTaxLines(log, raw['tax_lines'], `${field}.tax_lines`);
  if (typeof raw['current_quantity'] === 'number' && raw['current_quantity'] !== raw['quantity']) {
    log.skip(`${field}.current_quantity`, raw['current_quantity'], 'the quantity after order edits/refunds differs; the line keeps the ordered quantity');
  }
  if (Array.isArray(raw['properties']) && raw['properties'].length > 0) log.skip(`${field}.properties`, raw['properties'], 'line item properties (customisations) have no canonical field');
  return canonicalLine(
    log,
    {
      sku,
      quantity,
      gross: price === null || quantity === null ? null : price * quantity,
      grossField: `${field}.price`,
      grossValue: raw['price'],
      discount,
      discountField: `${field}.discount_allocations`,
      discountValue: raw['discount_allocations'],
    },
    exponent,
  );
}

/** Σ discount_allocations[].amount in minor units; absent/empty → 0. */
function sumAllocations(log: MappingLog, value: unknown, field: string, exponent: number): number | null {
  if (value === undefined || value === null) return 0;
  if (!Array.isArray(value)) {
    log.problem(field, 'must be an array');
    return null;
  }
  let total = 0;
  for (const [j, allocation] of value.entries()) {
    if (!isRecord(allocation)) {
      log.problem(`${field}[${j}]`, 'must be an object');
      return null;
    }
    const amount = readMoney(log, allocation['amount'], `${field}[${j}].amount`, exponent);
    if (amount === null) return null;
    total += amount;
  }
  return total;
}

function reportTaxLines(log: MappingLog, value: unknown, field: string): void {
  if (Array.isArray(value) && value.length > 0) log.skip(field, value, 'taxes: the canonical order has no tax field');
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
      name: str(value['name']) ?? fullName(value['first_name'], value['last_name']),
      company: value['company'],
      line1: value['address1'],
      line2: value['address2'],
      city: value['city'],
      region: str(value['province_code']) ?? value['province'],
      postal_code: value['zip'],
      country: value['country_code'],
      phone: value['phone'],
    },
    field,
    required,
  );
}

/** Order-level fields with no canonical home, reported so nothing is dropped silently. */
function reportOrderLevel(log: MappingLog, p: Record<string, unknown>): void {
  const tax = str(p['total_tax']);
  if (tax !== null && !/^0+(\.0+)?$/.test(tax)) log.skip('total_tax', p['total_tax'], 'taxes: the canonical order has no tax field');
  if (Array.isArray(p['tax_lines']) && p['tax_lines'].length > 0) log.skip('tax_lines', p['tax_lines'], 'taxes: the canonical order has no tax field');
  if (p['taxes_included'] === true) log.skip('taxes_included', true, 'prices include tax: unit_price and shipping.price are tax-inclusive');
  const discounts = str(p['total_discounts']);
  if (discounts !== null && !/^0+(\.0+)?$/.test(discounts)) log.skip('total_discounts', p['total_discounts'], 'applied to unit_price and shipping.price through discount_allocations');
  if (Array.isArray(p['discount_codes']) && p['discount_codes'].length > 0) log.skip('discount_codes', p['discount_codes'], 'codes are not kept; their amounts are in discount_allocations');
  if (Array.isArray(p['note_attributes']) && p['note_attributes'].length > 0) log.skip('note_attributes', p['note_attributes'], 'no canonical field');
  if (p['test'] === true) log.skip('test', true, 'Shopify test order (test gateway)');
  if (typeof p['presentment_currency'] === 'string' && p['presentment_currency'] !== p['currency']) log.skip('presentment_currency', p['presentment_currency'], 'amounts are taken in the shop currency');
  if (typeof p['cancel_reason'] === 'string') log.skip('cancel_reason', p['cancel_reason'], 'no canonical field');
}

function shopifyStatus(p: Record<string, unknown>): { status: ChannelOrderStatus; sourceStatus: string } {
  const financial = str(p['financial_status']) ?? 'unknown';
  const fulfillment = str(p['fulfillment_status']) ?? 'unfulfilled';
  const cancelled = str(p['cancelled_at']) !== null;
  const sourceStatus = `${cancelled ? 'cancelled/' : ''}${financial}/${fulfillment}`;
  if (cancelled || financial === 'voided') return { status: 'cancelled', sourceStatus };
  if (fulfillment === 'fulfilled' || str(p['closed_at']) !== null) return { status: 'closed', sourceStatus };
  if (financial === 'refunded') return { status: 'cancelled', sourceStatus };
  return { status: 'open', sourceStatus };
}
