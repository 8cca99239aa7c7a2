import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { orderTotals, paidForUnits, type OrderCharges } from '../../src/modules/orders/index.js';
import type { LedgerEntry, TransactionKind, TransactionStatus } from '../../src/modules/payments/domain/financial-status.js';
import { refuseTransaction } from '../../src/modules/payments/domain/ledger-rules.js';
import { canTransition, computeRefund, defaultPolicy, gaveShippingBack, defaultReasons, evaluateReturn, holdsUnits, receivable, statusAfterReceipt, type ReturnPolicy } from '../../src/modules/returns/index.js';
import { checkBooks, type BookLine, type OrderBooks } from '../support/order-books.js';

/**
 * Issue 14 §3, the pure half: random sequences of partial cancels, payments (authorization,
 * capture, sale, refund, void), shipments, returns (request, approve, decline, cancel, in transit,
 * receipts with every disposition) and return refunds, on orders captured with discounts, taxes,
 * shipping lines and duties, composed from the real domain functions: the orders module's money,
 * the payments ledger rules and derived status, the returns lifecycle, policy and refund. After
 * every step the books must hold (test/support/order-books.ts). The same kinds of sequences run
 * through the API on a database in test/api/money-and-returns.property.test.ts.
 *
 * What the flows add around the pure functions (which units a step may touch, the parent a return
 * refund books against, the receipt's stock moves) is mirrored here as the flows do it.
 * PROPERTY_RUNS overrides the number of sequences (CI: 10,000); a failure prints fast-check's seed
 * and path, which `fc.assert(…, { seed, path })` replays.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 10_000);
const DAY_MS = 86_400_000;
const SHIPPED_AT = new Date('2026-11-02T10:00:00Z');
const INITIAL_ON_HAND = 50;
const dispositions = ['restock', 'quarantine', 'refurbish', 'return_to_vendor', 'scrap', 'missing'] as const;

// ---- the order as captured ----------------------------------------------------------------

const lineArb = (sku: string, taxesIncluded: boolean) =>
  fc.record({ quantity: fc.integer({ min: 1, max: 6 }), unitPriceMinor: fc.integer({ min: 0, max: 20_000 }), d: fc.integer({ min: 0, max: 1000 }), t: fc.integer({ min: 0, max: 300 }) }).map(({ quantity, unitPriceMinor, d, t }): BookLine => {
    const gross = quantity * unitPriceMinor;
    const discountMinor = Math.floor((gross * d) / 1000);
    // Tax inside the price fits in the price after discounts, with the one-minor-unit-per-unit margin ADR 0019 names.
    const raw = Math.floor(((gross - discountMinor) * t) / 1000);
    const taxMinor = taxesIncluded ? Math.max(0, Math.min(raw, gross - discountMinor - 2 * quantity)) : raw;
    return { sku, quantity, cancelled: 0, shipped: 0, unitPriceMinor, discountMinor, taxMinor };
  });

const orderArb = fc.boolean().chain((taxesIncluded) =>
  fc.record({
    lines: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => lineArb(`SKU-${i}`, taxesIncluded)))),
    shipping: fc.array(
      fc.record({ priceMinor: fc.integer({ min: 0, max: 2000 }), d: fc.integer({ min: 0, max: 1000 }), taxMinor: fc.integer({ min: 0, max: 200 }) }).map(({ priceMinor, d, taxMinor }) => {
        const discountMinor = Math.floor((priceMinor * d) / 1000);
        return { priceMinor, discountMinor, taxMinor: taxesIncluded ? Math.min(taxMinor, priceMinor - discountMinor) : taxMinor };
      }),
      { maxLength: 2 },
    ),
    dutiesMinor: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1500 })),
    policy: fc.record({ restocking_fee_bps: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2500 })), finalSale: fc.boolean() }),
  }).map(({ lines, shipping, dutiesMinor, policy }) => ({
    lines,
    charges: { shipping, dutiesMinor, taxesIncluded } satisfies OrderCharges,
    // Now and then the last SKU is final sale: its return requests must be refused.
    policy: { ...defaultPolicy, allowed_outcomes: ['refund'], restocking_fee_bps: policy.restocking_fee_bps, final_sale_skus: policy.finalSale && lines.length > 1 ? [`SKU-${lines.length - 1}`] : [] } satisfies ReturnPolicy,
  })),
);

// ---- the steps ------------------------------------------------------------------------------

const pick = fc.nat({ max: 7 });
/** True four times in five: a step mostly asks for what can be done, now and then for more (to be refused). */
const mostly = fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
/** Which return a step acts on, counted from the newest: mostly the newest, so a return gets somewhere. */
const recent = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 3 }) });
const stepArb = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), line: pick, n: fc.integer({ min: 1, max: 4 }) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('pay' as const),
      kind: fc.constantFrom<TransactionKind>('authorization', 'capture', 'sale', 'refund', 'void', 'chargeback', 'chargeback_reversal'),
      status: fc.constantFrom<TransactionStatus>('success', 'success', 'success', 'success', 'failure', 'pending'),
      parent: fc.option(pick, { freq: 4 }),
      amount: fc.oneof(fc.constant('due' as const), fc.constant('over' as const), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 60_000 }).map((minor) => ({ minor }))),
      gateway: fc.constantFrom('stripe', 'stripe', 'paypal'),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('ship' as const), line: pick, n: fc.integer({ min: 1, max: 6 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('request' as const),
      clamp: mostly,
      lines: fc.uniqueArray(fc.record({ line: fc.nat({ max: 2 }), n: fc.integer({ min: 1, max: 4 }), reason: fc.constantFrom('defective', 'damaged_in_transit', 'changed_mind', 'size_too_small') }), { minLength: 1, maxLength: 2, selector: (l) => l.line }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('move' as const), ret: recent, to: fc.constantFrom('approved', 'approved', 'approved', 'approved', 'in_transit', 'declined', 'cancelled') }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('receive' as const), ret: recent, clamp: mostly, parts: fc.array(fc.record({ line: fc.nat({ max: 1 }), qty: fc.integer({ min: 1, max: 4 }), disposition: fc.constantFrom(...dispositions) }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('refund' as const), ret: recent }) },
  // A whole return in one step (request what can be, approve, receive every unit with these dispositions, refund), so that
  // sequences reach refunds, second refunds of a line and shipping refunds often, between the single steps above.
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('whole-return' as const),
      lines: fc.uniqueArray(fc.record({ line: fc.nat({ max: 2 }), n: fc.integer({ min: 1, max: 4 }), reason: fc.constantFrom('defective', 'damaged_in_transit', 'changed_mind', 'size_too_small') }), { minLength: 1, maxLength: 2, selector: (l) => l.line }),
      dispositions: fc.array(fc.constantFrom(...dispositions), { minLength: 8, maxLength: 8 }),
    }),
  },
);
type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

