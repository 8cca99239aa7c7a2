import { allCouriers, getTracking, fedex, ups, usps, type TrackingCourier } from 'ts-tracking-number';

/**
 * Tracking numbers for rate-card carriers: the tenant owns a number range with the carrier, we
 * allocate serials from it and build the number in the carrier's published layout so that the
 * carrier's (and everyone else's) validators accept it. Detection of numbers typed in by an
 * operator is delegated to `ts-tracking-number` (a maintained copy of jkeen/tracking_number_data);
 * our own check digits cover only the three layouts we generate, as a fallback.
 */
export type TrackingFormat = 'ups' | 'fedex' | 'usps';

export interface TrackingNumberOptions {
  /** UPS: the 6-character shipper (account) number. */
  shipperNumber?: string;
  /** UPS: 2-character service code, e.g. `03` Ground, `02` 2nd Day Air, `01` Next Day Air. */
  serviceCode?: string;
  /** USPS: the Mailer ID, 6 or 9 digits. */
  mailerId?: string;
  /** USPS: 3-digit Service Type Code (STC) from Publication 199, e.g. `001`, `055`. */
  serviceTypeCode?: string;
  /** USPS: channel application identifier, `92` (commercial, default), `93` or `94`. */
  applicationId?: '92' | '93' | '94';
}

export interface TrackingIdentity {
  valid: boolean;
  /** Courier code as `ts-tracking-number` names it (`ups`, `fedex`, `usps`, `dhl`, …). */
  carrier?: string;
  /** The layout's name, e.g. `UPS`, `FedEx Express (12)`, `USPS 91`. */
  format?: string;
}

/** UPS numbers carry letters; UPS's documented mapping is A=2, B=3 … H=9, I=0, J=1 … wrapping every ten. */
function upsValue(ch: string): number {
  return /\d/.test(ch) ? Number(ch) : (ch.charCodeAt(0) - 63) % 10;
}

/** UPS mod 10: odd positions (1st, 3rd …) count once, even positions twice, over the 15 chars after `1Z`. */
export function upsCheckDigit(body15: string): number {
  let sum = 0;
  [...body15.toUpperCase()].forEach((ch, i) => {
    sum += upsValue(ch) * (i % 2 === 0 ? 1 : 2);
  });
  return (10 - (sum % 10)) % 10;
}

/**
 * FedEx Express 12-digit: weights 1, 3, 7 repeating from the rightmost data digit, sum mod 11,
 * and a remainder of 10 becomes 0 (the "mod 11 then mod 10" variant used by FedEx Express/Ground 12).
 */
export function fedexCheckDigit(body11: string): number {
  const weights = [1, 3, 7];
  let sum = 0;
  [...body11].reverse().forEach((ch, i) => {
    sum += Number(ch) * (weights[i % 3] as number);
  });
  return (sum % 11) % 10;
}

/** USPS (and GS1) mod 10: from the rightmost data digit, weights 3, 1, 3, 1 … */
export function uspsCheckDigit(body: string): number {
  let sum = 0;
  [...body].reverse().forEach((ch, i) => {
    sum += Number(ch) * (i % 2 === 0 ? 3 : 1);
  });
  return (10 - (sum % 10)) % 10;
}

function serialDigits(serial: number, width: number): string {
  if (!Number.isSafeInteger(serial) || serial < 0) throw new RangeError(`tracking serial must be a non-negative integer, got ${serial}`);
  const s = String(serial);
  if (s.length > width) throw new RangeError(`tracking serial ${serial} does not fit in ${width} digits`);
  return s.padStart(width, '0');
}

/** Builds the number for `serial`; throws RangeError on options that cannot form a valid number. */
export function generateTrackingNumber(format: TrackingFormat, serial: number, opts: TrackingNumberOptions = {}): string {
  switch (format) {
    case 'ups': {
      const shipper = (opts.shipperNumber ?? '').toUpperCase();
      const service = (opts.serviceCode ?? '03').toUpperCase();
      if (!/^[A-Z0-9]{6}$/.test(shipper)) throw new RangeError('UPS shipper number must be 6 letters or digits');
      if (!/^[A-Z0-9]{2}$/.test(service)) throw new RangeError('UPS service code must be 2 letters or digits');
      const body = shipper + service + serialDigits(serial, 7);
      return `1Z${body}${upsCheckDigit(body)}`;
    }
    case 'fedex': {
      const body = serialDigits(serial, 11);
      return body + String(fedexCheckDigit(body));
    }
    case 'usps': {
      const app = opts.applicationId ?? '92';
      const stc = opts.serviceTypeCode ?? '001';
      const mid = opts.mailerId ?? '';
      if (!/^\d{3}$/.test(stc)) throw new RangeError('USPS service type code must be 3 digits');
      if (!/^(\d{6}|\d{9})$/.test(mid)) throw new RangeError('USPS mailer id must be 6 or 9 digits');
      // IMpb is 22 digits: the serial takes whatever the Mailer ID leaves (10 with a 6-digit MID, 7 with 9).
      const body = app + stc + mid + serialDigits(serial, 21 - app.length - stc.length - mid.length);
      return body + String(uspsCheckDigit(body));
    }
  }
}

