import countries from 'i18n-iso-countries';
import { DomainError } from '../errors.js';

/** An ISO 3166-1 alpha-2 code, upper case, that names a country. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

export function requireCountry(code: string, field: string): void {
  if (!isCountryCode(code)) {
    throw new DomainError('COUNTRY_UNKNOWN', `${code} is not an ISO 3166-1 alpha-2 country code.`, [{ field, message: 'must be an ISO 3166-1 alpha-2 code such as US' }]);
  }
}
