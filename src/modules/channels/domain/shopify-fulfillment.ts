// Our shipment → the body of Shopify's REST `POST /admin/api/2024-10/fulfillments.json`, which
// records a shipment against fulfillment-order line items (Shopify splits every order into
// fulfillment orders; a fulfilment service fulfils those, not the order's own line items). Pure.
//
// Decisions:
// - line_items_by_fulfillment_order: one entry per fulfillment order, in first-seen order, with
//   every line item named and its quantity (the same line named twice is summed). Naming every
//   line matters: an entry without `fulfillment_order_line_items` fulfils all that is left.
// - ids: Shopify ids are 64-bit integers. They go out as JSON numbers while they are below 2^53,
//   otherwise as their decimal string (a JSON number that large would be rounded in transit).
// - tracking_info.company: our carrier code mapped to the name Shopify lists among its supported
//   tracking companies (exact spelling matters: Shopify builds the tracking link and follows the
//   shipment status only for those). An aggregator service `<carrier>:<service>` names the carrier.
//   An unknown carrier is sent as given and reported in `warnings`: Shopify then shows the number
//   as plain text unless a tracking URL goes with it.
// - one parcel → `number` / `url`; several → `numbers` / `urls` (Shopify accepts one form or the
//   other, never both); urls go only when every parcel has one, since Shopify pairs them by index.

import type { MappingProblem } from './canonical.js';

export interface ShopifyFulfillmentInput {
  /** The fulfillment-order line items this shipment carries. */
  lines: readonly { fulfillmentOrderId: number | string; fulfillmentOrderLineItemId: number | string; quantity: number }[];
  /** Our carrier code: 'ups', 'fedex', 'usps', 'dhl'… */
  carrier: string;
  /** Our service code; `<carrier>:<service>` for an aggregator. */
  service?: string | null;
  parcels: readonly { trackingNumber: string; trackingUrl?: string | null }[];
  notifyCustomer?: boolean;
  /** Shown to the merchant with the fulfillment. */
  message?: string | null;
}

type ShopifyId = number | string;

export interface ShopifyFulfillmentBody {
  fulfillment: {
    line_items_by_fulfillment_order: { fulfillment_order_id: ShopifyId; fulfillment_order_line_items: { id: ShopifyId; quantity: number }[] }[];
    tracking_info: { company: string | null; number?: string; url?: string; numbers?: string[]; urls?: string[] };
    notify_customer: boolean;
    message?: string;
  };
}

export type ShopifyFulfillmentResult = { ok: true; body: ShopifyFulfillmentBody; warnings: string[] } | { ok: false; problems: MappingProblem[] };

/** Our carrier codes → Shopify's supported tracking company names, spelt as Shopify lists them. */
export const shopifyTrackingCompanies: Readonly<Record<string, string>> = {
  ups: 'UPS',
  fedex: 'FedEx',
  usps: 'USPS',
  dhl: 'DHL Express',
  dhl_express: 'DHL Express',
  dhl_ecommerce: 'DHL eCommerce',
  canada_post: 'Canada Post',
  australia_post: 'Australia Post',
  deutsche_post: 'Deutsche Post',
  dpd: 'DPD',
  dpd_uk: 'DPD UK',
  evri: 'Evri',
  royal_mail: 'Royal Mail',
  chronopost: 'Chronopost',
  colissimo: 'Colissimo',
  correos: 'Correos',
  purolator: 'Purolator',
  ontrac: 'OnTrac',
};

/** The Shopify tracking company for our carrier (and service), or null when Shopify does not list it. */
export function shopifyTrackingCompany(carrier: string, service?: string | null): string | null {
  const named = service?.includes(':') ? (service.split(':')[0] ?? '') : carrier;
  const key = named.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (key === 'dhl' && /e_?commerce/i.test(service ?? '')) return 'DHL eCommerce';
  return shopifyTrackingCompanies[key] ?? shopifyTrackingCompanies[carrier.trim().toLowerCase()] ?? null;
}

function shopifyId(problems: MappingProblem[], value: unknown, field: string): ShopifyId | null {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[1-9]\d{0,19}$/.test(text) || BigInt(text) > 2n ** 64n - 1n) {
    problems.push({ field, message: 'must be a Shopify id: a positive integer' });
    return null;
  }
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

function httpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function buildShopifyFulfillment(input: ShopifyFulfillmentInput): ShopifyFulfillmentResult {
  const problems: MappingProblem[] = [];
  const warnings: string[] = [];

  if (input.lines.length === 0) problems.push({ field: 'lines', message: 'must name at least one fulfillment-order line item' });
  const orders = new Map<string, { id: ShopifyId; items: Map<string, { id: ShopifyId; quantity: number }> }>();
  input.lines.forEach((line, i) => {
    const orderId = shopifyId(problems, line.fulfillmentOrderId, `lines[${i}].fulfillmentOrderId`);
    const itemId = shopifyId(problems, line.fulfillmentOrderLineItemId, `lines[${i}].fulfillmentOrderLineItemId`);
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) problems.push({ field: `lines[${i}].quantity`, message: 'must be a positive whole number' });
    if (orderId === null || itemId === null || problems.length > 0) return;
    const order = orders.get(String(orderId)) ?? { id: orderId, items: new Map() };
    orders.set(String(orderId), order);
    const item = order.items.get(String(itemId));
    if (item) item.quantity += line.quantity;
    else order.items.set(String(itemId), { id: itemId, quantity: line.quantity });
  });

  const numbers: string[] = [];
  const urls: (string | null)[] = [];
  input.parcels.forEach((parcel, i) => {
    const number = parcel.trackingNumber.trim();
    if (number === '') {
      problems.push({ field: `parcels[${i}].trackingNumber`, message: 'must not be empty' });
      return;
    }
    const url = parcel.trackingUrl?.trim() || null;
    if (url !== null && !httpUrl(url)) problems.push({ field: `parcels[${i}].trackingUrl`, message: 'must be an http(s) URL' });
    if (numbers.includes(number)) return;
    numbers.push(number);
    urls.push(url);
  });
  if (problems.length > 0) return { ok: false, problems };

  const company = shopifyTrackingCompany(input.carrier, input.service);
  const carrier = input.carrier.trim();
  if (company === null && carrier !== '') {
    warnings.push(`carrier "${carrier}" is not among Shopify's tracking companies: sent as written${urls.every((u) => u !== null) ? '' : ', and without a tracking URL the customer gets no link'}`);
  }
  const tracking: ShopifyFulfillmentBody['fulfillment']['tracking_info'] = { company: company ?? (carrier === '' ? null : carrier) };
  const allUrls = urls.filter((u): u is string => u !== null);
  if (numbers.length === 1) {
    tracking.number = numbers[0];
    if (allUrls.length === 1) tracking.url = allUrls[0];
  } else if (numbers.length > 1) {
    tracking.numbers = numbers;
    if (allUrls.length === numbers.length) tracking.urls = allUrls;
    else if (allUrls.length > 0) warnings.push('only some parcels have a tracking URL; Shopify pairs urls with numbers by position, so none were sent');
  }

  const body: ShopifyFulfillmentBody = {
    fulfillment: {
      line_items_by_fulfillment_order: [...orders.values()].map((o) => ({ fulfillment_order_id: o.id, fulfillment_order_line_items: [...o.items.values()] })),
      tracking_info: tracking,
      notify_customer: input.notifyCustomer ?? false,
    },
  };
  const message = input.message?.trim();
  if (message) body.fulfillment.message = message;
  return { ok: true, body, warnings };
}
