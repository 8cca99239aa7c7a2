/**
 * The shipping module's shared vocabulary. Plain data only: weights in grams, lengths in
 * millimetres, money in integer minor units, calendar dates as `YYYY-MM-DD` strings.
 */

/** What the customer bought, slowest to fastest. */
export const serviceLevels = ['standard', 'expedited', 'overnight'] as const;
export type ServiceLevel = (typeof serviceLevels)[number];

/** One physical parcel as packed. */
export interface Parcel {
  weightGrams: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

export interface ShippingAddress {
  name?: string | undefined;
  company?: string | undefined;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  phone?: string | undefined;
  /** Residential delivery (a surcharge with most carriers). Unknown counts as residential. */
  residential?: boolean | undefined;
}

/** One service's price for a whole shipment (all its parcels). */
export interface CarrierRate {
  /** Carrier code as configured by the tenant, e.g. `ups`, `fedex`, `usps`, `easypost`. */
  carrier: string;
  /** Service code, e.g. `ground`, `2nd_day_air`. Unique within a carrier. */
  service: string;
  /** Printable service name, e.g. `UPS 2nd Day Air`. */
  serviceName: string;
  serviceLevel: ServiceLevel;
  amountMinor: number;
  currency: string;
  /** Sum over parcels of max(actual, dimensional), rounded by the carrier's rules. */
  billableWeightGrams: number;
  /** Per parcel, in the order given, when the carrier says (rate cards do). */
  parcelBillableWeightGrams?: number[] | undefined;
  /** Business days in transit after pickup. */
  transitDays: number;
  /** How the amount was made, each part in minor units (base, fuel, residential, …). */
  breakdown: Record<string, number>;
  /** The zone the rate card used, when it used one. */
  zone?: string | undefined;
  /** An aggregator's own id for this rate, needed to buy it. */
  carrierRateId?: string | undefined;
}

/** The shipment states, in the order a parcel moves through them. */
export const shipmentStatuses = ['label_created', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned_to_sender', 'voided'] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];

/** One tracking scan, from a carrier webhook, a poll, or an operator. */
export interface TrackingUpdate {
  trackingNumber: string;
  status: Exclude<ShipmentStatus, 'voided'>;
  /** ISO 8601 instant. */
  occurredAt: string;
  location?: string | undefined;
  description?: string | undefined;
}
