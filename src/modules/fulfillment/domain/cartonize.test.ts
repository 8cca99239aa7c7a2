import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { cartonize, cartonizeLimits, cartonizePerLine, orientations, OverBudget, packageBreaches, packOneBox, workBudget, type BoxType, type CartonItem, type PackedBox } from './cartonize.js';
import { sampleBoxes, sampleOrder, sampleProducts, seededRandom } from './cartonize-samples.js';

const box = (code: string, l: number, w: number, h: number, maxWeightGrams = 10_000, tareGrams = 100, costMinor: number | null = null): BoxType => ({
  code,
  inner: { length: l, width: w, height: h },
  maxWeightGrams,
  tareGrams,
  costMinor,
});
const item = (sku: string, quantity: number, l: number, w: number, h: number, weightGrams = 100, uprightOnly = false): CartonItem => ({
  sku,
  quantity,
  dims: { length: l, width: w, height: h },
  weightGrams,
  uprightOnly,
});

function unitsIn(packages: PackedBox[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of packages) for (const l of p.lines) counts.set(l.sku, (counts.get(l.sku) ?? 0) + l.quantity);
  return counts;
}

function ok(result: ReturnType<typeof cartonize>): PackedBox[] {
  assert.equal(result.ok, true, JSON.stringify(result));
  return (result as { packages: PackedBox[] }).packages;
}

test('orientations: six distinct rotations, two when upright-only, fewer for cubes', () => {
  assert.equal(orientations({ length: 1, width: 2, height: 3 }).length, 6);
  assert.deepEqual(
    orientations({ length: 1, width: 2, height: 3 }, true).map((o) => o.height),
    [3, 3],
  );
  assert.equal(orientations({ length: 2, width: 2, height: 2 }).length, 1);
  assert.equal(orientations({ length: 2, width: 2, height: 5 }).length, 3);
});

test('a single small item goes in the cheapest box that fits', () => {
  const boxes = [box('BIG', 500, 500, 500, 20_000, 500, 300), box('SMALL', 200, 200, 200, 5_000, 100, 100), box('TINY', 50, 50, 50, 1_000, 10, 50)];
  const [pkg, ...more] = ok(cartonize([item('MUG', 1, 120, 90, 100, 350)], boxes));
  assert.equal(more.length, 0);
  assert.equal(pkg?.box.code, 'SMALL');
  assert.equal(pkg?.weightGrams, 450);
  assert.deepEqual(pkg?.lines, [{ sku: 'MUG', quantity: 1 }]);
});

test('without prices the smallest box that fits wins', () => {
  const [pkg] = ok(cartonize([item('A', 2, 100, 100, 100)], [box('L', 400, 400, 400), box('M', 200, 100, 100), box('S', 100, 100, 100)]));
  assert.equal(pkg?.box.code, 'M');
});

test('an item fits only when rotated: it is rotated', () => {
  const [pkg] = ok(cartonize([item('POSTER', 1, 30, 30, 600)], [box('TUBE', 600, 40, 40)]));
  assert.equal(pkg?.placements[0]?.length, 600);
  assert.equal(pkg?.placements[0]?.height, 30);
});

test('upright-only items never lie down, even when only lying down would fit', () => {
  const boxes = [box('FLAT', 400, 400, 100), box('TALL', 150, 150, 300)];
  const [pkg] = ok(cartonize([item('BOTTLE', 1, 80, 80, 250, 900, true)], boxes));
  assert.equal(pkg?.box.code, 'TALL');
  assert.equal(pkg?.placements[0]?.height, 250);
  const refused = cartonize([item('BOTTLE', 1, 80, 80, 250, 900, true)], [box('FLAT', 400, 400, 100)]);
  assert.deepEqual(refused, { ok: false, code: 'FULFILLMENT_ITEM_TOO_LARGE', skus: ['BOTTLE'] });
  // Without the flag the same bottle lies down in the flat box.
  assert.equal(ok(cartonize([item('BOTTLE', 1, 80, 80, 250, 900)], [box('FLAT', 400, 400, 100)]))[0]?.box.code, 'FLAT');
});

test('too big or too heavy for every box: refused naming the SKUs', () => {
  const boxes = [box('S', 100, 100, 100, 1_000, 100)];
  assert.deepEqual(cartonize([item('SOFA', 1, 2000, 900, 800), item('OK', 1, 10, 10, 10), item('ANVIL', 1, 10, 10, 10, 950)], boxes), {
    ok: false,
    code: 'FULFILLMENT_ITEM_TOO_LARGE',
    skus: ['ANVIL', 'SOFA'],
  });
  assert.deepEqual(cartonize([item('OK', 1, 10, 10, 10)], []), { ok: false, code: 'FULFILLMENT_NO_BOXES' });
});

