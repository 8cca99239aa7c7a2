import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { financialStatuses, paymentSummary, transactionKinds, transactionStatuses, type FinancialStatus, type LedgerEntry, type TransactionKind, type TransactionStatus } from './financial-status.js';
import { refuseTransaction, type ProposedTransaction } from './ledger-rules.js';

let n = 0;
const entry = (kind: TransactionKind, amountMinor: number, more: Partial<LedgerEntry> = {}): LedgerEntry => ({ id: `txn_${++n}`, kind, status: 'success', amountMinor, parentId: null, gateway: 'stripe', ...more });
const status = (ledger: LedgerEntry[], total: number) => paymentSummary(ledger, total).financialStatus;

describe('financial status', () => {
  const auth = entry('authorization', 1000);
  const cases: [string, LedgerEntry[], number, FinancialStatus][] = [
    ['nothing recorded', [], 1000, 'pending'],
    ['only a pending sale', [entry('sale', 1000, { status: 'pending' })], 1000, 'pending'],
    ['a failed capture', [auth, entry('capture', 1000, { parentId: auth.id, status: 'failure' })], 1000, 'authorized'],
    ['an open authorization', [auth], 1000, 'authorized'],
    ['an authorization, voided', [auth, entry('void', 1000, { parentId: auth.id })], 1000, 'voided'],
    ['part captured', [auth, entry('capture', 400, { parentId: auth.id })], 1000, 'partially_paid'],
    ['all captured', [auth, entry('capture', 1000, { parentId: auth.id })], 1000, 'paid'],
    ['a sale above the total (overpaid)', [entry('sale', 1200)], 1000, 'paid'],
    ['paid, then part refunded', [entry('sale', 1000), entry('refund', 300)], 1000, 'partially_refunded'],
    ['paid, then all refunded', [entry('sale', 1000), entry('refund', 1000)], 1000, 'refunded'],
    ['paid, charged back', [entry('sale', 1000), entry('chargeback', 1000)], 1000, 'refunded'],
    ['charged back, then the chargeback reversed: the money is back', [entry('sale', 1000), entry('chargeback', 1000), entry('chargeback_reversal', 1000)], 1000, 'paid'],
    ['paid for an order whose total went to 0', [entry('sale', 1000)], 0, 'paid'],
  ];
  for (const [name, ledger, total, expected] of cases) {
    test(`${name}: ${expected}`, () => assert.equal(status(ledger, total), expected));
  }

  test('the balance follows the current total: a partial cancel after payment shows the refund owed', () => {
    const ledger = [entry('sale', 5000)];
    assert.deepEqual([paymentSummary(ledger, 5000).balanceMinor, paymentSummary(ledger, 5000).refundOwedMinor], [0, 0]);
    const after = paymentSummary(ledger, 3000);
    assert.deepEqual([after.balanceMinor, after.refundOwedMinor, after.amountDueMinor, after.financialStatus], [2000, 2000, 0, 'paid']);
    const refunded = paymentSummary([...ledger, entry('refund', 2000)], 3000);
    assert.deepEqual([refunded.balanceMinor, refunded.refundOwedMinor, refunded.financialStatus], [0, 0, 'partially_refunded']);
  });

  test('an amount due is the total less what is held', () => {
    const s = paymentSummary([entry('sale', 700), entry('refund', 200)], 1000);
    assert.deepEqual([s.netPaidMinor, s.balanceMinor, s.amountDueMinor, s.refundOwedMinor, s.refundableMinor], [500, -500, 500, 0, 500]);
  });

  test('capturable is what open authorizations have left', () => {
    const a = entry('authorization', 1000);
    const b = entry('authorization', 500);
    const s = paymentSummary([a, b, entry('capture', 300, { parentId: a.id }), entry('void', 500, { parentId: b.id })], 1500);
    assert.deepEqual([s.authorizedMinor, s.capturableMinor, s.capturedMinor, s.voidedMinor], [1500, 700, 300, 500]);
  });
});