/** Our own check for the three layouts we generate; spaces are ignored. */
export function checkDigitValid(format: TrackingFormat, number: string): boolean {
  const n = number.replace(/\s+/g, '').toUpperCase();
  switch (format) {
    case 'ups':
      return /^1Z[A-Z0-9]{15}\d$/.test(n) && upsCheckDigit(n.slice(2, 17)) === Number(n[17]);
    case 'fedex':
      return /^\d{12}$/.test(n) && fedexCheckDigit(n.slice(0, 11)) === Number(n[11]);
    case 'usps':
      return /^9[2-5]\d{20}$/.test(n) && uspsCheckDigit(n.slice(0, 21)) === Number(n[21]);
  }
}

const fallbackOrder: readonly TrackingFormat[] = ['ups', 'usps', 'fedex'];
const couriersFirst: readonly TrackingCourier[] = [ups, usps, fedex];
const fallbackNames: Record<TrackingFormat, string> = { ups: 'UPS', fedex: 'FedEx Express (12)', usps: 'USPS IMpb' };

/**
 * Validates and detects the carrier of a number an operator typed. UPS, USPS and FedEx are tried
 * before the rest of the library's couriers: a 22-digit `92…` IMpb can also satisfy the FedEx
 * SmartPost layout, and USPS is the one that prints it.
 */
export function identifyTrackingNumber(number: string): TrackingIdentity {
  const cleaned = number.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (cleaned.length === 0) return { valid: false };
  const found = getTracking(cleaned, couriersFirst) ?? getTracking(cleaned);
  if (found) return { valid: true, carrier: found.courier.code, format: found.name };
  for (const format of fallbackOrder) {
    if (checkDigitValid(format, cleaned)) return { valid: true, carrier: format, format: fallbackNames[format] };
  }
  return { valid: false };
}

const formats: readonly string[] = fallbackOrder;

/**
 * A number reported for a named carrier. A carrier whose layouts we know (`ups`, `fedex`, `usps`,
 * `dhl`, `ontrac`, `amazon`, `s10` — UPU postal) must match one of them: `unknown_carrier` says
 * we could not check (the carrier is someone else; the number is taken as given).
 */
export function checkTrackingNumberOf(carrier: string, number: string): 'valid' | 'invalid' | 'unknown_carrier' {
  const cleaned = number.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  const code = carrier.toLowerCase();
  const courier = allCouriers.find((c) => c.courier_code === code);
  if (!courier) return 'unknown_carrier';
  if (cleaned.length > 0 && getTracking(cleaned, [courier])) return 'valid';
  return formats.includes(code) && checkDigitValid(code as TrackingFormat, cleaned) ? 'valid' : 'invalid';
}

/** The USPS label barcode data: AI 420 + 5-digit destination ZIP, FNC1, then the IMpb whose first two digits act as AI 92. */
export interface UspsBarcodeData {
  /** bwip-js `gs1-128` text with parenthesised AIs, e.g. `(420)10001(92)001…`. */
  gs1: string;
  /** Digits as scanned, `\x1d` (GS) standing for the FNC1 separator. */
  scanned: string;
  /** What USPS prints under the barcode: the IMpb in groups of four. */
  humanReadable: string;
}

export function uspsBarcodeData(trackingNumber: string, destinationPostalCode: string): UspsBarcodeData {
  const impb = trackingNumber.replace(/\s+/g, '');
  const zip5 = destinationPostalCode.replace(/\D/g, '').slice(0, 5);
  if (!/^9[2-5]\d{20,32}$/.test(impb)) throw new RangeError(`not an IMpb tracking number: ${trackingNumber}`);
  if (zip5.length !== 5) throw new RangeError(`USPS routing needs a 5-digit ZIP, got ${destinationPostalCode}`);
  return {
    gs1: `(420)${zip5}(${impb.slice(0, 2)})${impb.slice(2)}`,
    scanned: `420${zip5}\x1d${impb}`,
    humanReadable: groupDigits(impb, 4),
  };
}

/** Splits into groups for printing, e.g. `9205 5000 …` or `1Z 999 AA1 01 2345 6784` for UPS. */
export function formatTrackingNumber(number: string, format?: TrackingFormat): string {
  const n = number.replace(/\s+/g, '');
  if (format === 'ups' && /^1Z/.test(n) && n.length === 18) {
    return [n.slice(0, 2), n.slice(2, 5), n.slice(5, 8), n.slice(8, 10), n.slice(10, 14), n.slice(14)].join(' ');
  }
  return groupDigits(n, 4);
}

function groupDigits(s: string, size: number): string {
  return s.match(new RegExp(`.{1,${size}}`, 'g'))?.join(' ') ?? s;
}

/**
 * The spellings of a tracking number as a person types it (`1z 999 aa1…`) that a stored one may
 * have: as typed (trimmed), and without spaces in upper case, which is how carriers print them.
 */
export function trackingNumberSpellings(typed: string): string[] {
  const trimmed = typed.trim();
  return [...new Set([trimmed, trimmed.replace(/\s+/g, '').toUpperCase()])];
}
