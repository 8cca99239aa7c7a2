import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { normaliseEmail } from '../../../platform/kernel/email.js';

/** How capture recognises a customer across channels (ADR 0026): the e-mail as the OMS keys it (staff merge the rest by hand). */
export { normaliseEmail };

/**
 * A phone in E.164 (`+4930123456`), or undefined when it cannot be read as one: written
 * internationally (`+…` or `00…`), or nationally with the country of the order's address. Only
 * the number's length is checked (libphonenumber's "possible"), not whether the range is assigned.
 * The max metadata, as address checks use: one set loaded, and the two read a number alike.
 */
export function normalisePhone(phone: string, country?: string | null): string | undefined {
  const written = phone.trim().replace(/^00/, '+');
  if (!/[0-9]/.test(written)) return undefined;
  const parsed = parsePhoneNumberFromString(written, country && /^[A-Z]{2}$/.test(country) ? (country as CountryCode) : undefined);
  return parsed && parsed.isPossible() ? parsed.number : undefined;
}

/** What the unique index matches on: the e-mail, else (no e-mail at all) the phone. */
export function matchKeyOf(contact: { email: string | null; phone: string | null }): string | undefined {
  if (contact.email) return `e:${contact.email}`;
  if (contact.phone) return `p:${contact.phone}`;
  return undefined;
}

/** The contact an order names: its customer's e-mail, else its phone (the customer's, else the shipping address's). */
export function contactOfOrder(customer: { email?: string | null; phone?: string | null; name?: string | null } | null | undefined, shipping: { phone?: string | null; country?: string } | null | undefined): { email: string | null; phone: string | null; name: string | null } {
  const email = customer?.email ? normaliseEmail(customer.email) : '';
  const rawPhone = customer?.phone || shipping?.phone || '';
  const phone = rawPhone ? (normalisePhone(rawPhone, shipping?.country) ?? null) : null;
  const name = customer?.name?.trim() || null;
  return { email: email || null, phone, name: name ? name.slice(0, 200) : null };
}
