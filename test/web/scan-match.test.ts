// test-files: embedded database only (pure: the pack station's scan rules, no database, no browser)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allScanned, matchScan, type PackLine } from '../../web/src/pages/fulfillment/scan-match.js';

const lines: PackLine[] = [
  { sku: 'TEE-BLK-M', quantity: 2, gtin: '4006381333931' },
  { sku: 'MUG-01', quantity: 1, gtin: '012345678905' },
  { sku: 'NO-BARCODE', quantity: 1 },
];

test('a scan is a line’s SKU (any case, spaces trimmed) or its product’s barcode', () => {
  assert.deepEqual(matchScan(lines, {}, 'TEE-BLK-M'), { ok: true, sku: 'TEE-BLK-M' });
  assert.deepEqual(matchScan(lines, {}, ' tee-blk-m '), { ok: true, sku: 'TEE-BLK-M' });
  assert.deepEqual(matchScan(lines, {}, '4006381333931'), { ok: true, sku: 'TEE-BLK-M' });
  // The mug's UPC-A, and the same number read as an EAN-13 (one more leading zero).
  assert.deepEqual(matchScan(lines, {}, '012345678905'), { ok: true, sku: 'MUG-01' });
  assert.deepEqual(matchScan(lines, {}, '0012345678905'), { ok: true, sku: 'MUG-01' });
});

test('an item not in the order, or one unit too many, is refused', () => {
  assert.deepEqual(matchScan(lines, {}, 'SOCK-01'), { ok: false, reason: 'unknown' });
  assert.deepEqual(matchScan(lines, {}, '4006381333932'), { ok: false, reason: 'unknown' }, 'a barcode one digit off');
  assert.deepEqual(matchScan(lines, {}, ''), { ok: false, reason: 'unknown' });
  assert.deepEqual(matchScan(lines, { 'TEE-BLK-M': 2 }, '4006381333931'), { ok: false, reason: 'surplus', sku: 'TEE-BLK-M' });
  assert.deepEqual(matchScan(lines, { 'TEE-BLK-M': 1 }, 'TEE-BLK-M'), { ok: true, sku: 'TEE-BLK-M' });
});

test('packing waits until every unit of every line is scanned', () => {
  assert.equal(allScanned(lines, { 'TEE-BLK-M': 2, 'MUG-01': 1 }), false);
  assert.equal(allScanned(lines, { 'TEE-BLK-M': 2, 'MUG-01': 1, 'NO-BARCODE': 1 }), true);
  assert.equal(allScanned([], {}), false, 'nothing to pack is not "all scanned"');
});
