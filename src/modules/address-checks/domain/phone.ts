// The `max` metadata, deliberately: `min` judges a number by its length alone and would call many
// impossible numbers valid; this runs on the server, where the ~150 KB more are of no concern.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';

export type PhoneCheck = { valid: true; e164: string } | { valid: false; reason: string };

/** A phone number as written by a customer, read in the country of its address unless it starts with +. */
export function checkPhone(raw: string, country: string): PhoneCheck {
  const text = raw.trim();
  if (!/\d/.test(text)) return { valid: false, reason: 'has no digits' };
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: country as CountryCode, extract: false });
  if (!parsed) return { valid: false, reason: `cannot be read as a phone number in ${country}` };
  if (!parsed.isValid()) return { valid: false, reason: `is not a valid phone number for ${parsed.country ?? country}` };
  return { valid: true, e164: parsed.number };
}
