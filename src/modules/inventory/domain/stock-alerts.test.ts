import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stockAlerts } from './stock-alerts.js';

const change = (before: number, after: number) => ({ sku: 'A', locationId: 'loc_1', availableBefore: before, availableAfter: after });

test('alerts fire once, on the downward crossing', () => {
  const threshold = () => 5;
  assert.deepEqual(stockAlerts([change(8, 5)], threshold).map((a) => a.type), ['inventory.low_stock']);
  assert.deepEqual(stockAlerts([change(5, 4)], threshold), []);
  assert.deepEqual(stockAlerts([change(3, 0)], threshold).map((a) => a.type), ['inventory.out_of_stock']);
  assert.deepEqual(stockAlerts([change(8, 0)], threshold).map((a) => a.type), ['inventory.out_of_stock']);
  assert.deepEqual(stockAlerts([change(0, 0)], threshold), []);
  assert.deepEqual(stockAlerts([change(2, 10)], threshold), []);
});

test('a missing threshold means only out-of-stock alerts', () => {
  assert.deepEqual(stockAlerts([change(3, 1)], () => undefined), []);
  assert.deepEqual(stockAlerts([change(1, 0)], () => undefined).map((a) => a.type), ['inventory.out_of_stock']);
});