// ---- the model ------------------------------------------------------------------------------

interface Model {
  books: OrderBooks;
  policy: ReturnPolicy;
  ids: number;
}

const parentKinds: Partial<Record<TransactionKind, TransactionKind[]>> = { capture: ['authorization'], void: ['authorization'], refund: ['capture', 'sale'], chargeback: ['capture', 'sale'], chargeback_reversal: ['chargeback'] };

/** A payment step: the amount aimed at what the step could still move, the ledger rules decide. */
function pay(m: Model, s: Extract<Step, { op: 'pay' }>): void {
  const { ledger } = m.books;
  const total = orderTotals(m.books.lines, m.books.charges).total;
  const kinds = parentKinds[s.kind];
  const candidates = kinds ? ledger.filter((e) => kinds.includes(e.kind)) : [];
  const parent = kinds && s.parent !== null && candidates.length > 0 ? candidates[s.parent % candidates.length] : undefined;
  if (s.kind === 'void' && !parent) return; // a void names its authorization (the rules refuse it otherwise: covered by their own tests)
  const ok = ledger.filter((e) => e.status === 'success');
  const held = ok.reduce((n, e) => n + (e.kind === 'capture' || e.kind === 'sale' || e.kind === 'chargeback_reversal' ? e.amountMinor : e.kind === 'refund' || e.kind === 'chargeback' ? -e.amountMinor : 0), 0);
  const room =
    s.kind === 'capture' && parent ? parent.amountMinor - ok.filter((e) => e.parentId === parent.id && e.kind === 'capture').reduce((n, e) => n + e.amountMinor, 0)
    : s.kind === 'void' && parent ? parent.amountMinor
    : s.kind === 'refund' || s.kind === 'chargeback' ? held
    : Math.max(1, total - held);
  const amountMinor = s.amount === 'due' ? room : s.amount === 'over' ? room + 1 : typeof s.amount === 'number' ? Math.max(1, Math.floor((room * s.amount) / 100)) : s.amount.minor;
  const gateway = parent?.gateway ?? s.gateway;
  const proposed = { kind: s.kind, status: s.status, amountMinor, currency: 'USD', gateway, parentId: parent?.id ?? null };
  if (refuseTransaction(ledger, proposed, 'USD', String)) return;
  ledger.push({ id: `txn_${++m.ids}`, kind: s.kind, status: s.status, amountMinor, parentId: proposed.parentId, gateway });
}

