import type { ReturnStatus } from './lifecycle.js';

/**
 * Exchanges of returns, pure (ADR 0022): when a return may be exchanged, which replacement lines
 * are acceptable, how the price difference settles, and when an instant exchange's parcel is late.
 */
export const differenceTos = ['original_payment', 'store_credit'] as const;
export type DifferenceTo = (typeof differenceTos)[number];

/** Days an instant exchange's parcel has to be on its way when the policy does not say (Loop's default window). */
export const DEFAULT_INSTANT_EXCHANGE_DAYS = 14;

/** Why the return cannot be exchanged now, or undefined. Without `instant` its units must be back and inspected. */
export function refuseExchange(status: ReturnStatus, instant: boolean): string | undefined {
  if (status === 'declined' || status === 'cancelled' || status === 'closed') return `a return that is ${status} cannot be exchanged`;
  if (!instant && status !== 'inspected') return `the return is ${status}: its units are not back and inspected yet (send instant: true to ship the replacement now)`;
  return undefined;
}

export interface ReplacementLine {
  return_line_id: string;
  sku: string;
  quantity: number;
}

/** Field errors of the replacement lines: each names a line of this return, and no return line is replaced by more units than it returns. */
export function refuseReplacementLines(returnLines: readonly { id: string; quantity: number }[], lines: readonly ReplacementLine[]): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const taken = new Map<string, number>();
  lines.forEach((l, i) => {
    const line = returnLines.find((r) => r.id === l.return_line_id);
    if (!line) return errors.push({ field: `lines[${i}].return_line_id`, message: 'is not a line of this return' });
    const sum = (taken.get(line.id) ?? 0) + l.quantity;
    taken.set(line.id, sum);
    if (l.quantity < 1) return errors.push({ field: `lines[${i}].quantity`, message: 'must be at least 1' });
    if (sum > line.quantity) return errors.push({ field: `lines[${i}].quantity`, message: `at most ${line.quantity} (the units this return line returns${sum > l.quantity ? `, ${sum - l.quantity} already replaced by an earlier line` : ''})` });
    return undefined;
  });
  return errors;
}

/**
 * The price difference: replacement total − credit of the returned units. What of the credit pays
 * for the replacement (`applied`), what the customer still owes on it (`owed`, left as the new
 * order's outstanding balance) and what goes back to them (`back`, refunded or store credit).
 */
export function settleDifference(creditMinor: number, replacementTotalMinor: number): { differenceMinor: number; appliedMinor: number; owedMinor: number; backMinor: number } {
  const applied = Math.min(creditMinor, replacementTotalMinor);
  return { differenceMinor: replacementTotalMinor - creditMinor, appliedMinor: applied, owedMinor: replacementTotalMinor - applied, backMinor: creditMinor - applied };
}

/** When an instant exchange's return must be on its way. */
export function exchangeDueAt(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 86_400_000);
}

/** A return that has not moved to in transit or received: its instant exchange's parcel is late once due. */
export function awaitingParcel(status: ReturnStatus): boolean {
  return status === 'requested' || status === 'approved';
}
