import { currencyExponent, formatMoney, parseMoney } from '../../../platform/kernel/money.js';
import type { CustomsDeclaration } from '../domain/customs.js';
import type { CarrierRate, Parcel, ServiceLevel, ShipmentStatus, ShippingAddress, TrackingUpdate } from '../domain/types.js';

/**
 * EasyPost API v2 as documented (docs.easypost.com): the objects we send and read, and pure
 * mappers between them and our shipping vocabulary. Only the fields we use are typed; the API
 * sends many more. Units on this side of the wire are EasyPost's: inches and ounces.
 */

export interface EpAddress {
  name?: string | undefined;
  company?: string | undefined;
  street1: string;
  street2?: string | undefined;
  city: string;
  state?: string | undefined;
  zip: string;
  country: string;
  phone?: string | undefined;
  residential?: boolean | undefined;
}

/** Inches and ounces, as EasyPost requires. */
export interface EpParcel {
  length: number;
  width: number;
  height: number;
  weight: number;
}

/** One kind of goods in the parcel: value and weight are the whole line's (unit × quantity). */
export interface EpCustomsItem {
  object?: 'CustomsItem';
  id?: string;
  description: string;
  quantity: number;
  /** A number in `currency` (EasyPost: float, default USD). */
  value: number;
  /** Ounces. */
  weight: number;
  hs_tariff_number?: string | null;
  origin_country: string;
  /** SKU, UPC or other product identifier. */
  code?: string | null;
  currency?: string | null;
}

export interface EpCustomsInfo {
  object?: 'CustomsInfo';
  id?: string;
  contents_type: 'documents' | 'gift' | 'merchandise' | 'returned_goods' | 'sample' | 'dangerous_goods' | 'humanitarian_donation' | 'other';
  contents_explanation?: string | null;
  customs_certify: boolean;
  customs_signer: string;
  non_delivery_option: 'return' | 'abandon';
  restriction_type: 'none' | 'other' | 'quarantine' | 'sanitary_phytosanitary_inspection';
  restriction_comments?: string | null;
  eel_pfc?: string | null;
  customs_items: EpCustomsItem[];
}

export interface EpRate {
  object?: 'Rate';
  id: string;
  carrier: string;
  service: string;
  /** A decimal string, e.g. "7.58". */
  rate: string;
  currency?: string | null;
  delivery_days?: number | null;
  delivery_date?: string | null;
  est_delivery_days?: number | null;
  shipment_id?: string | null;
}

export interface EpPostageLabel {
  object?: 'PostageLabel';
  label_url?: string | null;
  label_pdf_url?: string | null;
  label_zpl_url?: string | null;
}

export type EpRefundStatus = 'submitted' | 'refunded' | 'rejected' | 'not_applicable';

export interface EpShipment {
  object?: 'Shipment';
  id: string;
  reference?: string | null;
  rates?: EpRate[];
  selected_rate?: EpRate | null;
  tracking_code?: string | null;
  postage_label?: EpPostageLabel | null;
  refund_status?: EpRefundStatus | null;
  customs_info?: EpCustomsInfo | null;
  /** A return shipment (`is_return: true` when created: EasyPost swapped its addresses). */
  is_return?: boolean | null;
  forms?: EpForm[] | null;
}

/** A document of a bought Shipment (docs.easypost.com/docs/forms), e.g. the `label_qr_code` of USPS Label Broker. */
export interface EpForm {
  object?: 'Form';
  id: string;
  form_type: string;
  form_url?: string | null;
  submitted_electronically?: boolean | null;
}

/** EasyPost's multi-parcel shipment: one Shipment per parcel, bought together by carrier + service. */
export interface EpOrder {
  object?: 'Order';
  id: string;
  shipments: EpShipment[];
  rates?: EpRate[];
}

export interface EpTrackingLocation {
  city?: string | null;
  state?: string | null;
  country?: string | null;
  zip?: string | null;
}

export interface EpTrackingDetail {
  status: string;
  datetime: string;
  message?: string | null;
  tracking_location?: EpTrackingLocation | null;
}

export interface EpTracker {
  object?: 'Tracker';
  id: string;
  tracking_code: string;
  carrier?: string | null;
  status: string;
  updated_at?: string | null;
  tracking_details?: EpTrackingDetail[];
}

