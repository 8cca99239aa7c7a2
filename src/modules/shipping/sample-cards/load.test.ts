import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { compileRateCard, quote, validateRateCard, zoneFor } from '../domain/rate-card.js';
import { sampleCardFiles } from '../domain/sample-cards.js';
import type { Parcel, ShippingAddress } from '../domain/types.js';
import { sampleRateCards } from './load.js';

const cards = sampleRateCards();
const compiled = cards.map(compileRateCard);
const address = (postalCode: string): ShippingAddress => ({ line1: '1 Main St', city: 'Town', postalCode, country: 'US' });
const parcel = (weightGrams: number): Parcel => ({ weightGrams, lengthMm: 250, widthMm: 200, heightMm: 150 });

describe('sample rate cards', () => {
  test('are valid, marked as samples, and small', () => {
    assert.deepEqual(cards.map((c) => c.carrier), ['ups', 'fedex', 'usps']);
    for (const card of cards) {
      assert.deepEqual(validateRateCard(card), [], card.carrier);
      assert.equal(card.sample, true);
      assert.equal(card.services.length, 3);
    }
    const bytes = sampleCardFiles().reduce((sum, file) => sum + statSync(new URL(file, import.meta.url)).size, 0);
    assert.ok(bytes < 200_000, `${bytes} bytes`);
  });

  const routes: [string, string, string, string][] = [
    ['across the street', '10001', '10016', '2'],
    ['New York to Philadelphia', '10001', '19103', '2'],
    ['New York to Chicago', '10001', '60601', '5'],
    ['New York to Los Angeles', '10001', '90012', '8'],
    ['Dallas to Houston', '75201', '77002', '3'],
    ['Seattle to Portland', '98101', '97201', '2'],
  ];
  for (const [name, from, to, zone] of routes) {
    test(`zone ${name}`, () => {
      for (const card of compiled) assert.equal(zoneFor(card, from, to), zone);
    });
  }

  test('every carrier quotes ground < two-day < overnight, rising with zone', () => {
    const near = compiled.flatMap((c) => quote(c, [parcel(2000)], address('10001'), address('19103')));
    const far = compiled.flatMap((c) => quote(c, [parcel(2000)], address('10001'), address('90012')));
    assert.equal(near.length, 9);
    for (const carrier of ['ups', 'fedex', 'usps']) {
      const prices = far.filter((r) => r.carrier === carrier).map((r) => r.amountMinor);
      assert.deepEqual(prices, [...prices].sort((a, b) => a - b), carrier);
    }
    far.forEach((rate, i) => assert.ok(rate.amountMinor > (near[i]?.amountMinor ?? Infinity), rate.service));
  });

  test('USPS stops at 70 lb; UPS and FedEx go to 150 lb', () => {
    const rates = compiled.flatMap((c) => quote(c, [parcel(36_000)], address('10001'), address('60601'))); // 79.4 lb
    assert.deepEqual([...new Set(rates.map((r) => r.carrier))], ['ups', 'fedex']);
    assert.deepEqual(compiled.flatMap((c) => quote(c, [parcel(69_000)], address('10001'), address('60601'))), []);
  });
});
