import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { allocateProportionally, discrepancies, lineMoney, orderCharges, orderTotals, paidForUnits, unitShare, unitsShare, type MoneyLine } from './money.js';

const line = (quantity: number, unitPriceMinor: number, discountMinor = 0, taxMinor = 0, cancelled = 0): MoneyLine => ({ quantity, cancelled, unitPriceMinor, discountMinor, taxMinor });
const noCharges = { shipping: [], dutiesMinor: 0, taxesIncluded: false };

describe('order money', () => {
  test('a discount that does not divide over the units gives its remainder to the first units', () => {
    // 10.00 off 3 units: 3.34, 3.33, 3.33.
    assert.deepEqual([0, 1, 2].map((i) => unitShare(1000, 3, i)), [334, 333, 333]);
    assert.equal(unitsShare(1000, 3, 0, 3), 1000);
    assert.equal(unitsShare(1000, 3, 1, 2), 666);
    assert.equal(unitsShare(1000, 3, 0, 0), 0);
  });

  test('what was paid for k units: price − discount share + tax share', () => {
    const l = line(3, 2000, 1000, 451);
    assert.deepEqual(paidForUnits(l, 1, false), { price: 2000, discount: 334, tax: 151, paid: 1817 });
    assert.deepEqual(paidForUnits(l, 2, false, 1), { price: 4000, discount: 666, tax: 300, paid: 3634 });
    // Tax-inclusive prices: the tax is inside the price, not added.
    assert.deepEqual(paidForUnits(l, 1, true), { price: 2000, discount: 334, tax: 151, paid: 1666 });
  });

  test('the Shopify example: 69.95 of items, 4.50 of tax → 74.45', () => {
    const totals = orderTotals([line(1, 5995, 0, 360), line(1, 1000, 0, 60)], { shipping: [{ priceMinor: 1000, discountMinor: 1000, taxMinor: 30 }], dutiesMinor: 0, taxesIncluded: false });
    assert.deepEqual(totals, { subtotal: 6995, discount: 0, tax: 450, shipping: 0, duties: 0, total: 7445 });
  });

  test('tax-inclusive prices: the total does not add the tax again', () => {
    const totals = orderTotals([line(2, 1190, 0, 380)], { shipping: [{ priceMinor: 595, discountMinor: 0, taxMinor: 95 }], dutiesMinor: 0, taxesIncluded: true });
    assert.deepEqual(totals, { subtotal: 2380, discount: 0, tax: 475, shipping: 595, duties: 0, total: 2975 });
  });

  test('cancelling units takes the highest unit indexes and their exact shares; shipping goes with the last unit', () => {
    const charges = { shipping: [{ priceMinor: 500, discountMinor: 100, taxMinor: 40 }], dutiesMinor: 250, taxesIncluded: false };
    const l = line(3, 1000, 100, 90, 2);
    assert.deepEqual(lineMoney(l, false).cancelled, { price: 2000, discount: 66, tax: 60, paid: 1994 });
    assert.deepEqual(lineMoney(l, false).live, { price: 1000, discount: 34, tax: 30, paid: 996 });
    assert.equal(orderTotals([l], charges).total, 996 + 400 + 40 + 250);
    assert.equal(orderTotals([l], charges, true).total, 2990 + 400 + 40 + 250);
    assert.equal(orderTotals([line(3, 1000, 100, 90, 3)], charges).total, 0);
  });

  test('an order discount is split over lines in proportion to their value, remainders to the largest fractions', () => {
    assert.deepEqual(allocateProportionally(1000, [1000, 1000, 1000]), [334, 333, 333]);
    assert.deepEqual(allocateProportionally(100, [1, 2]), [33, 67]);
    assert.deepEqual(allocateProportionally(0, [0, 0]), [0, 0]);
    assert.equal(allocateProportionally(5, [0, 0]), undefined);
  });

  test('discrepancies list only the stated figures that differ', () => {
    const computed = orderTotals([line(1, 6995)], noCharges);
    assert.deepEqual(discrepancies({ total: 7445, subtotal: 6995 }, computed), [{ field: 'total', channel: 7445, computed: 6995 }]);
    assert.deepEqual(discrepancies({}, computed), []);
  });
});

describe('order money properties', () => {
  test('an allocation always adds up to the amount, each part within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 1_000_000_000 }), (weights, raw) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const amount = total === 0 ? 0 : raw % (total + 1);
        const parts = allocateProportionally(amount, weights);
        assert.ok(parts, 'allocated');
        assert.equal(parts.reduce((a, b) => a + b, 0), amount);
        parts.forEach((p, i) => {
          const exact = total === 0 ? 0 : (amount * (weights[i] as number)) / total;
          assert.ok(Math.abs(p - exact) < 1 + 1e-6, `part ${p} vs exact ${exact}`);
          assert.ok(p <= (weights[i] as number), 'no line gets more than its value');
        });
      }),
    );
  });

  test('unit shares of any split of a line add up to the line: live + cancelled = whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.boolean(), fc.nat(), (quantity, discountRaw, tax, included, cut) => {
        const l = line(quantity, 1500, discountRaw % (quantity * 1500 + 1), tax, cut % (quantity + 1));
        const m = lineMoney(l, included);
        assert.equal(m.live.paid + m.cancelled.paid, m.whole.paid);
        assert.equal(m.live.discount + m.cancelled.discount, l.discountMinor);
        assert.equal(m.live.tax + m.cancelled.tax, l.taxMinor);
        let sum = 0;
        for (let i = 0; i < quantity; i += 1) sum += unitShare(l.discountMinor, quantity, i);
        assert.equal(sum, l.discountMinor);
      }),
    );
  });
});

describe('order charges from stored adjustments', () => {
  test('each shipping line takes the discounts and taxes that name it; duties add up', () => {
    const adjustments = [
      { kind: 'shipping', shippingLine: 0, amountMinor: 500 },
      { kind: 'shipping', shippingLine: 1, amountMinor: 1200 },
      { kind: 'discount', shippingLine: 1, amountMinor: 200 },
      { kind: 'tax', shippingLine: 0, amountMinor: 40 },
      { kind: 'tax', shippingLine: null, amountMinor: 999 },
      { kind: 'duty', shippingLine: null, amountMinor: 300 },
      { kind: 'duty', shippingLine: null, amountMinor: 50 },
    ];
    assert.deepEqual(orderCharges({ shippingMinor: 1700, taxesIncluded: true }, adjustments), {
      shipping: [
        { priceMinor: 500, discountMinor: 0, taxMinor: 40 },
        { priceMinor: 1200, discountMinor: 200, taxMinor: 0 },
      ],
      dutiesMinor: 350,
      taxesIncluded: true,
    });
  });

  test('an order without stored shipping lines keeps its one shipping charge from the order row', () => {
    assert.deepEqual(orderCharges({ shippingMinor: 650, taxesIncluded: false }, []).shipping, [{ priceMinor: 650, discountMinor: 0, taxMinor: 0 }]);
    assert.deepEqual(orderCharges({ shippingMinor: 0, taxesIncluded: false }, []).shipping, []);
  });
});
