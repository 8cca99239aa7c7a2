import currencyCodes from 'currency-codes';
import { DomainError } from '../errors.js';

/**
 * Money is an integer count of the currency's minor unit. On the wire it is a decimal string
 * with no more fraction digits than the currency has (ISO 4217 exponent: USD 2, JPY 0, KWD 3).
 */
const DECIMAL = /^(0|[1-9][0-9]{0,14})(?:\.([0-9]+))?$/;

/** currency-codes searches its list on every call; quoting formats dozens of amounts a request. */
const exponents = new Map<string, number | undefined>();

/** The ISO 4217 exponent, or undefined for an unknown code. */
export function currencyExponent(currency: string): number | undefined {
  if (exponents.has(currency)) return exponents.get(currency);
  if (!/^[A-Z]{3}$/.test(currency)) return undefined;
  const exponent = currencyCodes.code(currency)?.digits;
  exponents.set(currency, exponent);
  return exponent;
}

let byExponent: ReadonlyMap<number, readonly string[]> | undefined;

/**
 * Every ISO 4217 code whose exponent is not 2, by exponent (0: JPY, KRW…; 3: KWD, BHD…; 4: CLF):
 * for SQL that compares an amount in major units with rows of many currencies.
 */
export function currenciesByExponent(): ReadonlyMap<number, readonly string[]> {
  if (!byExponent) {
    const map = new Map<number, string[]>();
    for (const c of currencyCodes.data) if (c.digits !== 2) map.set(c.digits, [...(map.get(c.digits) ?? []), c.code]);
    byExponent = map;
  }
  return byExponent;
}

export type MoneyParseError = 'format' | 'too_many_decimals' | 'too_large';

/** Parses a non-negative decimal string into minor units without floating point. */
export function parseMoney(
  text: string,
  exponent: number,
): { ok: true; minor: number } | { ok: false; error: MoneyParseError } {
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, error: 'format' };
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return { ok: false, error: 'too_many_decimals' };
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: 'too_large' };
  return { ok: true, minor: Number(minor) };
}

/** Formats minor units as the wire's decimal string: 1999 USD → "19.99", 500 JPY → "500". */
export function formatMoney(minor: number, exponent: number): string {
  const negative = minor < 0;
  const digits = Math.abs(minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** The currency's exponent, or a 422 naming the field. */
export function requireCurrency(currency: string, field: string): number {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) {
    throw new DomainError('CURRENCY_UNKNOWN', `${currency} is not an ISO 4217 currency code.`, [{ field, message: 'must be an ISO 4217 currency code such as USD' }]);
  }
  return exponent;
}

/** Wire decimal string → minor units, or a 422 naming the field and the rule broken. */
export function moneyFromWire(text: string, currency: string, exponent: number, field: string): number {
  const parsed = parseMoney(text, exponent);
  if (parsed.ok) return parsed.minor;
  const message =
    parsed.error === 'too_many_decimals'
      ? `has more than ${exponent} decimal places, the most ${currency} allows`
      : parsed.error === 'too_large'
        ? 'is too large'
        : 'must be a non-negative decimal string such as "19.99"';
  throw new DomainError('MONEY_INVALID', `${field} ${message}.`, [{ field, message }]);
}
