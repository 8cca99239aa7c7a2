import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { defaultPolicy, evaluateReturn, outcomeRefusal, type PolicyInput, type ReturnPolicy } from './policy.js';
import { defaultReasons, refuseLineReason, refuseReasons } from './reasons.js';

const DAY = 86_400_000;
const delivered = new Date('2026-11-01T12:00:00Z');
const input = (over: Partial<PolicyInput> = {}, policy: Partial<ReturnPolicy> = {}): PolicyInput => ({
  policy: { ...defaultPolicy, ...policy },
  reasons: defaultReasons,
  deliveredAt: delivered,
  shippedAt: new Date('2026-10-29T12:00:00Z'),
  lines: [{ sku: 'TEE-M', quantity: 1, reason: 'size_too_small', paidMinor: 2000 }],
  outcome: 'refund',
  now: new Date(delivered.getTime() + 10 * DAY),
  ...over,
});

describe('return policy evaluation', () => {
  test('inside the window, nothing final sale, an offered outcome: eligible with no refusals', () => {
    const e = evaluateReturn(input());
    assert.deepEqual([e.eligible, e.refusals, e.window_ends], [true, [], '2026-12-01']);
  });

  test('one sentence per reason it is not eligible', () => {
    const e = evaluateReturn(input({ now: new Date(delivered.getTime() + 31 * DAY), outcome: 'exchange' }, { final_sale_skus: ['TEE-M'], allowed_outcomes: ['refund', 'store_credit'] }));
    assert.equal(e.eligible, false);
    assert.deepEqual(e.refusals, [
      'The 30-day return window for TEE-M, counted from delivery on 2026-11-01, closed on 2026-12-01.',
      'TEE-M was sold as final sale and cannot be returned.',
      'The outcome "exchange" is not offered; this store offers refund, store_credit.',
    ]);
  });

  test('without a delivery scan the window counts from the ship date plus the assumed transit days', () => {
    const e = evaluateReturn(input({ deliveredAt: null, now: new Date('2026-12-02T00:00:00Z') }, { assumed_transit_days: 5 }));
    assert.equal(e.window_ends, '2026-12-03', 'shipped 10-29 + 5 days = 11-03, + 30 days');
    assert.equal(e.eligible, true);
    const late = evaluateReturn(input({ deliveredAt: null, now: new Date('2026-12-04T00:00:00Z') }));
    assert.match(late.refusals[0] ?? '', /counted from shipment on 2026-10-29 plus 5 days in transit, closed on 2026-12-03/);
  });

  test('nothing shipped: not eligible, and told to cancel instead', () => {
    const e = evaluateReturn(input({ deliveredAt: null, shippedAt: null }));
    assert.deepEqual([e.eligible, e.refusals], [false, ['Nothing on this order has shipped yet, so there is nothing to return: cancel the units instead.']]);
  });

  test('a per-SKU override changes the window, the fee and final sale for that SKU only', () => {
    const policy = { overrides: [{ skus: ['SALE-1'], final_sale: true }, { skus: ['TEE-M'], window_days: 60, restocking_fee_bps: 1500 }] };
    const e = evaluateReturn(input({ now: new Date(delivered.getTime() + 45 * DAY) }, policy));
    assert.deepEqual([e.eligible, e.notes], [true, ['A restocking fee of 15% applies to TEE-M.']]);
    const sale = evaluateReturn(input({ lines: [{ sku: 'SALE-1', quantity: 1, reason: 'changed_mind', paidMinor: 100 }] }, policy));
    assert.deepEqual(sale.refusals, ['SALE-1 was sold as final sale and cannot be returned.']);
  });

  test('charged return shipping is free for the merchant’s faults; the keep-the-item threshold', () => {
    const charged = evaluateReturn(input({}, { return_shipping: 'charged' }));
    assert.deepEqual([charged.free_return_shipping, charged.notes], [false, ['Return shipping is paid by the customer.']]);
    const defective = evaluateReturn(input({ lines: [{ sku: 'TEE-M', quantity: 1, reason: 'defective', paidMinor: 900 }] }, { return_shipping: 'charged', keep_item_threshold_minor: 1000 }));
    assert.equal(defective.free_return_shipping, true);
    assert.equal(defective.keep_item, true);
    assert.deepEqual(defective.notes, ['Return shipping is free because the reason is defective.', 'The items are worth less than the keep-the-item threshold: the customer may keep them.']);
  });

  test('property: eligible exactly when there are no refusals, and late requests are always refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 120 }), fc.boolean(), (daysAfter, window, finalSale) => {
        const e = evaluateReturn(input({ now: new Date(delivered.getTime() + daysAfter * DAY + 1) }, { window_days: window, final_sale_skus: finalSale ? ['TEE-M'] : [] }));
        assert.equal(e.eligible, e.refusals.length === 0);
        assert.equal(e.eligible, daysAfter < window && !finalSale);
      }),
    );
  });
});

