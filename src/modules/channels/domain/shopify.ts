// Shopify `orders/create` / `orders/updated` / `orders/cancelled` webhook body (the REST Admin
// API Order resource) → the canonical order. Pure: the payload is already-parsed JSON.
//
// Decisions, so a reviewer can check them against Shopify's documentation:
// - external_id: the numeric `id` as a string. JSON.parse loses precision above 2^53, so when
//   `admin_graphql_api_id` (gid://shopify/Order/N) is present its digits are used; they are the
//   same number written as text. channel_order_name: `name` (the shop-facing `#1042`).
// - unit_price: line `price` (before discounts); discounts: the line's `discount_allocations`, each
//   named by its `discount_applications[discount_application_index]` (code or title, and its type
//   as source). Capture spreads them over the units exactly (ADR 0017).
// - taxes: line and shipping `tax_lines` (title, rate, price); `taxes_included` as is. Duties:
//   line `duties[].shop_money.amount` (Shopify Markets). The order-level `tax_lines` and
//   `total_tax` are the sums of these and are not taken twice.
// - shipping: one shipping line per `shipping_lines[]` with its discount_allocations and tax_lines;
//   service_level is the fastest level any line's code/title suggests (see `serviceLevelOf`).
// - channel_totals: total = `total_price`, tax = `total_tax`, subtotal = `total_line_items_price`:
//   capture records any difference from its own totals.
// - transactions: what financial_status says was paid, of total_price, through the first of
//   payment_gateway_names (see `shopifyPayments`); refunded orders are reported, not guessed.
// - client: `browser_ip` (else `client_details.browser_ip`), `client_details.user_agent`;
//   payment_details (AVS, CVV, BIN, last four) on the transaction; channel_risk from `risk`
//   (GraphQL) or `risks` (REST OrderRisk) when the payload carries them (risk-parts.ts).
// - status: cancelled_at set or financial_status voided → cancelled; fulfillment_status
//   fulfilled or closed_at set → closed; refunded and not fulfilled → cancelled; else open.

import {
  LIMITS,
  MappingLog,
  money,
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
import type { CanonicalDiscount, CanonicalTransaction } from '../../../platform/contracts/canonical-order.js';
import { readCardDetails, readClient, readShopifyRisk } from './risk-parts.js';
import { boundedTitle, canonicalLine, customerOf, eachRecord, finishOrder, mappingResult, readTags, readTaxLines, serviceLevelOf, shippingOf, type SourceShipping } from './order-parts.js';

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

  const applications = Array.isArray(p['discount_applications']) ? p['discount_applications'] : [];
  // Lines
  const lines: CanonicalOrderLine[] = [];
  const duties: NonNullable<CanonicalOrder['duties']> = [];
  eachRecord(log, p['line_items'], 'line_items', { required: true, max: LIMITS.maxLines }, (raw, field) => {
    const line = mapLine(log, raw, field, currency?.exponent, applications);
    if (line) lines.push(line);
    if (currency) duties.push(...lineDuties(log, raw['duties'], `${field}.duties`, currency.exponent));
  });

  // Shipping
  const charges: SourceShipping[] = [];
  eachRecord(log, p['shipping_lines'], 'shipping_lines', { required: false }, (raw, field) => {
    if (!currency) return;
    const lineLevel = serviceLevelOf(raw['code'], raw['title']);
    const allocations = discountsOf(log, raw['discount_allocations'], `${field}.discount_allocations`, currency.exponent, applications);
    charges.push({
      field,
      price: readMoney(log, raw['price'], `${field}.price`, currency.exponent),
      discount: allocations?.total ?? null,
      discountField: `${field}.discount_allocations`,
      discountValue: raw['discount_allocations'],
      level: lineLevel,
      title: boundedTitle(raw['title']),
      discounts: allocations?.discounts ?? [],
      taxes: readTaxLines(log, raw['tax_lines'], `${field}.tax_lines`, currency.exponent, { amount: 'price', rate: 'rate', title: 'title' }) ?? [],
    });
    if (raw['code'] !== undefined && raw['code'] !== raw['title']) log.skip(`${field}.code`, { code: raw['code'] ?? null, source: raw['source'] ?? null }, `carrier rate code; mapped to service_level ${lineLevel}`);
  });
  const { shipping, shipping_lines } = currency ? shippingOf(log, charges, currency.exponent) : { shipping: null, shipping_lines: undefined };

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
  const clientDetails = isRecord(p['client_details']) ? p['client_details'] : {};

  return finishOrder(log, status, sourceStatus, { channel, externalId, currency }, {
    channel_order_name: boundedStr(log, p['name'], 'name', LIMITS.channelOrderNameLength),
    placed_at: placedAt,
    customer,
    shipping_address: shippingAddress,
    billing_address: billingAddress,
    lines,
    shipping,
    ...(shipping_lines ? { shipping_lines } : {}),
    ...(duties.length > 0 ? { duties } : {}),
    taxes_included: p['taxes_included'] === true,
    channel_totals: currency ? statedTotals(log, p, currency.exponent) : null,
    transactions: currency ? shopifyPayments(log, p, currency.exponent) : [],
    client: readClient(log, { ip: p['browser_ip'] ?? clientDetails['browser_ip'], userAgent: clientDetails['user_agent'], acceptLanguage: clientDetails['accept_language'] }, { ip: 'browser_ip' }),
    ...withRisk(readShopifyRisk(p)),
    notes,
    tags,
  });
}

