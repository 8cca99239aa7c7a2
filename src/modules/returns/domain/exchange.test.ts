import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awaitingParcel, exchangeDueAt, refuseExchange, refuseReplacementLines, settleDifference } from './exchange.js';

test('which returns may be exchanged', () => {
  assert.match(refuseExchange('declined', true) ?? '', /declined/);
  assert.match(refuseExchange('cancelled', true) ?? '', /cancelled/);
  assert.match(refuseExchange('closed', false) ?? '', /closed/);
  assert.match(refuseExchange('approved', false) ?? '', /instant/);
  assert.equal(refuseExchange('approved', true), undefined);
  assert.equal(refuseExchange('inspected', false), undefined);
});

test('replacement lines: a line of this return, at most its units over all lines naming it', () => {
  const lines = [{ id: 'rtl_a', quantity: 2 }];
  assert.deepEqual(refuseReplacementLines(lines, [{ return_line_id: 'rtl_a', sku: 'X', quantity: 2 }]), []);
  assert.deepEqual(refuseReplacementLines(lines, [{ return_line_id: 'rtl_b', sku: 'X', quantity: 1 }]).map((e) => e.field), ['lines[0].return_line_id']);
  assert.deepEqual(refuseReplacementLines(lines, [{ return_line_id: 'rtl_a', sku: 'X', quantity: 3 }]).map((e) => e.field), ['lines[0].quantity']);
  assert.deepEqual(refuseReplacementLines(lines, [{ return_line_id: 'rtl_a', sku: 'X', quantity: 1 }, { return_line_id: 'rtl_a', sku: 'Y', quantity: 2 }]).map((e) => e.field), ['lines[1].quantity']);
  assert.deepEqual(refuseReplacementLines(lines, [{ return_line_id: 'rtl_a', sku: 'X', quantity: 0 }]).map((e) => e.field), ['lines[0].quantity']);
});

test('the difference: owed when the replacement costs more, given back when less; never a unit lost', () => {
  assert.deepEqual(settleDifference(2000, 2500), { differenceMinor: 500, appliedMinor: 2000, owedMinor: 500, backMinor: 0 });
  assert.deepEqual(settleDifference(2000, 1500), { differenceMinor: -500, appliedMinor: 1500, owedMinor: 0, backMinor: 500 });
  assert.deepEqual(settleDifference(2000, 2000), { differenceMinor: 0, appliedMinor: 2000, owedMinor: 0, backMinor: 0 });
  for (const [c, r] of [[0, 10], [10, 0], [123, 456]] as const) {
    const s = settleDifference(c, r);
    assert.equal(s.appliedMinor + s.owedMinor, r);
    assert.equal(s.appliedMinor + s.backMinor, c);
  }
});

test('instant exchanges are due N days later, late while the parcel has not moved', () => {
  assert.equal(exchangeDueAt(new Date('2026-12-01T00:00:00Z'), 14).toISOString(), '2026-12-15T00:00:00.000Z');
  assert.deepEqual((['requested', 'approved', 'in_transit', 'received'] as const).map(awaitingParcel), [true, true, false, false]);
});
