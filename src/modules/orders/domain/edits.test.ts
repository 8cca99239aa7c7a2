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
    ['KIT', { priceMinor: 3000, currency: 'USD', kit: true, components: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }] }],
    ['EMPTYKIT', { priceMinor: 100, currency: 'USD', kit: true, components: [] }],
  ]),
  splitKitPrice,
  labelBought: false,
  taxRate: null,
  serviceLevels: ['standard', 'expedited', 'overnight'],
  maxTags: 3,
  maxLines: 8,
  ...over,
});
/** As catalog's allocateKitPrice splits a kit's total: by list price × units, rounded down, the remainder on the first. */
function splitKitPrice(totalMinor: number, components: { listPriceMinor: number; quantity: number }[]): number[] {
  const weights = components.map((c) => c.listPriceMinor * c.quantity);
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => (sum === 0 ? 0 : Math.floor((totalMinor * w) / sum)));
  shares[0] = (shares[0] ?? 0) + totalMinor - shares.reduce((a, b) => a + b, 0);
  return shares;
}
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
    assert.equal(refused(base(), [{ type: 'add_line', sku: 'EMPTYKIT', quantity: 1 }])[0]?.field, 'changes[0].sku', 'a kit without components');
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

  test('unknown lines and an edit that empties the order are refused', () => {
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

describe('applyEdit on kits', () => {
  // KIT = 2 × A + 1 × B; captured 2 kits at 30.00: A 4 units (share 4364), B 2 units (share 1636).
  const kitLines = (over: { kit?: Partial<EditLine>; a?: Partial<EditLine>; b?: Partial<EditLine> } = {}) => [
    line({ id: 'oln_k', sku: 'KIT', quantity: 2, unitPriceMinor: 3000, taxMinor: 600, ...over.kit }),
    line({ id: 'oln_ca', lineNo: 3, sku: 'A', quantity: 4, unitPriceMinor: 0, parentLineId: 'oln_k', priceShareMinor: 4364, ...over.a }),
    line({ id: 'oln_cb', lineNo: 4, sku: 'B', quantity: 2, unitPriceMinor: 0, parentLineId: 'oln_k', priceShareMinor: 1636, ...over.b }),
  ];
  const kitOrder = (over: Parameters<typeof kitLines>[0] = {}) => base([...kitLines(over), line({ id: 'oln_p', lineNo: 2, sku: 'B', quantity: 1, unitPriceMinor: 750 })]);
  const byId = (o: { lines: EditLine[] }, id: string) => o.lines.find((l) => l.id === id) as EditLine;
  const liveOf = (l: EditLine) => l.quantity - l.cancelled;

  test('a kit’s quantity up: its components grow by their units per kit and are what is planned; money on the kit line, shares re-split exactly', () => {
    const o = ok(kitOrder(), [{ type: 'change_quantity', line_id: 'oln_k', quantity: 3 }]);
    assert.deepEqual(o.added, [{ lineId: 'oln_ca', sku: 'A', quantity: 2, change: 0 }, { lineId: 'oln_cb', sku: 'B', quantity: 1, change: 0 }], 'the components are planned, never the kit line');
    assert.deepEqual(['oln_k', 'oln_ca', 'oln_cb'].map((id) => byId(o, id).quantity), [3, 6, 3]);
    assert.deepEqual([byId(o, 'oln_k').taxMinor, o.delta], [900, 3000 + 300], 'a third kit with its tax per unit');
    assert.equal((byId(o, 'oln_ca').priceShareMinor ?? 0) + (byId(o, 'oln_cb').priceShareMinor ?? 0), 9000, 'shares add up to 3 × 30.00');
    assert.deepEqual([byId(o, 'oln_ca').priceShareMinor, byId(o, 'oln_cb').priceShareMinor], [6546, 2454], 'in the proportion captured (4364 : 1636)');
    assert.deepEqual(o.records[0], {
      type: 'change_quantity',
      line_id: 'oln_k',
      sku: 'KIT',
      before: { quantity: 2, components: [{ line_id: 'oln_ca', sku: 'A', quantity: 4 }, { line_id: 'oln_cb', sku: 'B', quantity: 2 }] },
      after: { quantity: 3, components: [{ line_id: 'oln_ca', sku: 'A', quantity: 6 }, { line_id: 'oln_cb', sku: 'B', quantity: 3 }] },
    });
  });

  test('a kit’s quantity down: the kit line’s units are cancelled (the cancel path carries them to the components), the components follow here too', () => {
    const o = ok(kitOrder(), [{ type: 'change_quantity', line_id: 'oln_k', quantity: 1 }]);
    assert.deepEqual([...o.cancelled], [['oln_k', 1]], 'only the kit line is named to the cancel path');
    assert.deepEqual(['oln_k', 'oln_ca', 'oln_cb'].map((id) => liveOf(byId(o, id))), [1, 2, 1]);
    assert.deepEqual([o.added, o.delta], [[], -3000 - 300]);
    assert.equal(byId(o, 'oln_ca').priceShareMinor, 4364, 'cancelled units keep their shares');
  });

  test('kits added then taken back in the same edit are never cancelled', () => {
    const o = ok(kitOrder(), [{ type: 'change_quantity', line_id: 'oln_k', quantity: 4 }, { type: 'change_quantity', line_id: 'oln_k', quantity: 1 }]);
    assert.deepEqual([o.added, [...o.cancelled]], [[], [['oln_k', 1]]]);
    assert.deepEqual(['oln_k', 'oln_ca', 'oln_cb'].map((id) => [byId(o, id).quantity, byId(o, id).cancelled]), [[2, 1], [4, 2], [2, 1]]);
    assert.deepEqual([byId(o, 'oln_ca').priceShareMinor, byId(o, 'oln_cb').priceShareMinor], [4364, 1636], 'back at the captured quantity, the captured shares');
  });

  test('not below the kits shipped in whole or in part; a partly shipped kit counts as shipped and the refusal says so', () => {
    // 3 kits: A shipped 3 of 6 (1½ kits), B shipped 1 of 3 → 2 kits started.
    const b = kitOrder({ kit: { quantity: 3 }, a: { quantity: 6, shipped: 3 }, b: { quantity: 3, shipped: 1 } });
    const [error] = refused(b, [{ type: 'change_quantity', line_id: 'oln_k', quantity: 1 }]);
    assert.equal(error?.field, 'changes[0].quantity');
    assert.match(error?.message ?? '', /2 kit\(s\) of this line have shipped in whole or in part \(partly shipped: A 3 unit\(s\), 2 per kit/);
    const o = ok(b, [{ type: 'change_quantity', line_id: 'oln_k', quantity: 2 }]);
    assert.deepEqual([...o.cancelled], [['oln_k', 1]]);
    assert.deepEqual(['oln_ca', 'oln_cb'].map((id) => [liveOf(byId(o, id)), byId(o, id).shipped]), [[4, 3], [2, 1]], 'only unshipped component units are cancelled');
    assert.match(refused(b, [{ type: 'remove_line', line_id: 'oln_k' }])[0]?.message ?? '', /a shipped kit cannot be removed \(change its quantity down to 2\)/);
  });

  test('removing a kit line removes its unshipped components with it', () => {
    const o = ok(kitOrder(), [{ type: 'remove_line', line_id: 'oln_k' }]);
    assert.deepEqual([...o.cancelled], [['oln_k', 2]]);
    assert.deepEqual(['oln_k', 'oln_ca', 'oln_cb', 'oln_p'].map((id) => liveOf(byId(o, id))), [0, 0, 0, 1]);
    assert.deepEqual([o.after.total, o.delta], [750 + 500, -6600]);
    assert.deepEqual(o.records[0]?.after, { quantity: 0, components: [{ line_id: 'oln_ca', sku: 'A', quantity: 0 }, { line_id: 'oln_cb', sku: 'B', quantity: 0 }] });
  });

  test('adding a kit explodes it as capture does: the kit line priced and taxed, component lines at units per kit with exact shares, the components planned', () => {
    const o = ok(base(), [{ type: 'add_line', sku: 'KIT', quantity: 2 }], ctx({ taxRate: '0.1' }));
    assert.deepEqual(
      o.lines.map((l) => [l.id, l.lineNo, l.sku, l.quantity, l.unitPriceMinor, l.taxMinor, l.parentLineId, l.priceShareMinor ?? null]),
      [['oln_a', 1, 'A', 2, 1000, 0, null, null], ['new:1', 2, 'KIT', 2, 3000, 600, null, null], ['new:2', 3, 'A', 4, 0, 0, 'new:1', 4364], ['new:3', 4, 'B', 2, 0, 0, 'new:1', 1636]],
    );
    assert.deepEqual(o.added, [{ lineId: 'new:2', sku: 'A', quantity: 4, change: 0 }, { lineId: 'new:3', sku: 'B', quantity: 2, change: 0 }]);
    assert.equal(o.delta, 6600);
    const priced = ok(base(), [{ type: 'add_line', sku: 'KIT', quantity: 1, unit_price: '25.00' }]);
    assert.equal((priced.lines[2]?.priceShareMinor ?? 0) + (priced.lines[3]?.priceShareMinor ?? 0), 2500, 'a price sent is what the shares split');
    assert.deepEqual(priced.records[0]?.after, { quantity: 1, components: [{ line_id: 'new:2', sku: 'A', quantity: 2 }, { line_id: 'new:3', sku: 'B', quantity: 1 }], unit_price: 2500, tax: 0 });
  });

  test('a component line is never edited alone; a kit line’s variant is not swapped, nor a line swapped to a kit', () => {
    for (const change of [
      { type: 'change_quantity', line_id: 'oln_ca', quantity: 1 },
      { type: 'remove_line', line_id: 'oln_cb' },
      { type: 'change_variant', line_id: 'oln_ca', sku: 'B' },
      { type: 'add_discount', line_id: 'oln_ca', amount: '1.00' },
    ] satisfies EditChange[]) {
      const [error] = refused(kitOrder(), [change]);
      assert.equal(error?.field, 'changes[0].line_id', change.type);
      assert.match(error?.message ?? '', /is a component of kit line oln_k: change the kit line/, change.type);
    }
    assert.match(refused(kitOrder(), [{ type: 'change_variant', line_id: 'oln_k', sku: 'A' }])[0]?.message ?? '', /is a kit line: its variant is not swapped/);
    assert.match(refused(base(), [{ type: 'change_variant', line_id: 'oln_a', sku: 'KIT' }])[0]?.message ?? '', /KIT is a kit/);
  });

  test('a kit whose components are not whole multiples of its quantity is not scaled', () => {
    const odd = kitOrder({ a: { quantity: 3 } });
    assert.match(refused(odd, [{ type: 'change_quantity', line_id: 'oln_k', quantity: 3 }])[0]?.message ?? '', /not whole multiples/);
  });

  test('kits added count their components against the order’s line limit', () => {
    const [error] = refused(base(), [{ type: 'add_line', sku: 'KIT', quantity: 1 }, { type: 'add_line', sku: 'KIT', quantity: 1 }, { type: 'add_line', sku: 'KIT', quantity: 1 }]);
    assert.deepEqual([error?.field, error?.message], ['changes', "with its kits' components the order would have 10 lines, at most 8"]);
  });

  test('kits whose components would outgrow a line are refused, naming the quantity', () => {
    const huge = ctx({ catalogue: new Map([...ctx().catalogue, ['BIGKIT', { priceMinor: 100, currency: 'USD', kit: true, components: [{ sku: 'A', quantity: 100_000 }] }]]) });
    const [added] = refused(base(), [{ type: 'add_line', sku: 'BIGKIT', quantity: 30_000 }], huge);
    assert.equal(added?.field, 'changes[0].quantity');
    assert.match(added?.message ?? '', /3000000000 × A, more than a line holds/);
    const [grown] = refused(kitOrder(), [{ type: 'change_quantity', line_id: 'oln_k', quantity: 1_100_000_000 }]);
    assert.equal(grown?.field, 'changes[0].quantity');
    assert.match(grown?.message ?? '', /more than a line holds/);
  });

  test('a discount on a kit line lands on the kit line (its components carry no money)', () => {
    const o = ok(kitOrder(), [{ type: 'add_discount', line_id: 'oln_k', amount: '5.00' }]);
    assert.deepEqual([byId(o, 'oln_k').discountMinor, byId(o, 'oln_ca').discountMinor, o.delta], [500, 0, -500]);
  });
});
