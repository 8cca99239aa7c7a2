import { authorizationRemaining, paymentSummary, type LedgerEntry, type TransactionKind, type TransactionStatus } from './financial-status.js';

/**
 * Whether a transaction may join an order's ledger. Pure: the caller holds the order's lock, so
 * `ledger` is every row the order has and nothing can slip in between this check and the insert.
 * Only a `success` row moves money, so only it is held to the amounts left; any row must still be
 * well-formed (currency, parent of the right kind on the same gateway).
 */

export interface ProposedTransaction {
  kind: TransactionKind;
  status: TransactionStatus;
  amountMinor: number;
  currency: string;
  gateway: string;
  parentId: string | null;
}

export type RefusalCode = 'PAYMENT_TRANSACTION_INVALID' | 'PAYMENT_AMOUNT_EXCEEDS_REMAINING' | 'PAYMENT_VOID_NOT_ALLOWED';

export interface Refusal {
  code: RefusalCode;
  field: 'currency' | 'amount' | 'parent_id' | 'gateway';
  message: string;
}

/** Which kinds a transaction of each kind may act on (its parent); `null`: it takes no parent. */
const parentKinds: Record<TransactionKind, readonly TransactionKind[] | null> = {
  authorization: null,
  sale: null,
  capture: ['authorization'],
  void: ['authorization'],
  refund: ['capture', 'sale'],
  chargeback: ['capture', 'sale'],
  chargeback_reversal: ['chargeback'],
};

const invalid = (field: Refusal['field'], message: string): Refusal => ({ code: 'PAYMENT_TRANSACTION_INVALID', field, message });
const exceeds = (message: string): Refusal => ({ code: 'PAYMENT_AMOUNT_EXCEEDS_REMAINING', field: 'amount', message });

/** The refusal, or undefined when the transaction may be recorded. `format` renders minor units for messages. */
export function refuseTransaction(ledger: readonly LedgerEntry[], t: ProposedTransaction, orderCurrency: string, format: (minor: number) => string): Refusal | undefined {
  if (t.currency !== orderCurrency) return invalid('currency', `must be the order's currency ${orderCurrency}`);
  if (!Number.isSafeInteger(t.amountMinor) || t.amountMinor <= 0) return invalid('amount', 'must be greater than zero');
  const parentRefusal = refuseParent(ledger, t);
  if (parentRefusal) return parentRefusal;
  if (t.status !== 'success') return undefined;

  const ok = ledger.filter((e) => e.status === 'success');
  const parent = t.parentId === null ? undefined : ok.find((e) => e.id === t.parentId);
  const summary = paymentSummary(ok, 0);
  switch (t.kind) {
    case 'authorization':
    case 'sale':
      return undefined;
    case 'capture': {
      if (!parent) return undefined;
      const left = authorizationRemaining(ok, parent.id);
      return t.amountMinor > left ? exceeds(`is more than authorization ${parent.id} has left to capture (${format(left)})`) : undefined;
    }
    case 'void': {
      const p = parent as LedgerEntry; // refuseParent made sure a void names a successful authorization
      const acting = ok.filter((e) => e.parentId === p.id);
      if (acting.some((e) => e.kind === 'void')) return { code: 'PAYMENT_VOID_NOT_ALLOWED', field: 'parent_id', message: `authorization ${p.id} is already voided` };
      if (acting.some((e) => e.kind === 'capture')) return { code: 'PAYMENT_VOID_NOT_ALLOWED', field: 'parent_id', message: `authorization ${p.id} has captures: refund them instead` };
      return t.amountMinor === p.amountMinor ? undefined : invalid('amount', `must be the authorization's amount ${format(p.amountMinor)}: a void releases all of it`);
    }
    case 'refund':
    case 'chargeback': {
      if (t.amountMinor > summary.refundableMinor) return exceeds(`is more than the ${format(summary.refundableMinor)} paid and not yet refunded`);
      if (!parent) return undefined;
      const parentLeft = parent.amountMinor - ok.filter((e) => e.parentId === parent.id && (e.kind === 'refund' || e.kind === 'chargeback')).reduce((s, e) => s + e.amountMinor, 0);
      return t.amountMinor > parentLeft ? exceeds(`is more than the ${format(Math.max(0, parentLeft))} of ${parent.kind} ${parent.id} not yet refunded`) : undefined;
    }
    case 'chargeback_reversal': {
      const open = summary.chargebacksMinor - summary.chargebackReversalsMinor;
      return t.amountMinor > open ? exceeds(`is more than the ${format(open)} of chargebacks not yet reversed`) : undefined;
    }
  }
}

function refuseParent(ledger: readonly LedgerEntry[], t: ProposedTransaction): Refusal | undefined {
  const kinds = parentKinds[t.kind];
  if (kinds === null) return t.parentId === null ? undefined : invalid('parent_id', `${t.kind === 'sale' ? 'a sale' : 'an authorization'} acts on no earlier transaction: leave parent_id out`);
  if (t.parentId === null) return t.kind === 'void' ? invalid('parent_id', 'names the authorization to void') : undefined;
  const parent = ledger.find((e) => e.id === t.parentId);
  if (!parent) return invalid('parent_id', `no transaction ${t.parentId} on this order`);
  if (!kinds.includes(parent.kind)) return invalid('parent_id', `a ${t.kind} acts on ${kinds.join(' or ')}, not on ${parent.kind} ${parent.id}`);
  if (parent.status !== 'success') return invalid('parent_id', `${parent.kind} ${parent.id} did not succeed (${parent.status})`);
  if (parent.gateway !== t.gateway) return invalid('gateway', `must be ${parent.gateway}, the gateway of ${parent.kind} ${parent.id}`);
  return undefined;
}