/**
 * What `financial_status` says was paid (the webhook carries no transaction ids): paid → a sale of
 * `total_price`, authorized → an authorization of it, partially_paid → a sale of total_price −
 * total_outstanding. Refunded orders are reported, not guessed: their refunds are not itemised here.
 */
function shopifyPayments(log: MappingLog, p: Record<string, unknown>, exponent: number): CanonicalTransaction[] {
  const financial = str(p['financial_status']);
  const gateways = Array.isArray(p['payment_gateway_names']) ? p['payment_gateway_names'].filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  const gateway = (gateways[0] ?? 'shopify').slice(0, 100);
  const processedAt = readInstant(log, p['processed_at'], 'processed_at', false);
  const total = p['total_price'] === undefined || p['total_price'] === null ? null : readMoney(log, p['total_price'], 'total_price', exponent);
  if (total === null || total === 0) return [];
  // The order-level payment_details (deprecated by Shopify, still sent) describe this one payment.
  const details = readCardDetails(log, p['payment_details'], 'payment_details');
  const of = (kind: CanonicalTransaction['kind'], minor: number): CanonicalTransaction[] => [{ kind, amount: money(minor, exponent), gateway, processed_at: processedAt, ...(details ? { payment_details: details } : {}) }];
  if (financial === 'paid') return of('sale', total);
  if (financial === 'authorized') return of('authorization', total);
  if (financial === 'partially_paid') {
    const outstanding = p['total_outstanding'] === undefined || p['total_outstanding'] === null ? null : readMoney(log, p['total_outstanding'], 'total_outstanding', exponent);
    if (outstanding !== null && outstanding < total) return of('sale', total - outstanding);
    log.skip('financial_status', financial, 'partially paid without total_outstanding: record the payments through POST /v1/orders/{id}/transactions');
  }
  if (financial === 'partially_refunded' || financial === 'refunded') log.skip('financial_status', financial, 'the payments and refunds are not itemised in the order: record them through POST /v1/orders/{id}/transactions');
  return [];
}

/** The order's own totals, in the OMS meaning, for capture to compare with what it computes. */
function statedTotals(log: MappingLog, p: Record<string, unknown>, exponent: number): CanonicalOrder['channel_totals'] {
  const read = (key: string) => {
    if (p[key] === undefined || p[key] === null) return undefined;
    const minor = readMoney(log, p[key], key, exponent);
    return minor === null ? undefined : money(minor, exponent);
  };
  const totals = { subtotal: read('total_line_items_price'), tax: read('total_tax'), total: read('total_price') };
  return Object.fromEntries(Object.entries(totals).filter(([, v]) => v !== undefined));
}

