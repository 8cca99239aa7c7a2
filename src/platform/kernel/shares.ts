/**
 * Exact shares of an amount of minor units, never losing or inventing one (ADR 0017): an amount
 * over a line's units (orders, invoices, refunds) and an amount over weights (an order discount
 * over lines). Pure integer arithmetic; the remainders go to deterministic places.
 */

/** Unit `index`'s share of `amount` spread over `units` (largest remainder; ties to the lowest index). */
export function unitShare(amount: number, units: number, index: number): number {
  const base = Math.floor(amount / units);
  return base + (index < amount - base * units ? 1 : 0);
}

/** Σ of the shares of units [start, start + count) of `amount` spread over `units`. */
export function unitsShare(amount: number, units: number, start: number, count: number): number {
  if (count <= 0 || units <= 0) return 0;
  const base = Math.floor(amount / units);
  const remainder = amount - base * units;
  const withExtra = Math.max(0, Math.min(start + count, remainder) - start);
  return base * count + withExtra;
}

/**
 * Splits `amount` over `weights` in proportion, exactly: each part is floor(amount × w / Σw), and
 * the parts still owed go one minor unit each to the largest fractional remainders (ties to the
 * lowest index). Σ parts === amount always. BigInt because amount × weight can pass 2^53.
 * Refused (undefined) when the weights are all zero and there is something to split.
 */
export function allocateProportionally(amount: number, weights: number[]): number[] | undefined {
  const total = weights.reduce((a, w) => a + BigInt(w), 0n);
  if (amount === 0) return weights.map(() => 0);
  if (total === 0n) return undefined;
  const a = BigInt(amount);
  const parts = weights.map((w) => (a * BigInt(w)) / total);
  const remainders = weights.map((w, i) => ({ i, r: (a * BigInt(w)) % total }));
  let owed = amount - Number(parts.reduce((s, p) => s + p, 0n));
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  const out = parts.map(Number);
  for (const { i } of remainders) {
    if (owed === 0) break;
    out[i] = (out[i] as number) + 1;
    owed -= 1;
  }
  return out;
}
