/**
 * Store credit as a ledger of entries (pure rules). An issue adds credit (a return closed with store
 * credit, the rest of an exchange), a redemption spends it, an adjustment corrects it either way
 * (staff, with a reason). The balance is the sum of the entries and is never negative.
 */
export const entryKinds = ['issue', 'redeem', 'adjust'] as const;
export type EntryKind = (typeof entryKinds)[number];

/** The e-mail a store-credit account is keyed by: as customers are (platform/kernel/email.ts). */
export { normaliseEmail } from '../../../platform/kernel/email.js';

/** Why an entry may not be posted, or undefined. The sign follows the kind; the balance never goes below zero. */
export function refuseEntry(kind: EntryKind, amountMinor: number, balanceMinor: number): string | undefined {
  if (!Number.isSafeInteger(amountMinor) || amountMinor === 0) return 'must be a whole number of minor units other than zero';
  if (kind === 'issue' && amountMinor < 0) return 'an issue adds credit: it must be greater than zero';
  if (kind === 'redeem' && amountMinor > 0) return 'a redemption spends credit: it must be less than zero';
  if (balanceMinor + amountMinor < 0) return `is more than the balance of ${balanceMinor} minor units`;
  return undefined;
}
