/**
 * Formatting in the user's locale and time zone (the browser's). Money arrives as a decimal string
 * in the order's currency ("1234.50", docs: money on the wire); it is formatted from the string, so
 * no amount ever passes through a binary float.
 */
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: string, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    } catch {
      return `${amount} ${currency}`;
    }
    moneyFormats.set(currency, format);
  }
  // Intl formats a decimal string exactly (ES2023 `StringNumericLiteral`).
  return format.format(amount as `${number}`);
}

/** An amount in minor units of `currency` (a fact or signal: 30500 USD) as money ($305.00). */
export function formatMinorMoney(minor: number, currency: string): string {
  let exponent = 2;
  try {
    exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown currency: two decimals, and formatMoney writes the code after the amount.
  }
  return formatMoney((minor / 10 ** exponent).toFixed(exponent), currency);
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** An instant (ISO 8601 with offset) in the user's time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

/** A calendar date (YYYY-MM-DD: a ship-by day) is the same day everywhere: never shifted by a time zone. */
export function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : dateFormat.format(date);
}

export const userTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;