test('the weight limit splits an order that would fit one box by volume', () => {
  const packages = ok(cartonize([item('BRICK', 6, 50, 50, 50, 1_000)], [box('B', 300, 300, 300, 3_100, 100)]));
  assert.equal(packages.length, 2);
  for (const p of packages) assert.ok(p.weightGrams <= 3_100, `a package weighs at most 3,100 g: ${p.weightGrams}`);
  assert.deepEqual(
    packages.map((p) => p.lines[0]?.quantity),
    [3, 3],
  );
});

test('many small units fill one box exactly when they tile it', () => {
  const packages = ok(cartonize([item('CUBE', 27, 100, 100, 100, 10)], [box('B', 300, 300, 300, 10_000, 0)]));
  assert.equal(packages.length, 1);
  assert.equal(packages[0]?.placements.length, 27);
  assert.deepEqual(packageBreaches(packages[0] as PackedBox), []);
});

test('mixing lines uses fewer boxes than one box per line', () => {
  const items = [item('A', 1, 100, 100, 100), item('B', 1, 100, 100, 100), item('C', 1, 100, 100, 100)];
  const boxes = [box('S', 100, 100, 100, 10_000, 0, 50), box('M', 300, 100, 100, 10_000, 0, 80)];
  assert.equal(ok(cartonize(items, boxes)).length, 1);
  assert.equal(ok(cartonizePerLine(items, boxes)).length, 3);
});

test('packOneBox: explicit packages fit or are refused', () => {
  const b = box('B', 200, 200, 100, 1_000, 100);
  assert.ok(packOneBox([item('A', 4, 100, 100, 100, 200)], b), 'the items fit one box');
  assert.equal(packOneBox([item('A', 5, 100, 100, 100, 100)], b), undefined, 'five cubes do not fit four places');
  assert.equal(packOneBox([item('A', 4, 100, 100, 100, 230)], b), undefined, 'over the weight limit with tare');
});

test('packageBreaches catches overlap, overhang and overweight', () => {
  const b = box('B', 100, 100, 100, 500, 100);
  const unit = { sku: 'X', length: 60, width: 60, height: 60, weightGrams: 250 };
  const bad: PackedBox = {
    box: b,
    placements: [
      { ...unit, x: 0, y: 0, z: 0 },
      { ...unit, x: 50, y: 0, z: 0 },
    ],
    weightGrams: 600,
    lines: [{ sku: 'X', quantity: 2 }],
  };
  const breaches = packageBreaches(bad);
  assert.ok(breaches.some((b) => b.includes('exceeds')), `a weight breach is reported: ${JSON.stringify(breaches)}`);
  assert.ok(breaches.some((b) => b.includes('sticks out')), `an item sticking out is reported: ${JSON.stringify(breaches)}`);
  assert.ok(breaches.some((b) => b.includes('overlap')), `an overlap is reported: ${JSON.stringify(breaches)}`);
});

test('property: over 300 random orders every package is inside its box, without overlap, within its weight, and holds exactly the order', () => {
  const rand = seededRandom(0xca47);
  const products = sampleProducts(rand, 120);
  const boxes = sampleBoxes();
  for (let n = 0; n < 300; n++) {
    const order = sampleOrder(rand, products);
    // Every tenth order is a bulky one, so multi-box splits are exercised too.
    if (n % 10 === 0) for (const line of order) line.quantity *= 6;
    const result = cartonize(order, boxes);
    assert.equal(result.ok, true, `order ${n}: ${JSON.stringify(result)}`);
    if (!result.ok) continue;
    for (const pkg of result.packages) {
      assert.deepEqual(packageBreaches(pkg), [], `order ${n} box ${pkg.box.code}`);
      for (const p of pkg.placements) {
        const line = order.find((l) => l.sku === p.sku);
        if (line?.uprightOnly) assert.equal(p.height, line.dims.height, `order ${n}: upright ${p.sku} was laid down`);
      }
    }
    assert.deepEqual(unitsIn(result.packages), new Map(order.map((l) => [l.sku, l.quantity])), `order ${n}: units lost or added`);
  }
});

/** One item per unit: the packer then sees no block of more than one unit (how it packed before blocks). */
function unitByUnit(items: CartonItem[]): CartonItem[] {
  return items.flatMap((i) => Array.from({ length: i.quantity }, () => ({ ...i, quantity: 1 })));
}

/** SHA-256 over each value's JSON, one after another (`undefined` as null). */
function fingerprint(values: unknown[]): string {
  const hash = createHash('sha256');
  for (const v of values) hash.update(JSON.stringify(v ?? null));
  return hash.digest('hex');
}

