import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { amountForLiveUnits, liveShare, percentOf, taxAt } from './edit-money.js';
import { editDigest } from './edit-digest.js';
import { applyEdit, isEditable, type EditBase, type EditChange, type EditContext, type EditLine } from './edits.js';
import { orderStatuses } from './lifecycle.js';

const line = (over: Partial<EditLine> = {}): EditLine => ({ id: 'oln_a', lineNo: 1, sku: 'A', quantity: 2, cancelled: 0, shipped: 0, unitPriceMinor: 1000, discountMinor: 0, taxMinor: 0, parentLineId: null, ...over });
const base = (lines: EditLine[] = [line()], over: Partial<EditBase> = {}): EditBase => ({
  status: 'allocated',
  currency: 'USD',
  exponent: 2,
  taxesIncluded: false,
  shippingAddress: { line1: '1 Old St', city: 'X', country: 'US' },
  shippingServiceLevel: 'standard',
  notes: null,
  tags: ['a'],
  lines,
  charges: { shipping: [{ priceMinor: 500, discountMinor: 0, taxMinor: 0 }], dutiesMinor: 0, taxesIncluded: false },
  ...over,
});
const ctx = (over: Partial<EditContext> = {}): EditContext => ({
  catalogue: new Map([
    ['A', { priceMinor: 1000, currency: 'USD', kit: false }],
    ['B', { priceMinor: 750, currency: 'USD', kit: false }],
    ['EUR', { priceMinor: 900, currency: 'EUR', kit: false }],
    ['KIT', { priceMinor: 3000, currency: 'USD', kit: true }],
  ]),
  labelBought: false,
  taxRate: null,
  serviceLevels: ['standard', 'expedited', 'overnight'],
  maxTags: 3,
  ...over,
});
const ok = (b: EditBase, changes: EditChange[], c = ctx()) => {
  const r = applyEdit(b, changes, c);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.outcome;
};
const refused = (b: EditBase, changes: EditChange[], c = ctx()) => {
  const r = applyEdit(b, changes, c);
  assert.ok(!r.ok, 'expected a refusal');
  return r.errors;
};

describe('edit money', () => {
  test('amountForLiveUnits gives the live units exactly the target, keeping the cancelled share as near as it can', () => {
    for (let quantity = 1; quantity <= 7; quantity++) {
      for (let live = 1; live <= quantity; live++) {
        for (let target = 0; target <= 40; target++) {
          const amount = amountForLiveUnits(quantity, live, target, target + 3);
          assert.equal(liveShare(amount, quantity, live), target, `q${quantity} live${live} target${target}: amount ${amount}`);
          assert.ok(amount >= target, 'the amount covers the live units');
        }
      }
    }
  });

  test('tax at a rate, on top or included, and percentages, rounded half up', () => {
    assert.equal(taxAt(1000, '0.0825', false), 83, '82.5 → 83');
    assert.equal(taxAt(1082, '0.0825', true), 82, '1082 × 0.0825 / 1.0825 = 82.46');
    assert.equal(taxAt(1000, null, false), 0);
    assert.equal(percentOf(4900, '10'), 490);
    assert.equal(percentOf(999, '12.5'), 125, '124.875 → 125');
  });
});

