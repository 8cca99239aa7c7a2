import { formatPostalCode, hasPostalCodes, isValidPostalCode, POSTAL_CODE_EXAMPLES } from './postal-codes.js';
import { checkPhone } from './phone.js';
import { isPoBox, militaryPostOffice } from '../../../platform/kernel/post-office-box.js';
import { MILITARY_STATES, provincesOfPostalCode, regionCode, stateOfZip } from './regions.js';

/** An address as sent (the canonical order's shape). */
export interface AddressInput {
  name?: string | null | undefined;
  company?: string | null | undefined;
  line1: string;
  line2?: string | null | undefined;
  city: string;
  region?: string | null | undefined;
  postal_code?: string | null | undefined;
  country: string;
  phone?: string | null | undefined;
}

/** The same address written the standard way, stored next to what was sent. */
export interface StandardizedAddress {
  name: string | null;
  company: string | null;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postal_code: string | null;
  country: string;
  /** E.164 when the number is valid; otherwise as sent (trimmed), with a finding. */
  phone: string | null;
  po_box: boolean;
  /** APO, FPO or DPO: military mail, USPS only. */
  military: 'APO' | 'FPO' | 'DPO' | null;
}

/**
 * error: the address cannot be shipped to as it is (a direct API order is refused; a channel's
 * order is held for address review). warning: worth knowing (a PO box, a phone that does not
 * parse), recorded only.
 */
export type FindingSeverity = 'error' | 'warning';

export interface AddressFinding {
  code: AddressFindingCode;
  /** The field as the capture body names it: `shipping_address.postal_code`. */
  field: string;
  severity: FindingSeverity;
  /** A sentence a support agent understands. */
  message: string;
}

export type AddressFindingCode =
  | 'address_missing'
  | 'postal_code_missing'
  | 'postal_code_format'
  | 'postal_code_region_mismatch'
  | 'postal_code_unknown'
  | 'region_missing'
  | 'region_unknown'
  | 'po_box'
  | 'military_address'
  | 'phone_invalid'
  | 'verification_corrected'
  | 'verification_undeliverable';

/** Countries whose addresses need a state, province or prefecture to be delivered. */
const REGION_REQUIRED: ReadonlySet<string> = new Set(['US', 'CA', 'AU', 'BR', 'MX', 'IN', 'CN', 'JP', 'AR', 'MY']);

export interface AddressCheck {
  standardized: StandardizedAddress;
  findings: AddressFinding[];
}

const clean = (s: string | null | undefined): string | null => {
  const t = s?.trim().replace(/\s+/g, ' ');
  return t ? t : null;
};

/**
 * Pure: the address standardised and what is wrong or notable about it, each finding naming the
 * field under `prefix` (`shipping_address`). No I/O: the ZIP table is data shipped in a package.
 */
export function checkAddress(address: AddressInput, prefix: string): AddressCheck {
  const country = address.country.trim().toUpperCase();
  const findings: AddressFinding[] = [];
  const add = (code: AddressFindingCode, field: string, severity: FindingSeverity, message: string) => findings.push({ code, field: `${prefix}.${field}`, severity, message });

  let region = clean(address.region);
  if (region && (country === 'US' || country === 'CA')) {
    const code = regionCode(country, region);
    if (code) region = code;
    else add('region_unknown', 'region', 'error', `${region} is not a ${country === 'US' ? 'US state' : 'Canadian province'}: use its two-letter code, e.g. ${country === 'US' ? 'CA or NY' : 'ON or QC'}.`);
  }
  if (!region && REGION_REQUIRED.has(country)) add('region_missing', 'region', 'error', `Addresses in ${country} need a ${country === 'CA' ? 'province' : country === 'JP' ? 'prefecture' : 'state'}: the region is empty.`);

  const sentCode = clean(address.postal_code);
  const postal = sentCode ? formatPostalCode(country, sentCode) : null;
  let postalValid = false;
  if (!postal) {
    if (hasPostalCodes(country)) add('postal_code_missing', 'postal_code', 'error', `Addresses in ${country} need a postal code${POSTAL_CODE_EXAMPLES[country] ? ` (like ${POSTAL_CODE_EXAMPLES[country]})` : ''}: none was given.`);
  } else if (!isValidPostalCode(country, postal)) {
    add('postal_code_format', 'postal_code', 'error', `${sentCode} is not a postal code of ${country}${POSTAL_CODE_EXAMPLES[country] ? `: it is written like ${POSTAL_CODE_EXAMPLES[country]}` : ''}.`);
  } else {
    postalValid = true;
  }

  if (postal && postalValid && region && country === 'US' && findings.every((f) => f.code !== 'region_unknown')) {
    const state = stateOfZip(postal);
    if (!state) add('postal_code_unknown', 'postal_code', 'warning', `ZIP code ${postal.slice(0, 5)} is not in the ZIP list the OMS carries: check it with the customer if the carrier refuses it.`);
    else if (state !== region) add('postal_code_region_mismatch', 'postal_code', 'error', `ZIP code ${postal.slice(0, 5)} is in ${state}, but the state given is ${region}: correct the ZIP code or the state.`);
  }
  if (postal && postalValid && region && country === 'CA' && findings.every((f) => f.code !== 'region_unknown')) {
    const provinces = provincesOfPostalCode(postal);
    if (!provinces.includes(region)) add('postal_code_region_mismatch', 'postal_code', 'error', `Postal code ${postal} is in ${provinces.join(' or ')}, but the province given is ${region}: correct the postal code or the province.`);
  }

  const line1 = clean(address.line1) ?? '';
  const line2 = clean(address.line2);
  const poBox = isPoBox(line1) || isPoBox(line2);
  if (poBox) add('po_box', line1 && isPoBox(line1) ? 'line1' : 'line2', 'warning', 'The address is a post-office box: carriers other than the postal service (UPS, FedEx, DHL) cannot deliver there.');
  const military = country === 'US' ? militaryPostOffice(address.city, region, [line1, line2]) : null;
  if (military) {
    add('military_address', 'city', 'warning', `The address is military mail (${military}${region && MILITARY_STATES.has(region) ? `, ${region}` : ''}): only the US postal service delivers there, and customs forms are needed.`);
  }

  let phone = clean(address.phone);
  if (phone) {
    const checked = checkPhone(phone, country);
    if (checked.valid) phone = checked.e164;
    else add('phone_invalid', 'phone', 'warning', `The phone number ${phone} ${checked.reason}: the carrier may not be able to call the customer.`);
  }

  return {
    standardized: { name: clean(address.name), company: clean(address.company), line1, line2, city: clean(address.city) ?? '', region, postal_code: postal, country, phone, po_box: poBox, military },
    findings,
  };
}