describe('what the ledger accepts', () => {
  const fmt = (minor: number) => (minor / 100).toFixed(2);
  const propose = (kind: TransactionKind, amountMinor: number, more: Partial<ProposedTransaction> = {}): ProposedTransaction => ({ kind, status: 'success', amountMinor, currency: 'USD', gateway: 'stripe', parentId: null, ...more });

  test('another currency than the order’s names currency', () => {
    assert.deepEqual(refuseTransaction([], propose('sale', 100, { currency: 'EUR' }), 'USD', fmt), { code: 'PAYMENT_TRANSACTION_INVALID', field: 'currency', message: "must be the order's currency USD" });
  });

  test('a refund above what was paid and not refunded is refused, naming amount', () => {
    const ledger = [entry('sale', 1000), entry('refund', 400)];
    assert.equal(refuseTransaction(ledger, propose('refund', 600), 'USD', fmt), undefined);
    const refusal = refuseTransaction(ledger, propose('refund', 601), 'USD', fmt);
    assert.deepEqual([refusal?.code, refusal?.field], ['PAYMENT_AMOUNT_EXCEEDS_REMAINING', 'amount']);
    assert.match(refusal?.message ?? '', /6\.00/);
  });

  test('a failed refund records without moving money, so it is not held to the limit', () => {
    assert.equal(refuseTransaction([entry('sale', 100)], propose('refund', 5000, { status: 'failure' }), 'USD', fmt), undefined);
  });

  test('a refund of one capture is limited by that capture', () => {
    const a = entry('sale', 1000);
    const b = entry('sale', 300);
    assert.equal(refuseTransaction([a, b], propose('refund', 301, { parentId: b.id }), 'USD', fmt)?.code, 'PAYMENT_AMOUNT_EXCEEDS_REMAINING');
    assert.equal(refuseTransaction([a, b], propose('refund', 300, { parentId: b.id }), 'USD', fmt), undefined);
  });

  test('a capture is limited by its authorization', () => {
    const a = entry('authorization', 1000);
    const ledger = [a, entry('capture', 700, { parentId: a.id })];
    assert.equal(refuseTransaction(ledger, propose('capture', 301, { parentId: a.id }), 'USD', fmt)?.code, 'PAYMENT_AMOUNT_EXCEEDS_REMAINING');
    assert.equal(refuseTransaction(ledger, propose('capture', 300, { parentId: a.id }), 'USD', fmt), undefined);
  });

  test('only an un-captured authorization can be voided, once, for its whole amount', () => {
    const a = entry('authorization', 1000);
    assert.equal(refuseTransaction([a], propose('void', 1000, { parentId: a.id }), 'USD', fmt), undefined);
    assert.equal(refuseTransaction([a], propose('void', 500, { parentId: a.id }), 'USD', fmt)?.field, 'amount');
    assert.equal(refuseTransaction([a, entry('capture', 1, { parentId: a.id })], propose('void', 1000, { parentId: a.id }), 'USD', fmt)?.code, 'PAYMENT_VOID_NOT_ALLOWED');
    assert.equal(refuseTransaction([a, entry('void', 1000, { parentId: a.id })], propose('void', 1000, { parentId: a.id }), 'USD', fmt)?.code, 'PAYMENT_VOID_NOT_ALLOWED');
    assert.equal(refuseTransaction([a], propose('void', 1000), 'USD', fmt)?.field, 'parent_id');
  });

  test('a parent must exist on the order, be of the right kind, have succeeded and be on the same gateway', () => {
    const sale = entry('sale', 1000);
    const failed = entry('authorization', 1000, { status: 'failure' });
    assert.match(refuseTransaction([sale], propose('refund', 10, { parentId: 'txn_nope' }), 'USD', fmt)?.message ?? '', /no transaction txn_nope/);
    assert.equal(refuseTransaction([sale], propose('capture', 10, { parentId: sale.id }), 'USD', fmt)?.field, 'parent_id');
    assert.equal(refuseTransaction([failed], propose('capture', 10, { parentId: failed.id }), 'USD', fmt)?.field, 'parent_id');
    assert.equal(refuseTransaction([sale], propose('refund', 10, { parentId: sale.id, gateway: 'paypal' }), 'USD', fmt)?.field, 'gateway');
    assert.equal(refuseTransaction([sale], propose('sale', 10, { parentId: sale.id }), 'USD', fmt)?.field, 'parent_id');
  });

  test('a chargeback reversal is at most the open chargebacks', () => {
    const ledger = [entry('sale', 1000), entry('chargeback', 400)];
    assert.equal(refuseTransaction(ledger, propose('chargeback_reversal', 401), 'USD', fmt)?.code, 'PAYMENT_AMOUNT_EXCEEDS_REMAINING');
    assert.equal(refuseTransaction(ledger, propose('chargeback_reversal', 400), 'USD', fmt), undefined);
  });
});

/** Random requests against a ledger that keeps only what the rules accept, as the API does. */
const requestArb = fc.record({
  kind: fc.constantFrom(...transactionKinds),
  status: fc.constantFrom<TransactionStatus>(...transactionStatuses, 'success', 'success'),
  amountMinor: fc.integer({ min: 1, max: 5000 }),
  parentIndex: fc.option(fc.nat(20), { nil: null }),
  gateway: fc.constantFrom('stripe', 'stripe', 'paypal'),
});

function buildLedger(requests: { kind: TransactionKind; status: TransactionStatus; amountMinor: number; parentIndex: number | null; gateway: string }[]): LedgerEntry[] {
  const ledger: LedgerEntry[] = [];
  requests.forEach((r, i) => {
    const parentId = r.parentIndex === null || ledger.length === 0 ? null : (ledger[r.parentIndex % ledger.length] as LedgerEntry).id;
    const proposed: ProposedTransaction = { kind: r.kind, status: r.status, amountMinor: r.amountMinor, currency: 'USD', gateway: r.gateway, parentId };
    if (!refuseTransaction(ledger, proposed, 'USD', String)) ledger.push({ id: `txn_p${i}`, kind: r.kind, status: r.status, amountMinor: r.amountMinor, parentId, gateway: r.gateway });
  });
  return ledger;
}