export interface EpErrorBody {
  error: { code: string; message: string; errors?: ({ field?: string; message?: string } | string)[] };
}

/** What the adapter throws for anything the API (or the network to it) refused. */
export class CarrierError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Worth trying again later: 5xx, 429, timeouts and connection failures. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'CarrierError';
  }
}

// ---------------------------------------------------------------- units

const GRAMS_PER_OUNCE = 28.349523125;
const MM_PER_INCH = 25.4;

/** Rounds up to 0.1, ignoring float noise so an exact tenth stays exact. */
function ceilTenth(value: number): number {
  return Math.max(0.1, Math.ceil(value * 10 - 1e-9) / 10);
}

/** Rounded up: declaring less weight than we ship is what carriers adjust (and charge) for. */
export function gramsToOunces(grams: number): number {
  return ceilTenth(grams / GRAMS_PER_OUNCE);
}

/** Rounded up for the same reason: a box declared smaller than packed earns an adjustment. */
export function mmToInches(mm: number): number {
  return ceilTenth(mm / MM_PER_INCH);
}

export function toEpParcel(parcel: Parcel): EpParcel {
  return {
    length: mmToInches(parcel.lengthMm),
    width: mmToInches(parcel.widthMm),
    height: mmToInches(parcel.heightMm),
    weight: gramsToOunces(parcel.weightGrams),
  };
}

export function toEpAddress(address: ShippingAddress): EpAddress {
  return {
    name: address.name,
    company: address.company,
    street1: address.line1,
    street2: address.line2,
    city: address.city,
    state: address.region,
    zip: address.postalCode,
    country: address.country,
    phone: address.phone,
    // EasyPost treats a missing flag as "let the carrier decide"; we say residential unless told.
    residential: address.residential ?? true,
  };
}

/**
 * Our declaration as EasyPost's CustomsInfo, certified by its signer. Values are the lines' totals
 * in the order's currency (EasyPost takes a float and a currency); weights are ounces, rounded up.
 */
export function toEpCustomsInfo(d: CustomsDeclaration): EpCustomsInfo {
  const exponent = currencyExponent(d.currency) ?? 2;
  return {
    contents_type: d.contentsType,
    contents_explanation: d.contentsExplanation,
    customs_certify: true,
    customs_signer: d.signer,
    non_delivery_option: d.nonDeliveryOption,
    restriction_type: d.restrictionType,
    restriction_comments: d.restrictionComments,
    eel_pfc: d.eelPfc,
    customs_items: d.items.map((item) => ({
      description: item.description,
      quantity: item.quantity,
      value: Number(formatMoney(item.valueMinor, exponent)),
      weight: gramsToOunces(item.weightGrams),
      hs_tariff_number: item.hsCode,
      origin_country: item.originCountry,
      code: item.sku,
      currency: d.currency,
    })),
  };
}

// ---------------------------------------------------------------- rates

/**
 * EasyPost names services per carrier (`NextDayAir`, `FEDEX_2_DAY`, `Express`); the level is read
 * from the name. Overnight is tested first because names like `PRIORITY_OVERNIGHT` match both.
 */
const serviceLevelPatterns: readonly [ServiceLevel, RegExp][] = [
  ['overnight', /overnight|nextday|1day|express(?!saver)|sameday/],
  ['expedited', /2day|2ndday|3day|3dayselect|priority|expedited|expresssaver|secondday/],
];

export function serviceLevelOf(service: string): ServiceLevel {
  const key = service.toLowerCase().replace(/[^a-z0-9]/g, '');
  return serviceLevelPatterns.find(([, pattern]) => pattern.test(key))?.[0] ?? 'standard';
}

/** `2ndDayAir` → `UPS 2nd Day Air`, `FEDEX_2_DAY` → `FedEx 2 Day`. */
export function serviceNameOf(carrier: string, service: string): string {
  const words = service
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => (w.length >= 3 && /^[A-Z]+$/.test(w) ? w[0] + w.slice(1).toLowerCase() : w));
  if (words[0]?.toLowerCase() === carrier.toLowerCase()) words.shift();
  return [carrier, ...words].join(' ');
}

/** When EasyPost knows no transit time, assume the slow end of the level rather than promise too much. */
const fallbackTransitDays: Record<ServiceLevel, number> = { standard: 7, expedited: 3, overnight: 1 };

