import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitRejection } from './rejection.js';

const lines = [
  { orderLineId: 'l1', sku: 'A', quantity: 2 },
  { orderLineId: 'l2', sku: 'A', quantity: 3 },
  { orderLineId: 'l3', sku: 'B', quantity: 1 },
];

describe('splitting a rejection', () => {
  test('no lines named: everything is rejected', () => {
    const split = splitRejection(lines, undefined);
    assert.equal(split.whole, true);
    assert.deepEqual(split.rejected, lines);
    assert.ok(split.kept.every((l) => l.quantity === 0), `every kept line has quantity 0: ${JSON.stringify(split.kept)}`);
  });

  test('units of a SKU on several order lines are taken in order', () => {
    const split = splitRejection(lines, [{ sku: 'A', quantity: 3 }]);
    assert.equal(split.whole, false);
    assert.deepEqual(split.rejected, [{ orderLineId: 'l1', sku: 'A', quantity: 2 }, { orderLineId: 'l2', sku: 'A', quantity: 1 }]);
    assert.deepEqual(split.kept.map((l) => l.quantity), [0, 2, 1]);
  });

  test('naming every unit is a whole rejection', () => {
    const split = splitRejection(lines, [{ sku: 'B', quantity: 1 }, { sku: 'A', quantity: 5 }]);
    assert.equal(split.whole, true);
    assert.deepEqual(split.errors, []);
  });

  test('unknown SKU, too many units and a repeated SKU are errors naming the field', () => {
    assert.deepEqual(splitRejection(lines, [{ sku: 'Z', quantity: 1 }]).errors.map((e) => e.field), ['lines[0].sku']);
    assert.deepEqual(splitRejection(lines, [{ sku: 'B', quantity: 2 }]).errors.map((e) => e.field), ['lines[0].quantity']);
    assert.deepEqual(splitRejection(lines, [{ sku: 'B', quantity: 1 }, { sku: 'B', quantity: 1 }]).errors.map((e) => e.field), ['lines[1].sku']);
    assert.equal(splitRejection(lines, [{ sku: 'Z', quantity: 1 }]).whole, false);
  });
});
