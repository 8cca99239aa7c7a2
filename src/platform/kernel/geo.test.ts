import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distanceKm, locate } from './geo.js';

test('a US ZIP resolves to its centroid; ZIP+4 is cut to five digits', () => {
  const springfield = locate('US', '62701-1234');
  assert.equal(springfield?.precision, 'postal_code');
  assert.ok(Math.abs((springfield?.latitude ?? 0) - 39.8) < 0.1, `Springfield IL is near latitude 39.8: ${springfield?.latitude}`);
});

test('a Canadian postal code resolves by its forward sortation area', () => {
  assert.equal(locate('CA', 'M5V 3L9')?.precision, 'postal_code');
});

test('elsewhere, or for an unknown code, the country centroid is used; an unknown country is null', () => {
  assert.equal(locate('DE', '10115')?.precision, 'country');
  assert.equal(locate('US', '00000')?.precision, 'country');
  assert.equal(locate('ZZ', null), null);
});

test('great-circle distance: New York to Los Angeles is about 3,940 km', () => {
  const ny = locate('US', '10001');
  const la = locate('US', '90012');
  assert.ok(ny && la, 'both ZIPs are known');
  const d = distanceKm(ny, la);
  assert.ok(d > 3850 && d < 4000, String(d));
  assert.equal(distanceKm(ny, ny), 0);
});
