import { Type, type Static } from '@fastify/type-provider-typebox';
import { formatMoney } from '../../../platform/kernel/money.js';
import { Timestamp, nullable } from '../../../platform/http/schemas.js';
import type { AccountRow, EntryRow } from '../db/store-credit.queries.js';

const Email = Type.String({ format: 'email', maxLength: 254 });
export const StoreCreditQuery = Type.Object({ email: { ...Email, description: 'The customer’s e-mail (matched lower-case)' } }, { additionalProperties: false });
export const AdjustmentBody = Type.Object(
  {
    email: Email,
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    amount: Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$', maxLength: 24, description: 'Signed decimal: "5.00" adds credit, "-5.00" takes it away (never below zero)' }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type AdjustmentBody = Static<typeof AdjustmentBody>;

const EntryView = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'issue, redeem or adjust' }),
  amount: Type.String({ description: 'Signed decimal' }),
  balance_after: Type.String(),
  currency: Type.String(),
  return_id: nullable(Type.String()),
  order_id: nullable(Type.String()),
  transaction_id: nullable(Type.String()),
  reason: Type.String(),
  actor: Type.String(),
  created_at: Timestamp,
});
export const StoreCreditView = Type.Object({
  email: Type.String(),
  balances: Type.Array(Type.Object({ currency: Type.String(), balance: Type.String(), account_id: Type.String(), customer_id: nullable(Type.String()) })),
  entries: Type.Array(EntryView, { description: 'Newest first, at most 200' }),
});

export function storeCreditView(email: string, accounts: AccountRow[], entries: EntryRow[], exponentOf: (currency: string) => number): Static<typeof StoreCreditView> {
  return {
    email,
    balances: accounts.map((a) => ({ currency: a.currency, balance: formatMoney(a.balanceMinor, exponentOf(a.currency)), account_id: a.id, customer_id: a.customerId })),
    entries: entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      amount: formatMoney(e.amountMinor, exponentOf(e.currency)),
      balance_after: formatMoney(e.balanceAfterMinor, exponentOf(e.currency)),
      currency: e.currency,
      return_id: e.returnId,
      order_id: e.orderId,
      transaction_id: e.transactionId,
      reason: e.reason,
      actor: e.actor,
      created_at: e.createdAt.toISOString(),
    })),
  };
}