/** The parent a return's refund books against, as refund-return.ts chooses it. */
function refundParent(ledger: LedgerEntry[], amount: number): LedgerEntry | undefined {
  const ok = ledger.filter((t) => t.status === 'success');
  const left = (p: LedgerEntry) => p.amountMinor - ok.filter((t) => t.parentId === p.id && (t.kind === 'refund' || t.kind === 'chargeback')).reduce((s, t) => s + t.amountMinor, 0);
  const parents = ok.filter((t) => t.kind === 'capture' || t.kind === 'sale');
  return parents.find((p) => left(p) >= amount) ?? parents.sort((a, b) => left(b) - left(a))[0];
}

/** The return `back` places from the newest. */
const returnAt = (m: Model, back: number) => {
  const n = m.books.returns.length;
  return n === 0 ? -1 : n - 1 - (back % n);
};

const underReturn = (m: Model, line: number) => m.books.returns.filter((r) => holdsUnits(r.status)).flatMap((r) => r.lines).filter((l) => l.line === line).reduce((n, l) => n + l.quantity, 0);

function apply(m: Model, s: Step): void {
  const { books } = m;
  switch (s.op) {
    case 'whole-return': {
      const count = books.returns.length;
      apply(m, { op: 'request', clamp: true, lines: s.lines });
      if (books.returns.length === count) return;
      apply(m, { op: 'move', ret: 0, to: 'approved' });
      const ret = books.returns[count] as OrderBooks['returns'][number];
      let d = 0;
      const parts = ret.lines.flatMap((l, line) => Array.from({ length: l.quantity }, () => ({ line, qty: 1, disposition: s.dispositions[d++ % s.dispositions.length] as (typeof dispositions)[number] })));
      apply(m, { op: 'receive', ret: 0, clamp: false, parts });
      assert.equal(ret.status, 'inspected', 'every unit received or missing: inspected');
      apply(m, { op: 'refund', ret: 0 });
      return;
    }
    case 'pay':
      return pay(m, s);
    case 'cancel': {
      // cancel-units: only units neither shipped nor cancelled, from the highest index down.
      const line = books.lines[s.line % books.lines.length] as BookLine;
      line.cancelled += Math.min(s.n, line.quantity - line.cancelled - line.shipped);
      return;
    }
    case 'ship': {
      const line = books.lines[s.line % books.lines.length] as BookLine;
      const n = Math.min(s.n, line.quantity - line.cancelled - line.shipped);
      line.shipped += n;
      const st = books.stock.find((x) => x.sku === line.sku);
      if (st) {
        st.onHand -= n;
        st.ledgerDelta -= n;
      }
      return;
    }
    case 'request': {
      const lines = s.lines.filter((l) => l.line < books.lines.length).map((l) => ({ ...l }));
      if (lines.length === 0) return;
      // request-return: at most shipped − already under return, per line (more is refused whole); the policy must allow it.
      if (lines.some((l) => l.n > (books.lines[l.line] as BookLine).shipped - underReturn(m, l.line))) {
        if (s.clamp) lines.forEach((l) => (l.n = Math.min(l.n, (books.lines[l.line] as BookLine).shipped - underReturn(m, l.line))));
        if (!s.clamp || lines.some((l) => l.n <= 0)) return;
      }
      const evaluation = evaluateReturn({
        policy: m.policy,
        reasons: defaultReasons,
        deliveredAt: null,
        shippedAt: SHIPPED_AT,
        now: new Date(SHIPPED_AT.getTime() + DAY_MS),
        outcome: 'refund',
        lines: lines.map((l) => ({ sku: (books.lines[l.line] as BookLine).sku, quantity: l.n, reason: l.reason, paidMinor: paidForUnits(books.lines[l.line] as BookLine, l.n, books.charges.taxesIncluded).paid })),
      });
      const finalSale = lines.some((l) => m.policy.final_sale_skus.includes((books.lines[l.line] as BookLine).sku));
      assert.equal(evaluation.eligible, !finalSale, evaluation.refusals.join(' '));
      if (!evaluation.eligible) return;
      books.returns.push({ status: 'requested', lines: lines.map((l) => ({ line: l.line, quantity: l.n, settled: 0, received: 0, reason: l.reason })) });
      return;
    }
    case 'move': {
      const ret = books.returns[returnAt(m, s.ret)];
      if (ret && canTransition(ret.status, s.to)) ret.status = s.to;
      return;
    }
    case 'receive': {
      const ret = books.returns[returnAt(m, s.ret)];
      if (!ret || !receivable(ret.status)) return;
      const parts = s.parts.filter((p) => p.line < ret.lines.length).map((p) => ({ ...p }));
      if (s.clamp) {
        for (const [i, l] of ret.lines.entries()) {
          let left = l.quantity - l.settled;
          for (const p of parts.filter((x) => x.line === i)) {
            p.qty = Math.min(p.qty, left);
            left -= p.qty;
          }
        }
        parts.splice(0, parts.length, ...parts.filter((p) => p.qty > 0));
      }
      // receive-return: refused whole when a line would take more than it still expects.
      for (const [i, l] of ret.lines.entries()) if (parts.filter((p) => p.line === i).reduce((n, p) => n + p.qty, 0) > l.quantity - l.settled) return;
      if (parts.length === 0) return;
      for (const p of parts) {
        const l = ret.lines[p.line] as (typeof ret.lines)[number];
        l.settled += p.qty;
        if (p.disposition !== 'missing') l.received += p.qty;
        const st = books.stock.find((x) => x.sku === (books.lines[l.line] as BookLine).sku);
        if (!st) continue;
        if (p.disposition === 'restock') {
          st.onHand += p.qty;
          st.ledgerDelta += p.qty;
          st.restocked += p.qty;
        }
        if (p.disposition === 'quarantine' || p.disposition === 'refurbish') {
          st.quarantined += p.qty;
          st.kept += p.qty;
        }
      }
      const next = statusAfterReceipt(ret.lines);
      if (ret.status !== next) {
        assert.ok(canTransition(ret.status, next), `${ret.status} → ${next}`);
        ret.status = next;
      }
      if (next === 'received') ret.status = 'inspected';
      return;
    }
    case 'refund': {
      const i = returnAt(m, s.ret);
      const ret = books.returns[i];
      if (!ret || ret.status !== 'inspected' || books.refunds.some((r) => r.ret === i)) return;
      const prior = books.refunds;
      const computed = computeRefund({
        policy: m.policy,
        reasons: defaultReasons,
        taxesIncluded: books.charges.taxesIncluded,
        shipping: books.charges.shipping,
        shippingRefunded: prior.some((r) => gaveShippingBack({ shipping_minor: r.shippingMinor, tax_minor: r.taxMinor, lines: r.lines.map((l) => ({ tax_minor: l.taxMinor })) })),
        lines: ret.lines.map((l) => {
          const line = books.lines[l.line] as BookLine;
          const start = prior.flatMap((r) => r.lines).filter((x) => x.line === l.line).reduce((n, x) => n + x.quantity, 0);
          return { orderLineId: String(l.line), sku: line.sku, reason: l.reason, count: l.received, start, paid: paidForUnits(line, l.received, books.charges.taxesIncluded, start) };
        }),
      });
      if (computed.amount_minor <= 0) return;
      const parent = refundParent(books.ledger, computed.amount_minor);
      if (!parent) return;
      const proposed = { kind: 'refund' as const, status: 'success' as const, amountMinor: computed.amount_minor, currency: 'USD', gateway: parent.gateway, parentId: parent.id };
      if (refuseTransaction(books.ledger, proposed, 'USD', String)) return;
      assert.ok(canTransition(ret.status, 'closed'), `${ret.status} → closed`);
      const id = `txn_${++m.ids}`;
      books.ledger.push({ id, kind: 'refund', status: 'success', amountMinor: computed.amount_minor, parentId: parent.id, gateway: parent.gateway });
      books.refunds.push({
        ret: i,
        transactionId: id,
        amountMinor: computed.amount_minor,
        shippingMinor: computed.shipping_minor,
        taxMinor: computed.tax_minor,
        lines: computed.lines.map((l) => ({ line: Number(l.order_line_id), quantity: l.quantity, amountMinor: l.amount_minor, taxMinor: l.tax_minor, feeMinor: l.fee_minor })),
      });
      ret.status = 'closed';
      return;
    }
  }
}

