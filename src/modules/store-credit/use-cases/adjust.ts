import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { normaliseEmail } from '../domain/entries.js';
import { accountsOf, entriesOf, type AccountRow, type EntryRow } from '../db/store-credit.queries.js';
import { postEntry } from './post-entry.js';

/** POST /v1/store-credit/adjustments: staff correct a balance either way, with a reason (`store_credit.adjusted`). */
export async function adjustStoreCredit(db: Db, actor: Actor, input: { email: string; currency: string; amountMinor: number; reason: string }, now: Date): Promise<{ email: string; accounts: AccountRow[]; entries: EntryRow[] }> {
  return inTransaction(db, async (tx) => {
    const { event } = await postEntry(tx, actor, { ...input, kind: 'adjust' }, now);
    await appendEvents(tx, actor, now, [event]);
    return readStoreCredit(tx, actor.tenantId, input.email);
  });
}

/** The e-mail's balances (one per currency) and its latest 200 entries. */
export async function readStoreCredit(db: Db, tenantId: string, rawEmail: string): Promise<{ email: string; accounts: AccountRow[]; entries: EntryRow[] }> {
  const email = normaliseEmail(rawEmail);
  const accounts = await accountsOf(db, tenantId, email);
  return { email, accounts, entries: await entriesOf(db, tenantId, accounts.map((a) => a.id), 200) };
}
