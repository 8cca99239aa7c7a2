/**
 * Erasure (ADR 0026): what a customer's personal data becomes in orders, events and stored
 * answers. Pure: the flow reads the rows, passes them through here and writes them back.
 */
export const ERASED = '[erased]';

/** Keys whose string values are personal wherever they appear (customer, addresses, event data). */
const personalKeys = new Set(['email', 'customer_email', 'name', 'first_name', 'last_name', 'phone', 'company', 'line1', 'line2', 'address1', 'address2', 'street', 'city', 'postal_code', 'zip', 'region']);

/**
 * Replaces personal values anywhere in a JSON value: strings under a personal key, any string that
 * contains one of the `known` e-mails or phones, and any string that is one of the `known` names
 * (compared case-blind; a name is not searched inside text, where "Ann" would erase "planned").
 * Numbers, booleans, ids and money are left as they are.
 */
export function redactJson(value: unknown, known: string[], key?: string): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && personalKeys.has(key)) return ERASED;
    const lower = value.toLowerCase();
    return known.some((k) => (isContact(k) ? lower.includes(k) : lower.trim() === k)) ? ERASED : value;
  }
  if (Array.isArray(value)) return value.map((v) => redactJson(v, known));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactJson(v, known, k)]));
  }
  return value;
}

const isContact = (known: string) => known.includes('@') || /^\+[0-9]{8,}$/.test(known);

/** An address after erasure: only its country stays (taxes, shipping zones and reports need it). */
export function redactAddress(address: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!address) return null;
  return { country: typeof address.country === 'string' ? address.country : null, erased: true };
}

/** The lower-case strings that identify the person: e-mails, E.164 phones, names. */
export function knownStrings(values: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    const s = v?.trim().toLowerCase();
    if (!s) continue;
    out.add(s);
  }
  return [...out];
}