test(`money and returns: ${RUNS} random sequences keep the books (pure domain)`, () => {
  // How many sequences reached each kind of state: a property that never gets there proves nothing.
  const reached = { inspected: 0, refund: 0, twoRefunds: 0, shippingBack: 0, cancelAfterPay: 0, restocked: 0, quarantined: 0, ledgerRefund: 0, voided: 0 };
  fc.assert(
    fc.property(orderArb, fc.array(stepArb, { minLength: 1, maxLength: 50, size: 'max' }), (order, steps) => {
      const books: OrderBooks = {
        lines: order.lines.map((l) => ({ ...l })),
        charges: order.charges,
        ledger: [],
        returns: [],
        refunds: [],
        stock: [...new Set(order.lines.map((l) => l.sku))].map((sku) => ({ sku, initialOnHand: INITIAL_ON_HAND, onHand: INITIAL_ON_HAND, quarantined: 0, ledgerDelta: 0, restocked: 0, kept: 0 })),
        gatewayReferences: [],
      };
      const m: Model = { books, policy: order.policy, ids: 0 };
      checkBooks(books);
      let cancelAfterPay = false;
      for (const step of steps) {
        const before = { ledger: books.ledger.length, cancelled: books.lines.reduce((n, l) => n + l.cancelled, 0) };
        apply(m, step);
        checkBooks(books);
        if (step.op === 'cancel' && books.ledger.length > 0 && books.lines.reduce((n, l) => n + l.cancelled, 0) > before.cancelled) cancelAfterPay = true;
      }
      const count = (what: keyof typeof reached, yes: boolean) => (reached[what] += yes ? 1 : 0);
      count('inspected', books.returns.some((r) => r.status === 'inspected' || r.status === 'closed'));
      count('refund', books.refunds.length > 0);
      count('twoRefunds', books.refunds.length > 1);
      count('shippingBack', books.refunds.some((r) => r.shippingMinor > 0));
      count('cancelAfterPay', cancelAfterPay);
      count('restocked', books.stock.some((st) => st.restocked > 0));
      count('quarantined', books.stock.some((st) => st.kept > 0));
      count('ledgerRefund', books.ledger.some((e) => e.kind === 'refund' && !books.refunds.some((r) => r.transactionId === e.id)));
      count('voided', books.ledger.some((e) => e.kind === 'void'));
    }),
    { numRuns: RUNS, includeErrorInReport: true },
  );
  console.log('sequences reaching', JSON.stringify(reached));
  if (RUNS >= 1000) for (const [what, n] of Object.entries(reached)) assert.ok(n >= RUNS / 100, `only ${n} of ${RUNS} sequences reached ${what}`);
});

test('the properties can fail: a refund booked past the ledger rules breaks the books', () => {
  const books: OrderBooks = {
    lines: [{ sku: 'A', quantity: 1, cancelled: 0, shipped: 0, unitPriceMinor: 1000, discountMinor: 0, taxMinor: 0 }],
    charges: { shipping: [], dutiesMinor: 0, taxesIncluded: false },
    ledger: [
      { id: 't1', kind: 'sale', status: 'success', amountMinor: 1000, parentId: null, gateway: 'stripe' },
      { id: 't2', kind: 'refund', status: 'success', amountMinor: 1001, parentId: 't1', gateway: 'stripe' },
    ],
    returns: [],
    refunds: [],
    stock: [],
    gatewayReferences: [],
  };
  assert.throws(() => checkBooks(books), /refunded 1001 ≤ captured 1000/);
  books.ledger.pop();
  books.lines[0]!.shipped = 1;
  books.returns.push({ status: 'requested', lines: [{ line: 0, quantity: 2, reason: 'defective', settled: 0, received: 0 }] });
  assert.throws(() => checkBooks(books), /returned 2 ≤ shipped 1/);
});
