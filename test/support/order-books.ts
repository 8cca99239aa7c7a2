import assert from 'node:assert/strict';
import { orderTotals, paidForUnits, type MoneyLine, type OrderCharges } from '../../src/modules/orders/index.js';
import { financialStatuses, paymentSummary, type PaymentSummary } from '../../src/modules/payments/index.js';
import type { LedgerEntry } from '../../src/modules/payments/domain/financial-status.js';
import { holdsUnits, type ReturnStatus } from '../../src/modules/returns/index.js';

/**
 * An order's books as the money-and-returns properties read them (issue 14 §3), and the
 * invariants that must hold after every step. Two sources fill this shape: the pure model of
 * test/property/money-and-returns.property.test.ts and the database behind the real API in
 * test/api/money-and-returns.property.test.ts, so both are held to the same statements.
 */
export interface BookLine extends MoneyLine {
  sku: string;
  shipped: number;
}

export interface BookReturn {
  status: ReturnStatus;
  lines: { line: number; quantity: number; reason: string; settled: number; /** Units received with a disposition other than missing. */ received: number }[];
}

export interface BookRefund {
  /** Index into `returns`. */
  ret: number;
  transactionId: string;
  amountMinor: number;
  shippingMinor: number;
  /** Tax on the units and on the shipping refunded. */
  taxMinor: number;
  lines: { line: number; quantity: number; amountMinor: number; taxMinor: number; feeMinor: number }[];
}

export interface BookStock {
  sku: string;
  /** On hand before the order shipped anything. */
  initialOnHand: number;
  onHand: number;
  quarantined: number;
  /** Σ deltas of the inventory ledger since `initialOnHand` (shipments out, restocks in). */
  ledgerDelta: number;
  /** Units of this SKU received as restock / quarantine / refurbish across the order's returns. */
  restocked: number;
  kept: number;
}

export interface OrderBooks {
  lines: BookLine[];
  charges: OrderCharges;
  ledger: LedgerEntry[];
  returns: BookReturn[];
  refunds: BookRefund[];
  stock: BookStock[];
  /** Gateway references the ledger holds, one per row that has one. */
  gatewayReferences: string[];
}

