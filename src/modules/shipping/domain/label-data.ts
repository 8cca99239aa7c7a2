import type { ServiceLevel, ShippingAddress } from './types.js';
import type { TrackingFormat } from './tracking-numbers.js';

/** Everything one package's label prints; the PDF and ZPL renderers take the same input. */
export interface LabelData {
  carrierCode: string;
  carrierName: string;
  serviceName: string;
  serviceLevel: ServiceLevel;
  trackingNumber: string;
  /** `usps` prints a GS1-128 barcode with the (420)+ZIP routing prefix; others a plain Code 128. */
  trackingFormat?: TrackingFormat;
  shipFrom: ShippingAddress;
  shipTo: ShippingAddress;
  weightGrams: number;
  billableWeightGrams?: number;
  dimensionsMm?: { length: number; width: number; height: number };
  /** Order number or external id, printed as the reference line. */
  reference: string;
  /** 1-based, for the "1 OF 2" box. */
  packageIndex: number;
  packageCount: number;
  /** YYYY-MM-DD. */
  shipDate: string;
  /** Rate-card carriers: print a discreet "SAMPLE – NOT A CARRIER LABEL" line. */
  sample?: boolean;
}

/**
 * The big box beside the service banner, as carriers print it: UPS/FedEx 1 next day, 2 two-day,
 * G ground; USPS E Express, P Priority, G Ground Advantage.
 */
export function serviceLevelMark(level: ServiceLevel, carrierCode = ''): string {
  if (carrierCode.toLowerCase() === 'usps') return level === 'overnight' ? 'E' : level === 'expedited' ? 'P' : 'G';
  switch (level) {
    case 'overnight':
      return '1';
    case 'expedited':
      return '2';
    case 'standard':
      return 'G';
  }
}

/** Pounds as US carriers print them: whole pounds rounded up (billable weight is rounded the same way). */
export function weightLbs(grams: number): number {
  return Math.max(1, Math.ceil(grams / 453.59237));
}

/**
 * Printable address lines, uppercase like carrier labels, without empty parts. Abroad the last
 * line is the country, by name when the caller has one (carriers print names, not codes).
 */
export function addressLines(a: ShippingAddress, countryName?: string): string[] {
  const cityLine = [a.city, [a.region, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [a.name, a.company, a.line1, a.line2, cityLine, a.country === 'US' ? undefined : (countryName ?? a.country)]
    .filter((s): s is string => typeof s === 'string' && s.trim().length > 0)
    .map((s) => s.toUpperCase());
}

/** The routing line printed large: US ZIP5 / the postcode, prefixed by country. */
export function routingCode(l: LabelData): string {
  const pc = l.shipTo.postalCode.toUpperCase().replace(/\s+/g, ' ').trim();
  return l.shipTo.country === 'US' ? `${l.shipTo.country} ${pc.slice(0, 5)}` : `${l.shipTo.country} ${pc}`;
}

/** UPS MaxiCode class of service: 001 next day, 002 second day, 003 ground. */
export function maxiServiceClass(level: ServiceLevel): string {
  return level === 'overnight' ? '001' : level === 'expedited' ? '002' : '003';
}

/**
 * The structured carrier message in the ANSI MH10.8.3 "[)>RS01GS96" layout UPS puts in its
 * MaxiCode (and which our PDF417/DataMatrix carry too, so one scan gives a sorter everything):
 * postal code, ISO numeric country, class of service, then tracking, carrier SCAC, pickup day of
 * year, package n/x, weight, address, city and state. `countryNumeric` comes in so this file stays
 * free of lookup tables. Separators are the real control characters (RS 0x1e, GS 0x1d, EOT 0x04).
 */
/** The carrier's Standard Carrier Alpha Code, which the structured message names it by. */
function scac(l: LabelData): string {
  switch (l.carrierCode.toLowerCase()) {
    case 'ups':
      return 'UPSN';
    case 'fedex':
      return l.serviceLevel === 'standard' ? 'FDEG' : 'FDE';
    case 'usps':
      return 'USPS';
    default:
      return l.carrierCode.toUpperCase();
  }
}

/** Day of the year of a YYYY-MM-DD date, three digits, as the message's pickup-date field wants. */
export function julianDay(date: string): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const day = (Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000 + 1;
  return String(day).padStart(3, '0');
}

/**
 * MaxiCode modes 2/3 hold about 70 code-set-A characters after the primary message; bwip-js
 * refuses more and a printer would silently print nothing. The address fields are optional to a
 * sorter, so they give way first: the street line, then the city is cut, then city and state go.
 */
const SECONDARY_BUDGET = 64;

function fitSecondary(fixed: string[], [street, city, state]: [string, string, string]): string[] {
  const size = (fields: string[]): number => fields.join('\x1d').length;
  const withAddress = [...fixed, street, city, state];
  if (size(withAddress) <= SECONDARY_BUDGET) return withAddress;
  const room = SECONDARY_BUDGET - size([...fixed, '', '', state]);
  return room > 0 ? [...fixed, '', city.slice(0, room), state] : [...fixed, '', '', ''];
}

/** Address text reduced to what code set A carries in one codeword: no accents, uppercase, no punctuation beyond . / - */
function plain(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9 ./-]/g, '').slice(0, 35);
}

export interface MaxiCodeMessage {
  mode: 2 | 3;
  /** Primary message parts: 9-digit ZIP (mode 2) or 6-character postcode (mode 3), ISO numeric country, class of service. */
  postal: string;
  country: string;
  serviceClass: string;
  /** The whole message as bwip-js takes it (primary fields first, inside the `[)>` envelope). */
  message: string;
  /** ZPL `^BD` wants the primary as a 15-character prefix and only the rest inside the envelope. */
  zplData: string;
}

export function maxiCodeMessage(l: LabelData, countryNumeric: string): MaxiCodeMessage {
  const raw = l.shipTo.postalCode.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const mode = /^\d{5}(\d{4})?$/.test(raw) && l.shipTo.country === 'US' ? 2 : 3;
  // Mode 2 carries exactly nine digits: a ZIP5 is padded with the +4 part unknown (0000).
  const postal = mode === 2 ? raw.padEnd(9, '0') : raw.slice(0, 6).padEnd(6, ' ');
  const country = countryNumeric.padStart(3, '0');
  const serviceClass = maxiServiceClass(l.serviceLevel);
  const fixed = [l.trackingNumber, scac(l), '', julianDay(l.shipDate), '', `${l.packageIndex}/${l.packageCount}`, String(weightLbs(l.weightGrams)), 'N'];
  const rest = fitSecondary(fixed, [plain(l.shipTo.line1), plain(l.shipTo.city), plain(l.shipTo.region ?? '')]);
  const envelope = (fields: string[]): string => `[)>\x1e01\x1d96${fields.join('\x1d')}\x1e\x04`;
  return { mode, postal, country, serviceClass, message: envelope([postal.trim(), country, serviceClass, ...rest]), zplData: `${serviceClass}${country}${postal}${envelope(rest)}` };
}
