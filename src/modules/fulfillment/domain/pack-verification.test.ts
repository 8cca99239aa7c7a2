import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyScan } from './pack-verification.js';

test('a scan matching the lines passes, however it is split', () => {
  const result = verifyScan([{ sku: 'MUG', quantity: 2 }, { sku: 'TEE', quantity: 1 }], [{ sku: 'TEE', quantity: 1 }, { sku: 'MUG', quantity: 1 }, { sku: 'MUG', quantity: 1 }]);
  assert.deepEqual(result, { ok: true, missing: [], extra: [] });
});

test('a wrong item is extra, a short or forgotten one missing', () => {
  const result = verifyScan([{ sku: 'MUG', quantity: 2 }, { sku: 'TEE', quantity: 1 }], [{ sku: 'MUG', quantity: 1 }, { sku: 'CAP', quantity: 1 }]);
  assert.equal(result.ok, false);
  assert.deepEqual(result.missing, [{ sku: 'MUG', expected: 2, scanned: 1 }, { sku: 'TEE', expected: 1, scanned: 0 }]);
  assert.deepEqual(result.extra, [{ sku: 'CAP', expected: 0, scanned: 1 }]);
});

test('too many of an ordered item is extra', () => {
  assert.deepEqual(verifyScan([{ sku: 'MUG', quantity: 1 }], [{ sku: 'MUG', quantity: 3 }]).extra, [{ sku: 'MUG', expected: 1, scanned: 3 }]);
});