test('blocks of identical units pack exactly as the units one by one (random orders up to 40 units a line)', () => {
  const rand = seededRandom(0xb10c5);
  const products = sampleProducts(rand, 40);
  const boxes = sampleBoxes();
  for (let n = 0; n < 60; n++) {
    const order = sampleOrder(rand, products);
    for (const line of order) line.quantity = 1 + Math.floor(rand() * 40);
    assert.deepEqual(cartonize(order, boxes), cartonize(unitByUnit(order), boxes), `order ${n}: ${JSON.stringify(order.map((l) => [l.sku, l.quantity]))}`);
    const box = boxes[n % boxes.length] as BoxType;
    assert.deepEqual(packOneBox(order, box), packOneBox(unitByUnit(order), box), `order ${n} in ${box.code}`);
  }
});

// Fingerprints of what the unit-by-unit packer (before blocks, the occupancy grid and `replay`)
// returned for these inputs: packing must not change for anyone's orders. A deliberate change to
// the heuristic updates them, and says so in its commit.
test('the packer returns what the unit-by-unit packer returned: 400 seeded orders and their one-box checks', () => {
  const rand = seededRandom(0xb10c);
  const products = sampleProducts(rand, 60);
  const boxes = sampleBoxes();
  const results: unknown[] = [];
  for (let n = 0; n < 400; n++) {
    const order = sampleOrder(rand, products);
    if (n % 4 === 0) for (const line of order) line.quantity *= 2 + Math.floor(rand() * 15);
    results.push(cartonize(order, boxes), packOneBox(order, boxes[n % boxes.length] as BoxType));
  }
  assert.equal(fingerprint(results), '10a018e4ebb1b0fb05ae1447a75fab3f6b6f585dac022df693691b03693144a0');
});

test('the packer returns what the unit-by-unit packer returned: bulk orders of hundreds of identical units', () => {
  const boxes = sampleBoxes();
  const cases = [
    [item('CUBE', 1000, 50, 50, 50, 50)],
    [item('PEN', 1500, 140, 10, 10, 15)],
    [item('BOOK', 120, 230, 150, 40, 900), item('MUG', 200, 110, 90, 100, 350), item('CARD', 300, 150, 100, 5, 20)],
    [item('BOTTLE', 150, 80, 80, 250, 900, true), item('TEE', 90, 280, 200, 30, 180)],
    [item('BRICK', 100, 210, 100, 65, 2000), item('PEN', 40, 140, 10, 10, 15)],
  ];
  const results = cases.map((c) => cartonize(c, boxes));
  assert.deepEqual(
    results.map((r) => (r.ok ? r.packages.length : r.code)),
    [2, 1, 7, 6, 8],
  );
  for (const r of results) for (const pkg of r.ok ? r.packages : []) assert.deepEqual(packageBreaches(pkg), []);
  assert.equal(fingerprint(results), '4ee46c4144245f508200374787e51b05f78bda42d807f8811b048dafa474a1ca');
});

test('5,000 identical units are packed in boxes of the same arrangement, every unit accounted for', () => {
  const packages = ok(cartonize([item('CUBE', 5000, 50, 50, 50, 50)], sampleBoxes()));
  assert.equal(packages.reduce((s, p) => s + p.placements.length, 0), 5000);
  for (const p of packages) assert.deepEqual(packageBreaches(p), []);
  // Weight decides: 584 cubes (29.2 kg) to an XL box; the rest in the box that holds it.
  assert.deepEqual(packages.slice(0, -1).map((p) => [p.box.code, p.lines[0]?.quantity]), Array.from({ length: 8 }, () => ['BOX-XL', 584]));
});

test('a plan is refused past its limits: units, packages, work steps', () => {
  const boxes = [box('ONE', 110, 110, 110, 10_000, 100)];
  const limits = { ...cartonizeLimits };
  assert.deepEqual(cartonize([item('CUBE', limits.units + 1, 10, 10, 10, 1)], boxes), { ok: false, code: 'FULFILLMENT_PLAN_TOO_LARGE', limit: 'units', max: limits.units });
  // One cube per box: the 101st package is one too many.
  assert.deepEqual(cartonize([item('BIG', 101, 100, 100, 100, 10)], boxes), { ok: false, code: 'FULFILLMENT_PLAN_TOO_LARGE', limit: 'packages', max: 100 });
  assert.equal(ok(cartonize([item('BIG', 100, 100, 100, 100, 10)], boxes)).length, 100);
  assert.deepEqual(cartonize([item('DOT', 1000, 1, 1, 1, 1)], boxes, { ...limits, steps: 10_000 }), { ok: false, code: 'FULFILLMENT_PLAN_TOO_LARGE', limit: 'steps', max: 10_000 });
  assert.equal(ok(cartonize([item('DOT', 1000, 1, 1, 1, 1)], boxes)).length, 1);
  // packOneBox spends a budget it is given, and says when it ran out.
  assert.throws(() => packOneBox([item('DOT', 1000, 1, 1, 1, 1)], box('ONE', 110, 110, 110, 10_000, 100), workBudget(1_000)), OverBudget);
});