describe('return reasons', () => {
  test('the defaults are valid and include other with a required note', () => {
    assert.deepEqual(refuseReasons(defaultReasons), []);
    assert.deepEqual(defaultReasons.map((r) => r.code), ['size_too_small', 'size_too_large', 'not_as_described', 'defective', 'damaged_in_transit', 'wrong_item', 'changed_mind', 'other']);
  });

  test('a list without other, with other not requiring a note, or with a code twice is refused by field', () => {
    assert.deepEqual(refuseReasons([{ code: 'x', label: 'X', requires_note: false, merchant_fault: false }]), [{ field: 'reasons', message: 'must include "other" (with a required note)' }]);
    const other = { code: 'other', label: 'Other', requires_note: false, merchant_fault: false };
    assert.deepEqual(refuseReasons([other, other]).map((e) => e.field), ['reasons[0].requires_note', 'reasons[1].code', 'reasons[1].requires_note']);
  });

  test('a line’s reason must be known, and other needs a note', () => {
    assert.equal(refuseLineReason(defaultReasons, 'defective', undefined), undefined);
    assert.equal(refuseLineReason(defaultReasons, 'nope', undefined)?.field, 'reason');
    assert.deepEqual(refuseLineReason(defaultReasons, 'other', '  '), { field: 'note', message: 'is required when the reason is "other"' });
    assert.equal(refuseLineReason(defaultReasons, 'other', 'smells odd'), undefined);
  });
});

describe('outcomeRefusal (allowed_outcomes at close, ADR 0028)', () => {
  const refundOnly = { allowed_outcomes: ['refund' as const] };
  const plain = { outcome: 'refund', overrideNote: null };
  test('table: offered, not offered, a note now, an override at request for this outcome only', () => {
    const rows: [Parameters<typeof outcomeRefusal>[1], { outcome: string; overrideNote: string | null }, string | undefined, boolean][] = [
      ['refund', plain, undefined, true],
      ['store_credit', plain, undefined, false],
      ['exchange', plain, undefined, false],
      ['store_credit', plain, 'manager said so', true],
      ['store_credit', { outcome: 'store_credit', overrideNote: 'accepted at request' }, undefined, true],
      ['exchange', { outcome: 'store_credit', overrideNote: 'accepted at request' }, undefined, false],
    ];
    for (const [outcome, requested, note, allowed] of rows) assert.equal(outcomeRefusal(refundOnly, outcome, requested, note) === null, allowed, `${outcome} ${JSON.stringify(requested)} ${note}`);
    assert.equal(outcomeRefusal(refundOnly, 'exchange', plain, undefined), 'The outcome "exchange" is not offered; this store offers refund.');
  });
  test('the default policy offers every outcome the OMS can carry out', () => {
    assert.deepEqual([...defaultPolicy.allowed_outcomes].sort(), ['exchange', 'refund', 'store_credit']);
  });
});
