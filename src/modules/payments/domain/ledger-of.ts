import type { LedgerEntry } from './financial-status.js';

/** The ledger as the derivation reads it, from stored rows (or anything shaped like them). */
export function ledgerOf(rows: readonly Pick<LedgerEntry, 'id' | 'kind' | 'status' | 'amountMinor' | 'parentId' | 'gateway'>[]): LedgerEntry[] {
  return rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, amountMinor: r.amountMinor, parentId: r.parentId, gateway: r.gateway }));
}
