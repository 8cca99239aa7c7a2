/**
 * An order's payment position, derived from its transaction ledger and its current total. Nothing
 * here is stored: the status and the balance are recomputed from the rows every time, so an edit
 * that lowers the total (a partial cancel) moves the balance at once and no counter can drift
 * from the ledger (the class of bug behind wrong "outstanding amounts" after order edits).
 *
 * Only `success` rows move money. `pending`, `failure` and `error` rows are history: shown in the
 * ledger, never counted.
 */

export const transactionKinds = ['authorization', 'capture', 'sale', 'refund', 'void', 'chargeback', 'chargeback_reversal'] as const;
export type TransactionKind = (typeof transactionKinds)[number];

export const transactionStatuses = ['pending', 'success', 'failure', 'error'] as const;
export type TransactionStatus = (typeof transactionStatuses)[number];

export const financialStatuses = ['pending', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided'] as const;
export type FinancialStatus = (typeof financialStatuses)[number];

/**
 * What each financial status means, in order of precedence (the first that holds). Kept as data:
 * the OpenAPI description and docs are built from it, so they cannot say something else.
 */
export const financialStatusMeanings: Record<FinancialStatus, string> = {
  pending: 'no money has moved: nothing captured and no authorization open (nothing recorded, or only pending/failed transactions)',
  authorized: 'nothing captured yet, and some authorization is still open to capture',
  voided: 'nothing captured, and every authorization was voided',
  refunded: 'money was captured and all of it went back (refunds and chargebacks net of reversals): net paid is 0',
  partially_refunded: 'money was captured and some, not all, of it went back',
  paid: 'money was captured, none went back, and net paid covers the current total',
  partially_paid: 'money was captured, none went back, and net paid is below the current total',
};

/** One ledger row as the derivation needs it. */
export interface LedgerEntry {
  id: string;
  kind: TransactionKind;
  status: TransactionStatus;
  amountMinor: number;
  parentId: string | null;
  gateway: string;
}

export interface PaymentSummary {
  financialStatus: FinancialStatus;
  /** Σ successful authorizations. */
  authorizedMinor: number;
  /** What the open authorizations can still capture: each one's amount less its captures, 0 once voided. */
  capturableMinor: number;
  /** Σ successful captures and sales: the money taken, before anything went back. */
  capturedMinor: number;
  refundedMinor: number;
  /** Σ successful voids (each the amount of the authorization it voided). */
  voidedMinor: number;
  chargebacksMinor: number;
  chargebackReversalsMinor: number;
  /** captured − refunded − chargebacks + reversals: the money the merchant holds for the order. */
  netPaidMinor: number;
  /** The order's current total, as given. */
  totalMinor: number;
  /** net paid − total. Positive: the customer overpaid (refund owed); negative: an amount is due. */
  balanceMinor: number;
  refundOwedMinor: number;
  amountDueMinor: number;
  /** The most a refund or chargeback can be now: the money held (net paid). */
  refundableMinor: number;
}

const sum = (entries: readonly LedgerEntry[]) => entries.reduce((total, e) => total + e.amountMinor, 0);

/** What an authorization can still capture: its amount less its successful captures; 0 once voided. */
export function authorizationRemaining(ledger: readonly LedgerEntry[], authorizationId: string): number {
  const auth = ledger.find((e) => e.id === authorizationId && e.kind === 'authorization' && e.status === 'success');
  if (!auth) return 0;
  const acting = ledger.filter((e) => e.parentId === authorizationId && e.status === 'success');
  if (acting.some((e) => e.kind === 'void')) return 0;
  return Math.max(0, auth.amountMinor - sum(acting.filter((e) => e.kind === 'capture')));
}

/** The payment summary of an order whose successful and other transactions are `ledger`. */
export function paymentSummary(ledger: readonly LedgerEntry[], totalMinor: number): PaymentSummary {
  const ok = ledger.filter((e) => e.status === 'success');
  const of = (...kinds: TransactionKind[]) => sum(ok.filter((e) => kinds.includes(e.kind)));
  const authorizedMinor = of('authorization');
  const capturedMinor = of('capture', 'sale');
  const refundedMinor = of('refund');
  const voidedMinor = of('void');
  const chargebacksMinor = of('chargeback');
  const chargebackReversalsMinor = of('chargeback_reversal');
  const capturableMinor = ok.filter((e) => e.kind === 'authorization').reduce((total, a) => total + authorizationRemaining(ok, a.id), 0);
  const returnedMinor = refundedMinor + chargebacksMinor - chargebackReversalsMinor;
  const netPaidMinor = capturedMinor - returnedMinor;
  const balanceMinor = netPaidMinor - totalMinor;
  return {
    financialStatus: statusOf({ capturedMinor, capturableMinor, authorizedMinor, returnedMinor, netPaidMinor, totalMinor }),
    authorizedMinor,
    capturableMinor,
    capturedMinor,
    refundedMinor,
    voidedMinor,
    chargebacksMinor,
    chargebackReversalsMinor,
    netPaidMinor,
    totalMinor,
    balanceMinor,
    refundOwedMinor: Math.max(0, balanceMinor),
    amountDueMinor: Math.max(0, -balanceMinor),
    refundableMinor: Math.max(0, netPaidMinor),
  };
}

/** `financialStatusMeanings`, as code: the first that holds. */
function statusOf(m: { capturedMinor: number; capturableMinor: number; authorizedMinor: number; returnedMinor: number; netPaidMinor: number; totalMinor: number }): FinancialStatus {
  if (m.capturedMinor === 0) {
    if (m.capturableMinor > 0) return 'authorized';
    // Authorizations existed, none is open and nothing was captured: they were all voided.
    if (m.authorizedMinor > 0) return 'voided';
    return 'pending';
  }
  if (m.netPaidMinor <= 0) return 'refunded';
  if (m.returnedMinor > 0) return 'partially_refunded';
  return m.netPaidMinor >= m.totalMinor ? 'paid' : 'partially_paid';
}