/** Line duties (Shopify Markets): `duties[].shop_money.amount` (or `price_set.shop_money.amount`). */
function lineDuties(log: MappingLog, value: unknown, field: string, exponent: number): NonNullable<CanonicalOrder['duties']> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw: unknown, j) => {
    if (!isRecord(raw)) return [];
    const set = isRecord(raw['shop_money']) ? raw['shop_money'] : isRecord(raw['price_set']) && isRecord(raw['price_set']['shop_money']) ? raw['price_set']['shop_money'] : null;
    const minor = set ? readMoney(log, set['amount'], `${field}[${j}].shop_money.amount`, exponent) : null;
    if (minor === null) return [];
    return [{ title: boundedTitle(raw['harmonized_system_code'] ? `duty (HS ${String(raw['harmonized_system_code'])})` : 'duty'), amount: money(minor, exponent) }];
  });
}

/** The order's id as text: the digits of `admin_graphql_api_id` when present (exact beyond 2^53), else `id`. */
export function shopifyOrderId(log: MappingLog, p: Record<string, unknown>): string | null {
  const gid = typeof p['admin_graphql_api_id'] === 'string' ? /^gid:\/\/shopify\/Order\/(\d+)$/.exec(p['admin_graphql_api_id'])?.[1] : undefined;
  return gid ?? readExternalId(log, p['id'], 'id');
}

function mapLine(log: MappingLog, raw: Record<string, unknown>, field: string, exponent: number | undefined, applications: unknown[]): CanonicalOrderLine | null {
  const sku = readSku(log, raw['sku'], `${field}.sku`);
  const quantity = readQuantity(log, raw['quantity'], `${field}.quantity`);
  if (exponent === undefined) return null;
  const price = readMoney(log, raw['price'], `${field}.price`, exponent);
  const allocations = discountsOf(log, raw['discount_allocations'], `${field}.discount_allocations`, exponent, applications);
  const taxes = readTaxLines(log, raw['tax_lines'], `${field}.tax_lines`, exponent, { amount: 'price', rate: 'rate', title: 'title' });
  if (taxes === null) return null;
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
      discount: allocations?.total ?? null,
      discountField: `${field}.discount_allocations`,
      discountValue: raw['discount_allocations'],
      discounts: allocations?.discounts ?? [],
      taxes,
    },
    exponent,
  );
}

/**
 * discount_allocations as canonical discounts, each named by the discount application it comes
 * from (code or title, type as source), and their sum in minor units; absent/empty → none.
 */
function discountsOf(log: MappingLog, value: unknown, field: string, exponent: number, applications: unknown[]): { total: number; discounts: CanonicalDiscount[] } | null {
  if (value === undefined || value === null) return { total: 0, discounts: [] };
  if (!Array.isArray(value)) {
    log.problem(field, 'must be an array');
    return null;
  }
  let total = 0;
  const discounts: CanonicalDiscount[] = [];
  for (const [j, allocation] of value.entries()) {
    if (!isRecord(allocation)) {
      log.problem(`${field}[${j}]`, 'must be an object');
      return null;
    }
    const amount = readMoney(log, allocation['amount'], `${field}[${j}].amount`, exponent);
    if (amount === null) return null;
    total += amount;
    const index = allocation['discount_application_index'];
    const application = typeof index === 'number' && isRecord(applications[index]) ? applications[index] : {};
    const code = boundedTitle(application['code']);
    discounts.push({ code: code === null ? null : code.slice(0, 100), title: boundedTitle(application['title'] ?? application['description']), source: boundedTitle(application['type'])?.slice(0, 50) ?? 'channel', amount: money(amount, exponent) });
  }
  return { total, discounts };
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

/** `channel_risk` only when the payload carried a verdict (most webhooks do not). */
function withRisk(risk: CanonicalOrder['channel_risk']): Pick<CanonicalOrder, 'channel_risk'> {
  return risk ? { channel_risk: risk } : {};
}
