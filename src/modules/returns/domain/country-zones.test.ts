import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { zoneFor } from './country-zones.js';
import { defaultPolicy, evaluateReturn, type PolicyInput } from './policy.js';
import { defaultReasons } from './reasons.js';

const DAY = 86_400_000;
const delivered = new Date('2026-11-01T12:00:00Z');
const zones = [
  { name: 'Islands', countries: ['IS', 'FO'], returnable: false },
  { name: 'Europe', countries: ['DE', 'FR'], returnable: true, window_days: 14 },
];
const input = (country: string | null, daysAfter: number, overrides: Partial<PolicyInput['policy']> = {}): PolicyInput => ({
  policy: { ...defaultPolicy, window_days: 30, country_zones: zones, ...overrides },
  reasons: defaultReasons,
  deliveredAt: delivered,
  shippedAt: null,
  lines: [{ sku: 'TEE', quantity: 1, reason: 'changed_mind', paidMinor: 1000 }],
  outcome: 'refund',
  now: new Date(delivered.getTime() + daysAfter * DAY),
  country,
});

describe('return zones by shipping country', () => {
  test('the first zone listing the country, case-insensitively; none without a country or a match', () => {
    assert.equal(zoneFor(zones, 'de')?.name, 'Europe');
    assert.equal(zoneFor(zones, 'US'), undefined);
    assert.equal(zoneFor(zones, null), undefined);
    assert.equal(zoneFor(undefined, 'DE'), undefined);
  });

  test('a zone that may not return refuses, whatever the window', () => {
    const e = evaluateReturn(input('IS', 1));
    assert.equal(e.eligible, false);
    assert.deepEqual(e.refusals, ['Orders shipped to IS (Islands) cannot be returned.']);
  });

  test('a zone’s window replaces the policy’s; other countries keep the policy’s', () => {
    assert.equal(evaluateReturn(input('DE', 13)).eligible, true);
    assert.equal(evaluateReturn(input('DE', 20)).eligible, false, 'past the 14-day zone window');
    assert.equal(evaluateReturn(input('US', 20)).eligible, true, 'the 30-day policy window');
    assert.equal(evaluateReturn(input(null, 20)).eligible, true, 'no country: the policy as before');
  });

  test('a SKU override’s window still wins over the zone’s', () => {
    assert.equal(evaluateReturn(input('DE', 20, { overrides: [{ skus: ['TEE'], window_days: 60 }] })).eligible, true);
  });
});
