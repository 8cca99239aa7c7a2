import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planAllocation, type PlanLine, type StockAtLocation } from './plan.js';

const line = (lineId: string, sku: string, quantity: number, backorderable = false): PlanLine => ({ lineId, sku, quantity, backorderable });
const stock = (locationCode: string, priority: number, levels: Record<string, number>): StockAtLocation[] =>
  Object.entries(levels).map(([sku, available]) => ({ sku, locationId: `id-${locationCode}`, locationCode, priority, available }));

function byLine(plan: ReturnType<typeof planAllocation>) {
  return plan.allocations.map((a) => `${a.lineId}:${a.locationCode}×${a.quantity}`).sort();
}

describe('default routing rule', () => {
  test('one location holding every line wins over a higher-priority one that does not', () => {
    const plan = planAllocation([line('l1', 'A', 1), line('l2', 'B', 1)], [...stock('WH1', 1, { A: 5 }), ...stock('WH2', 2, { A: 5, B: 5 })]);
    assert.deepEqual(byLine(plan), ['l1:WH2×1', 'l2:WH2×1']);
    assert.match(plan.explanation[0] as string, /WH2: holds every line/);
  });

  test('ties between complete locations go to priority, then to most available', () => {
    const byPriority = planAllocation([line('l1', 'A', 1)], [...stock('WH1', 2, { A: 50 }), ...stock('WH2', 1, { A: 5 })]);
    assert.deepEqual(byLine(byPriority), ['l1:WH2×1']);
    const byStock = planAllocation([line('l1', 'A', 1)], [...stock('WH1', 1, { A: 5 }), ...stock('WH2', 1, { A: 50 })]);
    assert.deepEqual(byLine(byStock), ['l1:WH2×1']);
  });

  test('the fewest locations: two when no single one has everything', () => {
    const plan = planAllocation(
      [line('l1', 'A', 1), line('l2', 'B', 1), line('l3', 'C', 1)],
      [...stock('WH1', 1, { A: 1 }), ...stock('WH2', 2, { B: 1 }), ...stock('WH3', 3, { C: 1 }), ...stock('WH4', 4, { A: 1, B: 1 }), ...stock('WH5', 5, { C: 1 })],
    );
    const locations = new Set(plan.allocations.map((a) => a.locationCode));
    assert.equal(locations.size, 2);
    assert.ok(locations.has('WH4'), `WH4 is used: ${[...locations].join(', ')}`);
    assert.deepEqual(plan.backorders, []);
  });

  test('a line is split only when no single location can fill it', () => {
    const plan = planAllocation([line('l1', 'A', 8)], [...stock('WH1', 1, { A: 5 }), ...stock('WH2', 2, { A: 4 })]);
    assert.deepEqual(byLine(plan), ['l1:WH1×5', 'l1:WH2×3']);
    const unsplit = planAllocation([line('l1', 'A', 4)], [...stock('WH1', 1, { A: 3 }), ...stock('WH2', 2, { A: 4 })]);
    assert.deepEqual(byLine(unsplit), ['l1:WH2×4']);
  });

  test('what cannot be filled is backordered when the SKU allows, else short', () => {
    const plan = planAllocation([line('l1', 'A', 5, true), line('l2', 'B', 3, false)], stock('WH1', 1, { A: 2, B: 1 }));
    assert.deepEqual(byLine(plan), ['l1:WH1×2', 'l2:WH1×1']);
    assert.deepEqual(plan.backorders, [{ lineId: 'l1', sku: 'A', quantity: 3 }]);
    assert.deepEqual(plan.shortages, [{ lineId: 'l2', sku: 'B', requested: 3, available: 1 }]);
  });

  test('two lines of the same SKU together never take more than is there', () => {
    const plan = planAllocation([line('l1', 'A', 3), line('l2', 'A', 3)], [...stock('WH1', 1, { A: 4 }), ...stock('WH2', 2, { A: 2 })]);
    const total = plan.allocations.reduce((n, a) => n + a.quantity, 0);
    assert.equal(total, 6);
    const perLocation = new Map<string, number>();
    for (const a of plan.allocations) perLocation.set(a.locationCode, (perLocation.get(a.locationCode) ?? 0) + a.quantity);
    assert.ok((perLocation.get('WH1') ?? 0) <= 4 && (perLocation.get('WH2') ?? 0) <= 2, 'no location gives more than it has: WH1 <= 4, WH2 <= 2');
  });

  test('locations with nothing available are ignored; empty stock backorders or shorts everything', () => {
    const plan = planAllocation([line('l1', 'A', 1, true)], stock('WH1', 1, { A: 0 }));
    assert.deepEqual(plan.allocations, []);
    assert.deepEqual(plan.backorders, [{ lineId: 'l1', sku: 'A', quantity: 1 }]);
  });

  test('property: never allocates more than available nor more than ordered', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 500; round++) {
      const skus = ['A', 'B', 'C', 'D'];
      const snapshot = Array.from({ length: 1 + rand(6) }, (_, i) => stock(`L${i}`, rand(5), Object.fromEntries(skus.map((s) => [s, rand(6)])))).flat();
      const lines = Array.from({ length: 1 + rand(4) }, (_, i) => line(`l${i}`, skus[rand(4)] as string, 1 + rand(8), rand(2) === 0));
      const plan = planAllocation(lines, snapshot);
      for (const s of snapshot) {
        const used = plan.allocations.filter((a) => a.sku === s.sku && a.locationCode === s.locationCode).reduce((n, a) => n + a.quantity, 0);
        assert.ok(used <= s.available, `over-allocated ${s.sku}@${s.locationCode}`);
      }
      for (const l of lines) {
        const allocated = plan.allocations.filter((a) => a.lineId === l.lineId).reduce((n, a) => n + a.quantity, 0);
        const backordered = plan.backorders.filter((b) => b.lineId === l.lineId).reduce((n, b) => n + b.quantity, 0);
        const short = plan.shortages.some((s) => s.lineId === l.lineId);
        if (short) assert.ok(allocated < l.quantity && backordered === 0, `short, and nothing backordered: ${allocated} of ${l.quantity}, ${backordered} backordered`);
        else assert.equal(allocated + backordered, l.quantity);
      }
    }
  });
});

describe('lines no location can fill whole', () => {
  test('the location holding the most of them wins, so the order ships from one place', () => {
    // B is short everywhere; WEST holds as much B as anyone and all of A: one shipment plus a backorder.
    const plan = planAllocation([line('l1', 'A', 2), line('l2', 'B', 3, true)], [...stock('EAST', 1, { A: 5 }), ...stock('WEST', 2, { A: 5, B: 2 })]);
    assert.deepEqual(byLine(plan), ['l1:WEST×2', 'l2:WEST×2']);
    assert.deepEqual(plan.backorders, [{ lineId: 'l2', sku: 'B', quantity: 1 }]);
  });
});
