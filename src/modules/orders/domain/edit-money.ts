/**
 * The money arithmetic of an order edit (ADR 0032), on top of the order's money model (money.ts,
 * ADR 0017): a line's discount and tax are amounts for all its units, spread over them with the
 * remainders on the lowest indexes, and its live units are the lowest indexes. An edit changes
 * what the live units carry; these functions find the stored line amount that gives them exactly
 * that. Pure integer (and BigInt) arithmetic.
 */

import { unitsShare } from '../../../platform/kernel/shares.js';

/** What the live units 0 … live−1 of a line carry of `amount` spread over `quantity` units. */
export function liveShare(amount: number, quantity: number, live: number): number {
  return unitsShare(amount, quantity, 0, live);
}

/**
 * The line amount (over `quantity` units) whose live units carry exactly `target`, choosing among
 * the amounts that do the one nearest `preferred` (what keeps the cancelled units' share as it was).
 * The live share grows by 0 or 1 per minor unit of the amount, so an exact amount always exists.
 */
export function amountForLiveUnits(quantity: number, live: number, target: number, preferred: number): number {
  if (live <= 0) return preferred;
  if (live >= quantity) return target;
  const k = Math.floor(target / live);
  const m = target - k * live;
  // share(k·q + m) = k·live + m when m < live; with m = 0 the amounts (k−1)·q + live … k·q all give k·live.
  const lo = m > 0 ? k * quantity + m : Math.max(0, (k - 1) * quantity + live);
  const hi = k * quantity + m;
  return Math.min(hi, Math.max(lo, preferred));
}

/** A decimal rate ("0.0825") as a fraction, or undefined when it is not one. */
function fraction(rate: string): { num: bigint; den: bigint } | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,10}))?$/.exec(rate);
  if (!match) return undefined;
  const decimals = match[2] ?? '';
  return { num: BigInt(`${match[1]}${decimals}`), den: 10n ** BigInt(decimals.length) };
}

/** n × a / b rounded half up (n, a, b ≥ 0, b > 0). */
function mulDivRound(n: number, a: bigint, b: bigint): number {
  return Number((2n * BigInt(n) * a + b) / (2n * b));
}

/**
 * The tax on `netMinor` at `rate` (rounded half up): added on top, or — prices that include tax —
 * the part of the price that is tax (net × r / (1 + r)). Zero without a usable rate.
 */
export function taxAt(netMinor: number, rate: string | null, taxesIncluded: boolean): number {
  const f = rate === null ? undefined : fraction(rate);
  if (!f || netMinor <= 0) return 0;
  return taxesIncluded ? mulDivRound(netMinor, f.num, f.den + f.num) : mulDivRound(netMinor, f.num, f.den);
}

/** `percent` ("10", "12.5") of `baseMinor`, rounded half up. */
export function percentOf(baseMinor: number, percent: string): number {
  const f = fraction(percent);
  if (!f) return 0;
  return mulDivRound(baseMinor, f.num, f.den * 100n);
}

/** `amount` × n / d rounded down: what n new units carry of a line's amount over d units. */
export function perUnits(amount: number, n: number, d: number): number {
  if (d <= 0) return 0;
  return Number((BigInt(amount) * BigInt(n)) / BigInt(d));
}
