import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { storeCreditAccounts, storeCreditEntries } from './schema.js';

export type AccountRow = typeof storeCreditAccounts.$inferSelect;
export type EntryRow = typeof storeCreditEntries.$inferSelect;

/** The e-mail's accounts, one per currency. */
export async function accountsOf(db: Db, tenantId: string, email: string): Promise<AccountRow[]> {
  return db.select().from(storeCreditAccounts).where(and(eq(storeCreditAccounts.tenantId, tenantId), eq(storeCreditAccounts.email, email))).orderBy(asc(storeCreditAccounts.currency));
}

/** Newest first, at most `limit`, over the given accounts. */
export async function entriesOf(db: Db, tenantId: string, accountIds: string[], limit: number): Promise<EntryRow[]> {
  if (accountIds.length === 0) return [];
  return db
    .select()
    .from(storeCreditEntries)
    .where(and(eq(storeCreditEntries.tenantId, tenantId), inArray(storeCreditEntries.accountId, accountIds)))
    .orderBy(desc(storeCreditEntries.id))
    .limit(limit);
}

export async function entriesOfReturns(db: Db, tenantId: string, returnIds: string[]): Promise<EntryRow[]> {
  if (returnIds.length === 0) return [];
  return db.select().from(storeCreditEntries).where(and(eq(storeCreditEntries.tenantId, tenantId), inArray(storeCreditEntries.returnId, returnIds))).orderBy(asc(storeCreditEntries.id));
}

/** Opens the account if it does not exist (a concurrent opener wins harmlessly). */
export async function ensureAccount(db: Db, row: AccountRow): Promise<void> {
  await db.insert(storeCreditAccounts).values(row).onConflictDoNothing({ target: [storeCreditAccounts.tenantId, storeCreditAccounts.email, storeCreditAccounts.currency] });
}

/**
 * Moves the balance by `delta` only while it stays ≥ 0: one conditional update, which also locks the
 * account row until commit, so concurrent postings queue and each sees the last. Undefined when the
 * balance would go negative.
 */
export async function moveBalance(db: Db, tenantId: string, email: string, currency: string, delta: number, now: Date): Promise<{ id: string; balanceMinor: number } | undefined> {
  const [row] = await db
    .update(storeCreditAccounts)
    .set({ balanceMinor: sql`${storeCreditAccounts.balanceMinor} + ${delta}`, updatedAt: now })
    .where(and(eq(storeCreditAccounts.tenantId, tenantId), eq(storeCreditAccounts.email, email), eq(storeCreditAccounts.currency, currency), sql`${storeCreditAccounts.balanceMinor} + ${delta} >= 0`))
    .returning({ id: storeCreditAccounts.id, balanceMinor: storeCreditAccounts.balanceMinor });
  return row ? { id: row.id, balanceMinor: Number(row.balanceMinor) } : undefined;
}

/** False when the return already issued credit (the partial unique index). */
export async function insertEntry(db: Db, row: EntryRow): Promise<boolean> {
  const rows = await db.insert(storeCreditEntries).values(row).onConflictDoNothing().returning({ id: storeCreditEntries.id });
  return rows.length === 1;
}

/** A customer's accounts (ADR 0026): those linked to it, and those of its e-mails not linked yet. */
export async function accountsOfCustomer(db: Db, tenantId: string, customerId: string, emails: string[]): Promise<AccountRow[]> {
  return db
    .select()
    .from(storeCreditAccounts)
    .where(and(eq(storeCreditAccounts.tenantId, tenantId), emails.length > 0 ? or(eq(storeCreditAccounts.customerId, customerId), and(isNull(storeCreditAccounts.customerId), inArray(storeCreditAccounts.email, emails))) : eq(storeCreditAccounts.customerId, customerId)))
    .orderBy(asc(storeCreditAccounts.currency), asc(storeCreditAccounts.id));
}

/** Points accounts at a customer (a merge’s survivor, or the customer of their e-mail). Balances and entries do not move. */
export async function linkAccounts(db: Db, tenantId: string, accountIds: string[], customerId: string, now: Date): Promise<void> {
  if (accountIds.length === 0) return;
  await db.update(storeCreditAccounts).set({ customerId, updatedAt: now }).where(and(eq(storeCreditAccounts.tenantId, tenantId), inArray(storeCreditAccounts.id, accountIds)));
}

/** Erasure: the accounts' e-mail becomes a placeholder unique to each account; balances and entries stay. */
export async function eraseAccountEmails(db: Db, tenantId: string, accountIds: string[], now: Date): Promise<void> {
  if (accountIds.length === 0) return;
  await db
    .update(storeCreditAccounts)
    .set({ email: sql`'erased-' || ${storeCreditAccounts.id} || '@erased.invalid'`, updatedAt: now })
    .where(and(eq(storeCreditAccounts.tenantId, tenantId), inArray(storeCreditAccounts.id, accountIds)));
}
