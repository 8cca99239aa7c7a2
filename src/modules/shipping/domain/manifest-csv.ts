import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import { csvCell as cell } from '../../../platform/kernel/csv-cell.js';

/** One shipment on a carrier's end-of-day manifest. */
export interface ManifestRow {
  shipmentId: string;
  orderReference: string;
  trackingNumber: string;
  service: string;
  packages: number;
  weightGrams: number;
  billableWeightGrams: number;
  amountMinor: number;
  currency: string;
  shipTo: { name?: string; city: string; region?: string; postalCode: string; country: string };
  /** ISO 8601 instant. */
  createdAt: string;
}

/** The day's shipments for one carrier at one location, as handed to the driver. */
export interface Manifest {
  carrierCode: string;
  carrierName: string;
  locationCode: string;
  locationName?: string;
  /** YYYY-MM-DD, the pickup day. */
  date: string;
  rows: ManifestRow[];
  /** ISO 8601 instant. */
  generatedAt: string;
}

export interface ManifestTotals {
  shipments: number;
  packages: number;
  weightGrams: number;
  billableWeightGrams: number;
  /** Per currency: a manifest may mix currencies when a tenant has cross-border rate cards. */
  amountMinorByCurrency: Record<string, number>;
}

export function manifestTotals(m: Manifest): ManifestTotals {
  const amountMinorByCurrency: Record<string, number> = {};
  let packages = 0;
  let weightGrams = 0;
  let billableWeightGrams = 0;
  for (const r of m.rows) {
    packages += r.packages;
    weightGrams += r.weightGrams;
    billableWeightGrams += r.billableWeightGrams;
    amountMinorByCurrency[r.currency] = (amountMinorByCurrency[r.currency] ?? 0) + r.amountMinor;
  }
  return { shipments: m.rows.length, packages, weightGrams, billableWeightGrams, amountMinorByCurrency };
}

/** Integer minor units as the wire's decimal string (`1234` USD → `12.34`); unknown codes get 2 places. */
export function formatMinor(amountMinor: number, currency: string): string {
  return formatMoney(amountMinor, currencyExponent(currency.toUpperCase()) ?? 2);
}

/** Grams as kilograms with three decimals, without float rounding. */
export function formatKg(grams: number): string {
  return formatMoney(Math.round(grams), 3);
}

const header = ['shipment_id', 'order_reference', 'tracking_number', 'carrier', 'service', 'packages', 'weight_kg', 'billable_weight_kg', 'amount', 'currency', 'ship_to_name', 'ship_to_city', 'ship_to_region', 'ship_to_postal_code', 'ship_to_country', 'created_at'];

/** One header row, one row per shipment, CRLF line ends as RFC 4180 has them. */
export function manifestCsv(m: Manifest): string {
  const lines = [header.join(',')];
  for (const r of m.rows) {
    const text = [r.shipmentId, r.orderReference, r.trackingNumber, m.carrierCode, r.service];
    const numbers = [String(r.packages), formatKg(r.weightGrams), formatKg(r.billableWeightGrams), formatMinor(r.amountMinor, r.currency)];
    const tail = [r.currency, r.shipTo.name ?? '', r.shipTo.city, r.shipTo.region ?? '', r.shipTo.postalCode, r.shipTo.country, r.createdAt];
    lines.push([...text.map((v) => cell(v)), ...numbers.map((v) => cell(v, true)), ...tail.map((v) => cell(v))].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** The id printed as the manifest's "SCAN FORM" barcode: carrier, location and day, e.g. `UPS-RNO1-20261127`. */
export function manifestId(m: Pick<Manifest, 'carrierCode' | 'locationCode' | 'date'>): string {
  return [m.carrierCode, m.locationCode, m.date.replace(/-/g, '')].map((p) => p.toUpperCase().replace(/[^A-Z0-9]/g, '')).join('-');
}
