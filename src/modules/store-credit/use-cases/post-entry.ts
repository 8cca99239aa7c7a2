import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { normaliseEmail, refuseEntry, type EntryKind } from '../domain/entries.js';
import { accountsOf, ensureAccount, insertEntry, moveBalance, type EntryRow } from '../db/store-credit.queries.js';

export interface EntryInput {
  email: string;
  currency: string;
  kind: EntryKind;
  /** Signed: > 0 adds credit, < 0 spends it. */
  amountMinor: number;
  reason: string;
  returnId?: string | null | undefined;
  orderId?: string | null | undefined;
  transactionId?: string | null | undefined;
  /** The customer the credit is for, when known (a return's order): a new account is opened linked to it. */
  customerId?: string | null | undefined;
}

/**
 * The ledger's one write path, in the caller's transaction: open the account (tenant, e-mail,
 * currency) if needed, move its balance by a conditional update that never lets it go below zero
 * (409 STORE_CREDIT_INSUFFICIENT; the table's check repeats it), insert the entry with the balance
 * after it. Returns the entry and `store_credit.<kind>` (issued, redeemed, adjusted) to append.
 */
export async function postEntry(tx: Db, actor: Actor, input: EntryInput, now: Date): Promise<{ entry: EntryRow; event: NewEvent }> {
  const email = normaliseEmail(input.email);
  const sign = refuseEntry(input.kind, input.amountMinor, Number.MAX_SAFE_INTEGER);
  if (sign) throw new DomainError('STORE_CREDIT_INVALID', `The amount ${sign}.`, [{ field: 'amount', message: sign }]);
  await ensureAccount(tx, { tenantId: actor.tenantId, id: newId('sca'), email, customerId: input.customerId ?? null, currency: input.currency, balanceMinor: 0, createdAt: now, updatedAt: now });
  const moved = await moveBalance(tx, actor.tenantId, email, input.currency, input.amountMinor, now);
  if (!moved) {
    const balance = (await accountsOf(tx, actor.tenantId, email)).find((a) => a.currency === input.currency)?.balanceMinor ?? 0;
    const message = refuseEntry(input.kind, input.amountMinor, balance) ?? 'is more than the balance';
    throw new DomainError('STORE_CREDIT_INSUFFICIENT', `The amount ${message}.`, [{ field: 'amount', message }], { balance_minor: balance });
  }
  const entry: EntryRow = {
    tenantId: actor.tenantId,
    id: newId('sce'),
    accountId: moved.id,
    kind: input.kind,
    amountMinor: input.amountMinor,
    balanceAfterMinor: moved.balanceMinor,
    currency: input.currency,
    returnId: input.returnId ?? null,
    orderId: input.orderId ?? null,
    transactionId: input.transactionId ?? null,
    reason: input.reason,
    actor: actor.actorId,
    createdAt: now,
  };
  if (!(await insertEntry(tx, entry))) throw new DomainError('STORE_CREDIT_ALREADY_ISSUED', `Return ${input.returnId ?? ''} already issued store credit.`);
  const type = { issue: 'store_credit.issued', redeem: 'store_credit.redeemed', adjust: 'store_credit.adjusted' }[input.kind];
  const event: NewEvent = {
    type,
    aggregateType: 'store_credit',
    aggregateId: moved.id,
    data: { entry_id: entry.id, email, currency: entry.currency, amount_minor: entry.amountMinor, balance_minor: entry.balanceAfterMinor, return_id: entry.returnId, order_id: entry.orderId, transaction_id: entry.transactionId, reason: entry.reason, who: actor.actorId },
  };
  return { entry, event };
}
