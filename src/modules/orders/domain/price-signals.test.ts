import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { priceSignals, type PricedLineInput } from './price-signals.js';

const fmt = (minor: number) => `${(minor / 100).toFixed(2)} USD`;
const line = (unitPriceMinor: number, cataloguePriceMinor: number | null, quantity = 1): PricedLineInput => ({ sku: 'TEE', quantity, unitPriceMinor, cataloguePriceMinor });

describe('price signals', () => {
  test('the tester’s 0.01 against a catalogue price of 15.00: far below, with the difference in percent', () => {
    const signals = priceSignals([line(1, 1500)], 1, 50, fmt);
    assert.deepEqual(signals.map((s) => [s.code, s.field, s.value]), [['price_far_below_catalogue', 'lines[0].unit_price', -99]]);
    assert.equal(signals[0]?.message, 'TEE was sold at 0.01 USD, 99 % below its catalogue price of 15.00 USD.');
  });

  test('"far" is the tenant’s percent, either way; just inside it is no signal', () => {
    assert.deepEqual(priceSignals([line(751, 1500)], 751, 50, fmt), []);
    assert.deepEqual(priceSignals([line(750, 1500)], 750, 50, fmt).map((s) => s.code), ['price_far_below_catalogue']);
    assert.deepEqual(priceSignals([line(2250, 1500)], 2250, 50, fmt).map((s) => s.code), ['price_far_above_catalogue']);
    assert.deepEqual(priceSignals([line(2249, 1500)], 2249, 50, fmt), []);
    assert.deepEqual(priceSignals([line(1200, 1500)], 1200, 10, fmt).map((s) => s.value), [-20]);
  });

  test('no catalogue price (another currency, or 0) is never compared', () => {
    assert.deepEqual(priceSignals([line(1, null), line(1, 0)], 2, 50, fmt), []);
  });

  test('a zero total on goods worth something is a signal of its own', () => {
    const signals = priceSignals([line(0, 1500, 2)], 0, 50, fmt);
    assert.deepEqual(signals.map((s) => [s.code, s.value]), [['price_far_below_catalogue', -100], ['zero_total', 3000]]);
    assert.match(signals[1]?.message ?? '', /totals 0\.00 USD although its goods are worth 30\.00 USD/);
    assert.deepEqual(priceSignals([line(0, 0)], 0, 50, fmt), []);
  });
});
