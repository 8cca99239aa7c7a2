import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kitLineQuantities, withComponentUnits } from './kit-lines.js';
import { allocationStatus, stockLines, unfilledUnits } from './lifecycle.js';

const line = (id: string, quantity: number, allocated: number, backordered: number, cancelled = 0, parentLineId: string | null = null) => ({ id, quantity, allocated, backordered, cancelled, parentLineId });

describe('kit lines', () => {
  // A kit line K of 2 kits, each kit = 2 × A + 1 × B; and a plain line P.
  const kit = line('K', 2, 0, 0);
  const plain = line('P', 1, 1, 0);

  test('kit lines carry no stock: status and unfilled units come from the other lines', () => {
    const a = line('A', 4, 4, 0, 0, 'K');
    const b = line('B', 2, 0, 2, 0, 'K');
    assert.deepEqual(stockLines([kit, a, b, plain]).map((l) => l.id), ['A', 'B', 'P']);
    assert.equal(allocationStatus([kit, a, b, plain], false), 'partially_allocated');
    assert.equal(allocationStatus([kit, line('A', 4, 4, 0, 0, 'K'), line('B', 2, 2, 0, 0, 'K')], false), 'allocated');
    // Without the parent link the kit line would count as unfilled and as live.
    assert.equal(unfilledUnits([kit, line('A', 4, 4, 0, 0, 'K'), line('B', 2, 2, 0, 0, 'K')]), 0);
    assert.equal(unfilledUnits([kit, line('A', 4, 1, 0, 0, 'K'), line('B', 2, 2, 0, 0, 'K')]), 3);
  });

  test('a kit line shows complete kits allocated and the rest backordered', () => {
    const derived = kitLineQuantities([kit, line('A', 4, 3, 1, 0, 'K'), line('B', 2, 2, 0, 0, 'K'), plain]);
    assert.deepEqual([...derived], [['K', { allocated: 1, backordered: 1, shipped: 0 }]]);
    const onHold = kitLineQuantities([kit, line('A', 4, 2, 0, 0, 'K'), line('B', 2, 2, 0, 0, 'K')]);
    assert.deepEqual(onHold.get('K'), { allocated: 1, backordered: 0, shipped: 0 }, 'unplanned kits are neither allocated nor backordered');
    const cancelled = kitLineQuantities([line('K', 2, 0, 0, 1), line('A', 4, 2, 0, 2, 'K'), line('B', 2, 1, 0, 1, 'K')]);
    assert.deepEqual(cancelled.get('K'), { allocated: 1, backordered: 0, shipped: 0 });
  });

  test('a kit has shipped when every one of its component units has', () => {
    const line = (id: string, quantity: number, allocated: number, shipped: number, parentLineId: string | null = null) => ({ id, quantity, allocated, backordered: 0, cancelled: 0, shipped, parentLineId });
    const kitOf2 = line('K', 2, 0, 0);
    // 2 kits of 2 A + 1 B: one kit's units (2 A, 1 B) have left, the second kit's B has not.
    assert.equal(kitLineQuantities([kitOf2, line('A', 4, 4, 4, 'K'), line('B', 2, 2, 1, 'K')]).get('K')?.shipped, 1);
    assert.equal(kitLineQuantities([kitOf2, line('A', 4, 4, 4, 'K'), line('B', 2, 2, 2, 'K')]).get('K')?.shipped, 2);
    assert.equal(kitLineQuantities([kitOf2, line('A', 4, 4, 1, 'K'), line('B', 2, 2, 2, 'K')]).get('K')?.shipped, 0, 'one A of a kit is not a kit');
  });

  test('cancelling kit units cancels units per kit of each component', () => {
    const lines = [kit, line('A', 4, 4, 0, 0, 'K'), line('B', 2, 2, 0, 0, 'K'), plain];
    assert.deepEqual([...withComponentUnits(new Map([['K', 1]]), lines)].sort(), [['A', 2], ['B', 1], ['K', 1]]);
    assert.deepEqual([...withComponentUnits(new Map([['P', 1]]), lines)], [['P', 1]]);
  });
});
