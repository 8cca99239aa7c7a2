import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignShortfall, buildStops, orderPickPath, parseBin } from './pick-path.js';

const stop = (bin: string | null, sku = `SKU-${bin ?? 'none'}`) => ({ bin, sku });

test('parseBin reads zone-aisle-bay-level and refuses other shapes', () => {
  assert.deepEqual(parseBin('A-03-2-B'), { zone: 'A', aisle: 3, bay: 2, level: 'B' });
  assert.deepEqual(parseBin('b-12-10-3'), { zone: 'B', aisle: 12, bay: 10, level: '3' });
  assert.equal(parseBin('A-03-2'), undefined);
  assert.equal(parseBin('DOCK'), undefined);
  assert.equal(parseBin('A-x-2-B'), undefined);
});

test('serpentine: zones in order, odd aisles walked up, even aisles down, levels within a bay', () => {
  const bins = ['B-01-1-A', 'A-02-1-A', 'A-01-3-A', 'A-02-5-A', 'A-01-1-B', 'A-01-1-A', 'A-03-4-A', 'A-03-1-A', 'A-02-5-C'];
  const walked = orderPickPath(bins.map((b) => stop(b))).map((s) => s.bin);
  assert.deepEqual(walked, [
    'A-01-1-A', 'A-01-1-B', 'A-01-3-A', // aisle 1 up, levels A then B in bay 1
    'A-02-5-A', 'A-02-5-C', 'A-02-1-A', // aisle 2 down
    'A-03-1-A', 'A-03-4-A', // aisle 3 up
    'B-01-1-A', // next zone, starting up again
  ]);
});

test('aisle numbers compare as numbers, and a skipped aisle does not break the alternation', () => {
  const walked = orderPickPath([stop('A-10-1-A'), stop('A-10-9-A'), stop('A-2-9-A'), stop('A-2-1-A'), stop('A-05-1-A'), stop('A-05-7-A')]).map((s) => s.bin);
  // Visited aisles 2, 5, 10: up, down, up.
  assert.deepEqual(walked, ['A-2-1-A', 'A-2-9-A', 'A-05-7-A', 'A-05-1-A', 'A-10-1-A', 'A-10-9-A']);
});

test('unparseable bins come after the walk, stops without a bin last', () => {
  const walked = orderPickPath([stop(null, 'Z'), stop('DOCK-2'), stop(null, 'A'), stop('B-01-1-A'), stop('DOCK-1')]).map((s) => `${s.bin}/${s.sku}`);
  assert.deepEqual(walked, ['B-01-1-A/SKU-B-01-1-A', 'DOCK-1/SKU-DOCK-1', 'DOCK-2/SKU-DOCK-2', 'null/A', 'null/Z']);
});

test('several SKUs in one bin keep a stable order by SKU; the input is not changed', () => {
  const input = [stop('A-01-1-A', 'SKU-2'), stop('A-01-1-A', 'SKU-1')];
  assert.deepEqual(orderPickPath(input).map((s) => s.sku), ['SKU-1', 'SKU-2']);
  assert.deepEqual(input.map((s) => s.sku), ['SKU-2', 'SKU-1']);
});

test('buildStops merges the batched lines by SKU and bin and orders them along the path', () => {
  const bins: Record<string, string | null> = { MUG: 'A-02-3-A', TEE: 'A-01-5-B', CAP: null };
  const stops = buildStops(
    [
      { fulfillmentOrderId: 'ful_1', sku: 'MUG', quantity: 1 },
      { fulfillmentOrderId: 'ful_2', sku: 'MUG', quantity: 2 },
      { fulfillmentOrderId: 'ful_2', sku: 'CAP', quantity: 1 },
      { fulfillmentOrderId: 'ful_3', sku: 'TEE', quantity: 4 },
    ],
    (sku) => bins[sku] ?? null,
  );
  assert.deepEqual(stops, [
    { bin: 'A-01-5-B', sku: 'TEE', quantity: 4 },
    { bin: 'A-02-3-A', sku: 'MUG', quantity: 3 },
    { bin: null, sku: 'CAP', quantity: 1 },
  ]);
});

test('assignShortfall falls on the newest orders first and never takes more than an order holds', () => {
  const lines = [
    { fulfillmentOrderId: 'ful_01', sku: 'MUG', quantity: 2 },
    { fulfillmentOrderId: 'ful_02', sku: 'MUG', quantity: 1 },
    { fulfillmentOrderId: 'ful_03', sku: 'MUG', quantity: 1 },
    { fulfillmentOrderId: 'ful_03', sku: 'TEE', quantity: 5 },
  ];
  assert.deepEqual(assignShortfall(lines, 'MUG', 3), [
    { fulfillmentOrderId: 'ful_03', quantity: 1 },
    { fulfillmentOrderId: 'ful_02', quantity: 1 },
    { fulfillmentOrderId: 'ful_01', quantity: 1 },
  ]);
  assert.deepEqual(assignShortfall(lines, 'TEE', 2), [{ fulfillmentOrderId: 'ful_03', quantity: 2 }]);
  assert.deepEqual(assignShortfall(lines, 'MUG', 0), []);
});