describe('applyEdit', () => {
  test('quantity up and down: added units are planned, fewer units cancelled, the delta exact', () => {
    const up = ok(base(), [{ type: 'change_quantity', line_id: 'oln_a', quantity: 5 }]);
    assert.deepEqual(up.added, [{ lineId: 'oln_a', sku: 'A', quantity: 3, change: 0 }]);
    assert.deepEqual([up.before.total, up.after.total, up.delta], [2500, 5500, 3000]);
    const down = ok(base(), [{ type: 'change_quantity', line_id: 'oln_a', quantity: 1 }]);
    assert.deepEqual([...down.cancelled], [['oln_a', 1]]);
    assert.equal(down.delta, -1000);
  });

  test('units added then taken back in the same edit are never cancelled', () => {
    const o = ok(base(), [{ type: 'change_quantity', line_id: 'oln_a', quantity: 4 }, { type: 'change_quantity', line_id: 'oln_a', quantity: 1 }]);
    assert.deepEqual([o.added, [...o.cancelled]], [[], [['oln_a', 1]]]);
    assert.equal(o.lines[0]?.quantity, 2, 'the two added units are gone; one stored unit is cancelled');
  });

  test('units added and partly taken back cost what adding only the rest costs', () => {
    const b = () => base([line({ quantity: 3, discountMinor: 301, taxMinor: 151 })]);
    const direct = ok(b(), [{ type: 'change_quantity', line_id: 'oln_a', quantity: 4 }]);
    const roundabout = ok(b(), [{ type: 'change_quantity', line_id: 'oln_a', quantity: 7 }, { type: 'change_quantity', line_id: 'oln_a', quantity: 4 }]);
    assert.deepEqual(roundabout.lines, direct.lines);
    assert.deepEqual(roundabout.added, direct.added);
    assert.equal(roundabout.delta, direct.delta);
  });

  test('added units carry the line’s discount and tax per unit', () => {
    const o = ok(base([line({ quantity: 3, discountMinor: 300, taxMinor: 150 })]), [{ type: 'change_quantity', line_id: 'oln_a', quantity: 6 }]);
    assert.deepEqual([o.lines[0]?.discountMinor, o.lines[0]?.taxMinor], [600, 300]);
  });

  test('only unshipped units change: not below shipped, a shipped line is not removed, a variant swaps what is unshipped', () => {
    const shipped = base([line({ quantity: 3, shipped: 2 })]);
    assert.equal(refused(shipped, [{ type: 'change_quantity', line_id: 'oln_a', quantity: 1 }])[0]?.field, 'changes[0].quantity');
    assert.match(refused(shipped, [{ type: 'remove_line', line_id: 'oln_a' }])[0]?.message ?? '', /shipped line cannot be removed/);
    const swapped = ok(shipped, [{ type: 'change_variant', line_id: 'oln_a', sku: 'B' }]);
    assert.deepEqual([...swapped.cancelled], [['oln_a', 1]]);
    assert.deepEqual(swapped.lines.map((l) => [l.id, l.sku, l.quantity - l.cancelled, l.unitPriceMinor]), [['oln_a', 'A', 2, 1000], ['new:1', 'B', 1, 750]]);
  });

  test('add a line: catalogue price by default, another currency needs a price, kits and unknown SKUs are refused', () => {
    const o = ok(base(), [{ type: 'add_line', sku: 'B', quantity: 2 }], ctx({ taxRate: '0.1' }));
    assert.deepEqual(o.lines.map((l) => [l.id, l.lineNo, l.unitPriceMinor, l.taxMinor]), [['oln_a', 1, 1000, 0], ['new:1', 2, 750, 150]]);
    assert.equal(refused(base(), [{ type: 'add_line', sku: 'EUR', quantity: 1 }])[0]?.field, 'changes[0].unit_price');
    assert.equal(ok(base(), [{ type: 'add_line', sku: 'EUR', quantity: 1, unit_price: '9.99' }]).lines[1]?.unitPriceMinor, 999);
    assert.equal(refused(base(), [{ type: 'add_line', sku: 'KIT', quantity: 1 }])[0]?.field, 'changes[0].sku');
    assert.equal(refused(base(), [{ type: 'add_line', sku: 'NOPE', quantity: 1 }])[0]?.field, 'changes[0].sku');
  });

  test('discounts: an amount on a line, a percentage split over the live lines; never more than they are worth', () => {
    const two = base([line(), line({ id: 'oln_b', lineNo: 2, sku: 'B', quantity: 1, unitPriceMinor: 3000 })]);
    const o = ok(two, [{ type: 'add_discount', line_id: 'oln_a', amount: '1.00' }, { type: 'add_discount', percent: '10' }]);
    assert.equal(o.after.discount, 100 + 490);
    assert.deepEqual(o.discounts.map((d) => [d.lineId, d.amountMinor, d.orderLevel]), [['oln_a', 100, false], ['oln_a', 190, true], ['oln_b', 300, true]]);
    assert.equal(refused(two, [{ type: 'add_discount', amount: '50.01' }])[0]?.field, 'changes[0].amount');
    assert.equal(refused(two, [{ type: 'add_discount', amount: '1.00', percent: '5' }])[0]?.field, 'changes[0].amount');
    assert.equal(refused(two, [{ type: 'add_discount', percent: '0' }])[0]?.field, 'changes[0].percent');
  });

  test('a discount on a line with cancelled units lands on its live units exactly', () => {
    const o = ok(base([line({ quantity: 3, cancelled: 1, discountMinor: 10 })]), [{ type: 'add_discount', line_id: 'oln_a', amount: '0.07' }]);
    const l = o.lines[0] as EditLine;
    assert.equal(liveShare(l.discountMinor, 3, 2) - liveShare(10, 3, 2), 7);
    assert.equal(o.delta, -7);
  });

  test('with one tax rate a discount lowers the tax too', () => {
    const o = ok(base([line({ taxMinor: 200 })]), [{ type: 'add_discount', amount: '10.00' }], ctx({ taxRate: '0.1' }));
    assert.deepEqual([o.after.discount, o.after.tax, o.delta], [1000, 100, -1100]);
  });

  test('address: refused while a label is bought, and for an unknown country', () => {
    const address = { line1: '2 New St', city: 'Y', country: 'US' };
    assert.match(refused(base(), [{ type: 'change_shipping_address', address }], ctx({ labelBought: true }))[0]?.message ?? '', /void the label first/);
    assert.equal(refused(base(), [{ type: 'change_shipping_address', address: { ...address, country: 'ZZ' } }])[0]?.field, 'changes[0].address.country');
    assert.deepEqual(ok(base(), [{ type: 'change_shipping_address', address }]).shippingAddress, address);
  });

  test('shipping method, notes and tags', () => {
    const o = ok(base(), [{ type: 'change_shipping_method', service_level: 'overnight', price: '20.00' }, { type: 'change_notes', notes: 'hi' }, { type: 'change_tags', tags: ['x', 'x', 'y'] }]);
    assert.deepEqual([o.shippingServiceLevel, o.shippingPriceMinor, o.notes, o.tags, o.delta], ['overnight', 2000, 'hi', ['x', 'y'], 1500]);
    assert.equal(refused(base(), [{ type: 'change_shipping_method', service_level: 'warp' }])[0]?.field, 'changes[0].service_level');
    assert.equal(refused(base(), [{ type: 'change_tags', tags: ['1', '2', '3', '4'] }])[0]?.field, 'changes[0].tags');
    assert.deepEqual(o.records.map((r) => r.type), ['change_shipping_method', 'change_notes', 'change_tags']);
  });

  test('kit lines, components, unknown lines and an edit that empties the order are refused', () => {
    const kit = base([line({ id: 'oln_k', sku: 'KIT' }), line({ id: 'oln_c', lineNo: 2, parentLineId: 'oln_k', unitPriceMinor: 0 })]);
    assert.match(refused(kit, [{ type: 'change_quantity', line_id: 'oln_k', quantity: 3 }])[0]?.message ?? '', /kit/);
    assert.match(refused(kit, [{ type: 'remove_line', line_id: 'oln_c' }])[0]?.message ?? '', /kit/);
    assert.equal(refused(base(), [{ type: 'remove_line', line_id: 'oln_zz' }])[0]?.field, 'changes[0].line_id');
    assert.equal(refused(base(), [{ type: 'remove_line', line_id: 'oln_a' }])[0]?.field, 'changes');
  });

  test('cancelled and closed orders are not editable; every other status is', () => {
    assert.deepEqual(orderStatuses.filter((s) => !isEditable(s)), ['cancelled', 'closed']);
  });
});

describe('editDigest', () => {
  const order = { status: 'allocated', shippingAddress: { a: 1, b: 2 }, shippingServiceLevel: 'standard', shippingMinor: 500, notes: null, tags: [], totalMinor: 2500, lines: [{ id: 'l1', quantity: 2, cancelled: 0, shipped: 0, unitPriceMinor: 1000, discountMinor: 0, taxMinor: 0 }] };
  test('moves with a cancel, a shipment, a tag; not with the key order of a stored address', () => {
    const d = editDigest(order);
    assert.equal(editDigest({ ...order, shippingAddress: { b: 2, a: 1 } }), d);
    assert.notEqual(editDigest({ ...order, lines: [{ ...order.lines[0]!, cancelled: 1 }] }), d);
    assert.notEqual(editDigest({ ...order, lines: [{ ...order.lines[0]!, shipped: 1 }] }), d);
    assert.notEqual(editDigest({ ...order, tags: ['x'] }), d);
  });
});
