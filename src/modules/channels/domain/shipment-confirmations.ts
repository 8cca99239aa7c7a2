// The bodies that tell WooCommerce, Amazon and eBay an order has shipped, built from a shipment
// push's payload and the platform's own view of the order. Pure: the HTTP lives in
// use-cases/marketplace-pushes.ts.
//
// Decisions:
// - Shipped units are matched to the platform's line ids by SKU, in the platform's line order, up
//   to what each line still has to ship (Amazon: QuantityOrdered − QuantityShipped; eBay: lines not
//   yet FULFILLED). A unit no line can take fails the push: sending the same thing again would not help.
// - Amazon and eBay take one tracking number per confirmation. A shipment of several parcels is
//   confirmed with its first tracking number for all its units, and the push records a warning
//   naming the others (their parcels travel under the same shipment on our side).
// - Carriers are named in each platform's vocabulary where we know the carrier (UPS, USPS, FedEx,
//   DHL, OnTrac, Canada Post, Royal Mail…); any other is sent as "Other" with its own name.

/**
 * What a WooCommerce, Amazon or eBay shipment push sends: fixed when the shipment is made. Items
 * are matched to the platform's own line ids by SKU when the push is sent.
 */
export interface ShipmentConfirmationPayload {
  carrier: string;
  service: string | null;
  tracking_numbers: string[];
  tracking_url: string | null;
  items: { sku: string; quantity: number }[];
  /** The carrier's ship date, YYYY-MM-DD. */
  ship_date: string;
  /** Nothing of the order is left to ship once this shipment is made (WooCommerce: the order is completed). */
  order_shipped: boolean;
  /** Amazon's packageReferenceId: this shipment's place (1, 2 …) among the order's confirmations. */
  package_reference: number;
}

interface KnownCarrier {
  /** What a carrier is called in shipments: our rate-card codes and the aggregators' names, lower case. */
  names: readonly string[];
  amazon: string;
  ebay: string;
  display: string;
}

// Amazon's CarrierCode and eBay's ShippingCarrierCodeType values for the carriers merchants use most.
const KNOWN_CARRIERS: readonly KnownCarrier[] = [
  { names: ['ups', 'upsdap', 'ups_mail_innovations'], amazon: 'UPS', ebay: 'UPS', display: 'UPS' },
  { names: ['usps', 'usps_returns'], amazon: 'USPS', ebay: 'USPS', display: 'USPS' },
  { names: ['fedex', 'fedex_smartpost', 'fedexdefault'], amazon: 'FedEx', ebay: 'FedEx', display: 'FedEx' },
  { names: ['dhl', 'dhl_express', 'dhlexpress', 'dhl_ecommerce', 'dhlecommerce'], amazon: 'DHL', ebay: 'DHL', display: 'DHL' },
  { names: ['ontrac'], amazon: 'OnTrac', ebay: 'OnTrac', display: 'OnTrac' },
  { names: ['canada_post', 'canadapost'], amazon: 'Canada Post', ebay: 'CanadaPost', display: 'Canada Post' },
  { names: ['royal_mail', 'royalmail'], amazon: 'Royal Mail', ebay: 'RoyalMail', display: 'Royal Mail' },
  { names: ['lasership'], amazon: 'Lasership', ebay: 'LaserShip', display: 'LaserShip' },
];

export interface CarrierNames {
  amazonCode: string;
  /** Only for Amazon's "Other": the carrier's own name. */
  amazonName: string | null;
  ebayCode: string;
  display: string;
}

export function carrierNames(carrier: string): CarrierNames {
  const key = carrier.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const known = KNOWN_CARRIERS.find((c) => c.names.includes(key));
  if (known) return { amazonCode: known.amazon, amazonName: null, ebayCode: known.ebay, display: known.display };
  const display = carrier.trim() === '' ? 'Carrier' : carrier.trim();
  return { amazonCode: 'Other', amazonName: display, ebayCode: 'Other', display };
}

/** A platform's order line that can take shipped units. */
export interface OpenLine {
  id: string;
  sku: string | null;
  /** Units still to ship on this line. */
  open: number;
}

export type LineAssignment = { ok: true; lines: { id: string; quantity: number }[] } | { ok: false; error: string };