describe('properties of any ledger the rules accept', () => {
  const ledgers = fc.array(requestArb, { maxLength: 40 }).map(buildLedger);
  const totals = fc.integer({ min: 0, max: 20_000 });

  test('never more goes back than came in, and nothing is captured beyond its authorization', () => {
    fc.assert(
      fc.property(ledgers, totals, (ledger, total) => {
        const s = paymentSummary(ledger, total);
        assert.ok(s.netPaidMinor >= 0, `net paid ${s.netPaidMinor}`);
        assert.ok(s.refundedMinor + s.chargebacksMinor - s.chargebackReversalsMinor <= s.capturedMinor, 'more went back than was captured');
        assert.ok(s.chargebackReversalsMinor <= s.chargebacksMinor, 'more reversed than charged back');
        assert.ok(s.capturableMinor >= 0 && s.capturableMinor <= s.authorizedMinor, `capturable ${s.capturableMinor} of ${s.authorizedMinor} authorized`);
        for (const a of ledger.filter((e) => e.kind === 'authorization' && e.status === 'success')) {
          const captured = ledger.filter((e) => e.parentId === a.id && e.kind === 'capture' && e.status === 'success').reduce((x, e) => x + e.amountMinor, 0);
          assert.ok(captured <= a.amountMinor, `authorization ${a.id} over-captured`);
          const voids = ledger.filter((e) => e.parentId === a.id && e.kind === 'void' && e.status === 'success');
          assert.ok(voids.length <= 1 && (voids.length === 0 || captured === 0), `authorization ${a.id} voided twice or after a capture`);
        }
      }),
    );
  });

  test('the balance is net paid less the total, split into refund owed and amount due', () => {
    fc.assert(
      fc.property(ledgers, totals, (ledger, total) => {
        const s = paymentSummary(ledger, total);
        assert.equal(s.balanceMinor, s.capturedMinor - s.refundedMinor - s.chargebacksMinor + s.chargebackReversalsMinor - total);
        assert.equal(s.refundOwedMinor - s.amountDueMinor, s.balanceMinor);
        assert.ok(s.refundOwedMinor === 0 || s.amountDueMinor === 0, 'a refund owed and an amount due at once');
      }),
    );
  });

  test('the status is the documented one and the only one', () => {
    fc.assert(
      fc.property(ledgers, totals, (ledger, total) => {
        const s = paymentSummary(ledger, total);
        const returned = s.refundedMinor + s.chargebacksMinor - s.chargebackReversalsMinor;
        const holds: Record<FinancialStatus, boolean> = {
          pending: s.capturedMinor === 0 && s.capturableMinor === 0 && s.authorizedMinor === 0,
          authorized: s.capturedMinor === 0 && s.capturableMinor > 0,
          voided: s.capturedMinor === 0 && s.capturableMinor === 0 && s.authorizedMinor > 0,
          refunded: s.capturedMinor > 0 && s.netPaidMinor === 0,
          partially_refunded: s.capturedMinor > 0 && s.netPaidMinor > 0 && returned > 0,
          paid: s.capturedMinor > 0 && returned === 0 && s.netPaidMinor >= total,
          partially_paid: s.capturedMinor > 0 && returned === 0 && s.netPaidMinor < total,
        };
        assert.deepEqual(financialStatuses.filter((f) => holds[f]), [s.financialStatus]);
      }),
    );
  });

  test('only successful rows count, in any order', () => {
    fc.assert(
      fc.property(ledgers, totals, fc.nat(), (ledger, total, seed) => {
        const shuffled = [...ledger].sort((a, b) => ((a.id.length * 31 + seed) % 7) - ((b.id.length * 17 + seed) % 5));
        assert.deepEqual(paymentSummary(shuffled, total), paymentSummary(ledger, total));
        assert.deepEqual(paymentSummary(ledger.filter((e) => e.status === 'success'), total), paymentSummary(ledger, total));
      }),
    );
  });

  test('a refund of exactly what is refundable is accepted, one minor unit more is not', () => {
    fc.assert(
      fc.property(ledgers, (ledger) => {
        const { refundableMinor } = paymentSummary(ledger, 0);
        const refund = (amountMinor: number) => refuseTransaction(ledger, { kind: 'refund', status: 'success', amountMinor, currency: 'USD', gateway: 'stripe', parentId: null }, 'USD', String);
        if (refundableMinor > 0) assert.equal(refund(refundableMinor), undefined);
        assert.equal(refund(refundableMinor + 1)?.code, 'PAYMENT_AMOUNT_EXCEEDS_REMAINING');
      }),
    );
  });
});
