import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';

/**
 * Postal-code formats per country come from `postcode-validator` (maintained patterns for every
 * country that has postal codes); this file only writes a code the way the country's post prints
 * it before checking, so `sw1a1aa`, `1012ab`, `1000001` and `900131234` pass as `SW1A 1AA`,
 * `1012 AB`, `100-0001` and `90013-1234`.
 */
export function formatPostalCode(country: string, raw: string): string {
  const code = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  const compact = code.replace(/[\s-]/g, '');
  switch (country) {
    case 'US':
      if (/^\d{9}$/.test(compact)) return `${compact.slice(0, 5)}-${compact.slice(5)}`;
      return /^\d{5}$/.test(compact) ? compact : code;
    case 'CA':
      return /^[A-Z]\d[A-Z]\d[A-Z]\d$/.test(compact) ? `${compact.slice(0, 3)} ${compact.slice(3)}` : code;
    case 'GB':
    case 'GG':
    case 'JE':
    case 'IM':
      // The inward code is always the last three characters: a digit and two letters.
      return /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(compact) ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : code;
    case 'NL':
      return /^\d{4}[A-Z]{2}$/.test(compact) ? `${compact.slice(0, 4)} ${compact.slice(4)}` : code;
    case 'JP':
      return /^\d{7}$/.test(compact) ? `${compact.slice(0, 3)}-${compact.slice(3)}` : code;
    case 'BR':
      return /^\d{8}$/.test(compact) ? `${compact.slice(0, 5)}-${compact.slice(5)}` : code;
    case 'PL':
      return /^\d{5}$/.test(compact) ? `${compact.slice(0, 2)}-${compact.slice(2)}` : code;
    default:
      return code;
  }
}

/** Whether the country uses postal codes at all (those that do not: AE, HK, IE's are optional…). */
export function hasPostalCodes(country: string): boolean {
  return postcodeValidatorExistsForCountry(country) && !POSTAL_CODE_OPTIONAL.has(country);
}

/** Countries with a format whose people often leave the code out: checked when given, never required. */
const POSTAL_CODE_OPTIONAL: ReadonlySet<string> = new Set(['IE', 'PA', 'BO', 'JM', 'GH']);

export function isValidPostalCode(country: string, formatted: string): boolean {
  if (!postcodeValidatorExistsForCountry(country)) return true;
  return postcodeValidator(formatted, country);
}

/** An example of the format for the sentence a support agent reads. */
export const POSTAL_CODE_EXAMPLES: Readonly<Record<string, string>> = {
  US: '90013 or 90013-1234',
  CA: 'K1A 0B1',
  GB: 'SW1A 1AA',
  DE: '10115',
  FR: '75001',
  NL: '1012 AB',
  JP: '100-0001',
  BR: '01310-100',
  AU: '2000',
  IT: '00184',
  ES: '28001',
};