/** Shipped units onto the platform's lines by SKU, in line order, up to each line's open units. */
export function assignToLines(items: readonly { sku: string; quantity: number }[], lines: readonly OpenLine[], platform: string): LineAssignment {
  const taken = new Map<string, number>();
  const out: { id: string; quantity: number }[] = [];
  for (const item of items) {
    let left = item.quantity;
    const candidates = lines.filter((l) => l.sku === item.sku);
    if (candidates.length === 0) return { ok: false, error: `the ${platform} order has no line with SKU ${item.sku}` };
    for (const line of candidates) {
      if (left === 0) break;
      const free = line.open - (taken.get(line.id) ?? 0);
      if (free <= 0) continue;
      const take = Math.min(free, left);
      taken.set(line.id, (taken.get(line.id) ?? 0) + take);
      const existing = out.find((o) => o.id === line.id);
      if (existing) existing.quantity += take;
      else out.push({ id: line.id, quantity: take });
      left -= take;
    }
    if (left > 0) return { ok: false, error: `the ${platform} order has only ${item.quantity - left} of ${item.quantity} units of SKU ${item.sku} left to ship` };
  }
  return { ok: true, lines: out };
}

/** A warning when the shipment has parcels whose tracking numbers the platform cannot take. */
export function extraParcelsWarning(payload: ShipmentConfirmationPayload, platform: string): string[] {
  const extra = payload.tracking_numbers.slice(1);
  return extra.length === 0 ? [] : [`${platform} takes one tracking number per confirmation: sent ${payload.tracking_numbers[0]}; not sent ${extra.join(', ')}`];
}

/** SP-API Orders v0 confirmShipment: POST /orders/v0/orders/{orderId}/shipmentConfirmation. */
export interface AmazonShipmentConfirmationBody {
  marketplaceId: string;
  packageDetail: {
    packageReferenceId: string;
    carrierCode: string;
    carrierName?: string;
    shippingMethod?: string;
    trackingNumber: string;
    shipDate: string;
    orderItems: { orderItemId: string; quantity: number }[];
  };
}

export function amazonConfirmationBody(payload: ShipmentConfirmationPayload, marketplaceId: string, packageReferenceId: string, lines: readonly { id: string; quantity: number }[]): AmazonShipmentConfirmationBody {
  const names = carrierNames(payload.carrier);
  return {
    marketplaceId,
    packageDetail: {
      packageReferenceId,
      carrierCode: names.amazonCode,
      ...(names.amazonName ? { carrierName: names.amazonName } : {}),
      ...(payload.service ? { shippingMethod: payload.service } : {}),
      trackingNumber: payload.tracking_numbers[0] ?? '',
      // Amazon wants an instant; the carrier's ship date is a day: noon UTC keeps it that day everywhere.
      shipDate: `${payload.ship_date}T12:00:00Z`,
      orderItems: lines.map((l) => ({ orderItemId: l.id, quantity: l.quantity })),
    },
  };
}

/** eBay Sell Fulfillment: POST /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment. */
export interface EbayShippingFulfillmentBody {
  lineItems: { lineItemId: string; quantity: number }[];
  shippedDate: string;
  shippingCarrierCode: string;
  trackingNumber: string;
}

export function ebayFulfillmentBody(payload: ShipmentConfirmationPayload, lines: readonly { id: string; quantity: number }[]): EbayShippingFulfillmentBody {
  return {
    lineItems: lines.map((l) => ({ lineItemId: l.id, quantity: l.quantity })),
    shippedDate: `${payload.ship_date}T12:00:00.000Z`,
    shippingCarrierCode: carrierNames(payload.carrier).ebayCode,
    trackingNumber: payload.tracking_numbers[0] ?? '',
  };
}

/** The customer-visible order note a WooCommerce store gets (and e-mails the customer). */
export function wooTrackingNote(payload: ShipmentConfirmationPayload): string {
  const carrier = carrierNames(payload.carrier).display;
  const service = payload.service ? ` ${payload.service}` : '';
  const numbers = payload.tracking_numbers.join(', ');
  const link = payload.tracking_url && payload.tracking_numbers.length === 1 ? `\nTrack it: ${payload.tracking_url}` : '';
  return `Shipped with ${carrier}${service}. Tracking number${payload.tracking_numbers.length > 1 ? 's' : ''}: ${numbers}.${link}`;
}

/**
 * WooCommerce Shipment Tracking extension (REST: POST /wp-json/wc-shipment-tracking/v3/orders/{id}/shipment-trackings),
 * one per tracking number: a custom provider, so any carrier works, with its link when we know it.
 */
export interface WooShipmentTrackingBody {
  custom_tracking_provider: string;
  custom_tracking_link: string;
  tracking_number: string;
  date_shipped: string;
}

export function wooShipmentTrackings(payload: ShipmentConfirmationPayload): WooShipmentTrackingBody[] {
  const names = carrierNames(payload.carrier);
  return payload.tracking_numbers.map((n) => ({
    custom_tracking_provider: names.display,
    custom_tracking_link: payload.tracking_url && payload.tracking_numbers.length === 1 ? payload.tracking_url : '',
    tracking_number: n,
    date_shipped: payload.ship_date,
  }));
}