/** Every statement of issue 14 §3 that must hold after each step; returns the payment summary. */
export function checkBooks(b: OrderBooks): PaymentSummary {
  const total = orderTotals(b.lines, b.charges).total;
  const s = paymentSummary(b.ledger, total);
  const ok = b.ledger.filter((e) => e.status === 'success');

  // Money: paid − refunded = total + balance, each figure from its own module.
  assert.equal(s.capturedMinor - s.refundedMinor - s.chargebacksMinor + s.chargebackReversalsMinor, total + s.balanceMinor, 'paid − refunded = total + balance');
  assert.equal(s.totalMinor, total);
  assert.ok((financialStatuses as readonly string[]).includes(s.financialStatus), s.financialStatus);
  assert.ok(total >= 0, `total ${total} ≥ 0`);
  // No refund above what was captured: overall and against each capture or sale.
  assert.ok(s.refundedMinor + s.chargebacksMinor - s.chargebackReversalsMinor <= s.capturedMinor, `refunded ${s.refundedMinor} ≤ captured ${s.capturedMinor}`);
  for (const p of ok.filter((e) => e.kind === 'capture' || e.kind === 'sale')) {
    const back = ok.filter((e) => e.parentId === p.id && (e.kind === 'refund' || e.kind === 'chargeback')).reduce((n, e) => n + e.amountMinor, 0);
    assert.ok(back <= p.amountMinor, `refunds of ${p.id} (${back}) ≤ its ${p.amountMinor}`);
  }
  for (const a of ok.filter((e) => e.kind === 'authorization')) {
    const acting = ok.filter((e) => e.parentId === a.id);
    const captured = acting.filter((e) => e.kind === 'capture').reduce((n, e) => n + e.amountMinor, 0);
    assert.ok(captured <= a.amountMinor, `captures of ${a.id} (${captured}) ≤ its ${a.amountMinor}`);
    const voids = acting.filter((e) => e.kind === 'void').length;
    assert.ok(voids <= 1 && (voids === 0 || captured === 0), `${a.id}: voided at most once, and never after a capture`);
  }
  if (s.capturedMinor === 0) assert.ok(['pending', 'authorized', 'voided'].includes(s.financialStatus), s.financialStatus);
  else if (s.netPaidMinor <= 0) assert.equal(s.financialStatus, 'refunded');

  // No transaction recorded twice: ids and gateway references once each; one refund per return, each its own row.
  assert.equal(new Set(b.ledger.map((e) => e.id)).size, b.ledger.length, 'transaction ids are unique');
  assert.equal(new Set(b.gatewayReferences).size, b.gatewayReferences.length, 'gateway references are unique');
  assert.equal(new Set(b.refunds.map((r) => r.ret)).size, b.refunds.length, 'a return is refunded once');
  assert.equal(new Set(b.refunds.map((r) => r.transactionId)).size, b.refunds.length, 'each return refund has its own transaction');
  for (const r of b.refunds) {
    const row = ok.find((e) => e.id === r.transactionId);
    assert.ok(row && row.kind === 'refund' && row.amountMinor === r.amountMinor, `refund of return ${r.ret} is the ledger's ${r.transactionId} for ${r.amountMinor}`);
    assert.equal(r.amountMinor, r.lines.reduce((n, l) => n + l.amountMinor, 0) + r.shippingMinor + r.taxMinor, 'a refund is its lines + shipping + tax');
    assert.equal(b.returns[r.ret]?.status, 'closed', 'a refunded return is closed');
  }
  const shippingBack = b.refunds.filter((r) => r.shippingMinor > 0 || r.taxMinor > r.lines.reduce((n, l) => n + l.taxMinor, 0));
  assert.ok(shippingBack.length <= 1, `shipping (and its tax) is refunded once per order, not by ${shippingBack.length} refunds`);

  // Units: returned ≤ shipped ≤ ordered − cancelled; refunded ≤ returned; each unit refunded its exact share.
  b.lines.forEach((line, i) => {
    const held = b.returns.filter((r) => holdsUnits(r.status)).flatMap((r) => r.lines.filter((l) => l.line === i));
    const returned = held.reduce((n, l) => n + l.quantity, 0);
    const received = held.reduce((n, l) => n + l.received, 0);
    const refunds = b.refunds.flatMap((r) => r.lines.filter((l) => l.line === i));
    const refunded = refunds.reduce((n, l) => n + l.quantity, 0);
    assert.ok(line.cancelled >= 0 && line.shipped >= 0, `line ${i}: counts ≥ 0`);
    assert.ok(returned <= line.shipped, `line ${i}: returned ${returned} ≤ shipped ${line.shipped}`);
    assert.ok(line.shipped <= line.quantity - line.cancelled, `line ${i}: shipped ${line.shipped} ≤ ordered ${line.quantity} − cancelled ${line.cancelled}`);
    assert.ok(refunded <= received, `line ${i}: refunded ${refunded} ≤ received back ${received}`);
    for (const l of held) assert.ok(l.received <= l.settled && l.settled <= l.quantity, `line ${i}: received ≤ settled ≤ requested`);
    const exact = paidForUnits(line, refunded, b.charges.taxesIncluded, 0).paid;
    assert.equal(refunds.reduce((n, l) => n + l.amountMinor + l.feeMinor + l.taxMinor, 0), exact, `line ${i}: refunds + fees = what ${refunded} unit(s) paid`);
  });

  // Stock, ledger and returns reconcile.
  for (const st of b.stock) {
    const shipped = b.lines.filter((l) => l.sku === st.sku).reduce((n, l) => n + l.shipped, 0);
    assert.equal(st.onHand, st.initialOnHand - shipped + st.restocked, `${st.sku}: on hand = before − shipped + restocked`);
    assert.equal(st.ledgerDelta, st.onHand - st.initialOnHand, `${st.sku}: the inventory ledger explains on hand`);
    assert.equal(st.quarantined, st.kept, `${st.sku}: quarantined = units kept apart by returns`);
    const receivedBack = b.returns.flatMap((r) => r.lines.filter((l) => b.lines[l.line]?.sku === st.sku)).reduce((n, l) => n + l.received, 0);
    assert.ok(st.restocked + st.kept <= receivedBack, `${st.sku}: stock back ≤ units received back`);
  }
  return s;
}
