import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { paidForUnits } from '../../../modules/orders/index.js';
import { computeRefund, defaultPolicy, defaultReasons, gaveShippingBack, type RefundLineInput, type ReturnPolicy } from '../../../modules/returns/index.js';

/** The returns module's refund over the orders module's exact unit shares (the two meet in the refund flow). */

// 3 units at 10.00 with 1.00 of discount and 2.00 of tax: unit shares of the discount 34/33/33, of the tax 67/67/66.
const LINE = { quantity: 3, unitPriceMinor: 1000, discountMinor: 100, taxMinor: 200 };
const line = (count: number, start: number, reason = 'changed_mind', taxesIncluded = false): RefundLineInput => ({ orderLineId: 'oln_1', sku: 'MUG', reason, count, start, paid: paidForUnits(LINE, count, taxesIncluded, start) });
const refund = (lines: RefundLineInput[], policy: Partial<ReturnPolicy> = {}, opts: { shippingRefunded?: boolean; taxesIncluded?: boolean } = {}) =>
  computeRefund({ policy: { ...defaultPolicy, ...policy }, reasons: defaultReasons, taxesIncluded: opts.taxesIncluded ?? false, lines, shipping: [{ priceMinor: 500, discountMinor: 100, taxMinor: 40 }], shippingRefunded: opts.shippingRefunded ?? false });

describe('refund of returned units', () => {
  test('each unit refunds its exact share: unit price − its discount share + its tax share', () => {
    const first = refund([line(1, 0)]);
    assert.deepEqual(first.lines, [{ order_line_id: 'oln_1', sku: 'MUG', quantity: 1, amount_minor: 1000 - 34, tax_minor: 67, fee_minor: 0 }]);
    assert.equal(first.amount_minor, 966 + 67);
    const rest = refund([line(2, 1)]);
    assert.equal(rest.amount_minor, 2000 - 66 + 133, 'units 1 and 2: discount 33 + 33, tax 67 + 66');
    assert.equal(first.amount_minor + rest.amount_minor, 3000 - 100 + 200, 'all units refund exactly the line’s total');
  });

  test('a restocking fee is taken for a customer’s reason, not for the merchant’s fault; shipping only for the latter, once', () => {
    const mind = refund([line(1, 0, 'changed_mind')], { restocking_fee_bps: 1000 });
    assert.deepEqual([mind.fee_minor, mind.shipping_minor, mind.amount_minor], [96, 0, 966 - 96 + 67]);
    const broken = refund([line(1, 0, 'defective')], { restocking_fee_bps: 1000 });
    assert.deepEqual([broken.fee_minor, broken.shipping_minor, broken.tax_minor, broken.amount_minor], [0, 400, 67 + 40, 966 + 400 + 67 + 40]);
    const again = refund([line(1, 1, 'defective')], { restocking_fee_bps: 1000 }, { shippingRefunded: true });
    assert.equal(again.shipping_minor, 0, 'shipping is refunded once per order');
  });

  test('prices with tax included: the tax is inside the unit’s paid amount, not added', () => {
    const r = refund([line(1, 0, 'changed_mind', true)], {}, { taxesIncluded: true });
    assert.deepEqual([r.lines[0]?.amount_minor, r.tax_minor, r.amount_minor], [1000 - 34 - 67, 67, 1000 - 34]);
  });

  test('units that did not come back refund nothing', () => {
    assert.deepEqual(refund([line(0, 0)]), { lines: [], shipping_minor: 0, tax_minor: 0, fee_minor: 0, label_minor: 0, amount_minor: 0 });
  });

  test('property: amount = Σ lines + shipping + tax; successive returns of every unit refund the line’s total less fees', () => {
    fc.assert(
      fc.property(
        fc.record({ quantity: fc.integer({ min: 1, max: 20 }), unitPriceMinor: fc.integer({ min: 0, max: 100_000 }), d: fc.integer({ min: 0, max: 1000 }), taxMinor: fc.integer({ min: 0, max: 50_000 }) }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.boolean(),
        (l, chunks, bps, included) => {
          const discountMinor = Math.floor((l.unitPriceMinor * l.quantity * l.d) / 1000);
          // Tax inside the price is at most the price after discounts. Unit shares round up by at most one
          // minor unit each (discount and tax), so a unit's goods value stays ≥ 0 only with that margin
          // (ADR 0019: a 1-cent unit carrying both remainders is the one case that could go below 0).
          const taxMinor = included ? Math.max(0, Math.min(l.taxMinor, l.unitPriceMinor * l.quantity - discountMinor - 2 * l.quantity)) : l.taxMinor;
          const money = { quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, discountMinor, taxMinor };
          let start = 0;
          let total = 0;
          let fees = 0;
          for (const c of chunks) {
            const count = Math.min(c, l.quantity - start);
            if (count <= 0) break;
            const r = computeRefund({ policy: { ...defaultPolicy, restocking_fee_bps: bps }, reasons: defaultReasons, taxesIncluded: included, shipping: [], shippingRefunded: false, lines: [{ orderLineId: 'l', sku: 'S', reason: 'changed_mind', count, start, paid: paidForUnits(money, count, included, start) }] });
            assert.equal(r.amount_minor, r.lines.reduce((s, x) => s + x.amount_minor, 0) + r.shipping_minor + r.tax_minor);
            assert.ok(r.lines.every((x) => x.amount_minor >= 0 && x.fee_minor >= 0), `no negative line: ${JSON.stringify(r.lines)}`);
            total += r.amount_minor;
            fees += r.fee_minor;
            start += count;
          }
          const whole = paidForUnits(money, start, included).paid;
          assert.equal(total + fees, whole, 'never a minor unit lost or invented');
        },
      ),
    );
  });

  test('shipping discounted down to its tax (prices with tax): its tax goes back once, not with every merchant’s-fault return', () => {
    // 1.00 of shipping including 0.17 of tax, discounted by 0.83: 0.00 of shipping and 0.17 of tax to refund.
    const shipping = [{ priceMinor: 100, discountMinor: 83, taxMinor: 17 }];
    const at = (start: number, shippingRefunded: boolean) =>
      computeRefund({ policy: defaultPolicy, reasons: defaultReasons, taxesIncluded: true, lines: [line(1, start, 'defective', true)], shipping, shippingRefunded });
    const first = at(0, false);
    assert.deepEqual([first.shipping_minor, first.tax_minor], [0, 67 + 17]);
    assert.equal(gaveShippingBack(first), true, 'a refund of 0.00 shipping and its 0.17 tax gave the shipping back');
    assert.equal(at(1, gaveShippingBack(first)).tax_minor, 67, 'the second return refunds its unit’s tax only');
    assert.equal(gaveShippingBack(at(1, true)), false);
  });
});