/** Decimal string → minor units with integer arithmetic only. */
export function amountMinorOf(amount: string, currency: string): number {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new CarrierError(502, 'BAD_RESPONSE', `EasyPost answered an unknown currency ${currency}`, false);
  const parsed = parseMoney(amount, exponent);
  if (!parsed.ok) throw new CarrierError(502, 'BAD_RESPONSE', `EasyPost answered an unreadable amount "${amount}" ${currency} (${parsed.error})`, false);
  return parsed.minor;
}

/**
 * One EasyPost rate as our CarrierRate. `ownerId` is the Shipment or Order the rate belongs to:
 * buying needs both ids, so both travel in `carrierRateId`.
 */
export function toCarrierRate(rate: EpRate, ownerId: string, billableWeightGrams: number): CarrierRate {
  const currency = rate.currency ?? 'USD';
  const amountMinor = amountMinorOf(rate.rate, currency);
  const serviceLevel = serviceLevelOf(rate.service);
  return {
    carrier: rate.carrier.toLowerCase(),
    service: rate.service,
    serviceName: serviceNameOf(rate.carrier, rate.service),
    serviceLevel,
    amountMinor,
    currency,
    // EasyPost does not say what weight it billed; the declared weight is the best we know.
    billableWeightGrams,
    transitDays: rate.delivery_days ?? rate.est_delivery_days ?? fallbackTransitDays[serviceLevel],
    breakdown: { total: amountMinor },
    carrierRateId: `${ownerId}|${rate.id}`,
  };
}

export function splitCarrierRateId(carrierRateId: string): { ownerId: string; rateId: string } | undefined {
  const [ownerId, rateId, ...rest] = carrierRateId.split('|');
  if (!ownerId || !rateId || rest.length > 0) return undefined;
  return { ownerId, rateId };
}

// ---------------------------------------------------------------- tracking

type TrackedStatus = Exclude<ShipmentStatus, 'voided'>;

/** EasyPost Tracker statuses → ours. Statuses not listed here are skipped, not guessed. */
export const trackingStatusMap = {
  unknown: 'label_created',
  pre_transit: 'label_created',
  in_transit: 'in_transit',
  available_for_pickup: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  return_to_sender: 'returned_to_sender',
  failure: 'exception',
  error: 'exception',
  cancelled: 'exception',
} as const satisfies Record<string, TrackedStatus>;

export function trackingStatusOf(status: string): TrackedStatus | undefined {
  return Object.hasOwn(trackingStatusMap, status) ? trackingStatusMap[status as keyof typeof trackingStatusMap] : undefined;
}

/** `CHARLESTON, SC 29401, US`, leaving out whatever the carrier did not send. */
export function locationOf(location: EpTrackingLocation | null | undefined): string | undefined {
  if (!location) return undefined;
  const cityState = [location.city, [location.state, location.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const text = [cityState, location.country].filter(Boolean).join(', ');
  return text === '' ? undefined : text;
}

/** An ISO 8601 instant, or undefined when the text is not a date with a zone. */
export function instantOf(datetime: string): string | undefined {
  // A datetime without Z or an offset would be read in this process's zone: refuse it instead.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(datetime)) return undefined;
  const ms = Date.parse(datetime);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * A Tracker's history as our updates, oldest first. A Tracker with no scans yet still says where
 * the parcel is (its `status`), so that becomes one update at `updated_at`.
 */
export function trackingUpdatesOf(tracker: EpTracker): TrackingUpdate[] {
  const updates: TrackingUpdate[] = [];
  for (const detail of tracker.tracking_details ?? []) {
    const status = trackingStatusOf(detail.status);
    const occurredAt = instantOf(detail.datetime);
    if (!status || !occurredAt) continue;
    updates.push({
      trackingNumber: tracker.tracking_code,
      status,
      occurredAt,
      location: locationOf(detail.tracking_location),
      description: detail.message ?? undefined,
    });
  }
  if (updates.length === 0 && tracker.status !== 'unknown' && tracker.updated_at) {
    const status = trackingStatusOf(tracker.status);
    const occurredAt = instantOf(tracker.updated_at);
    if (status && occurredAt) updates.push({ trackingNumber: tracker.tracking_code, status, occurredAt });
  }
  return updates.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}
