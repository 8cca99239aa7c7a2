import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidGtin } from './gtin.js';

test('published GTINs of every length validate; a changed digit or a wrong length does not', () => {
  for (const gtin of ['96385074', '012345678905', '036000291452', '4006381333931', '5901234123457', '10012345678902']) {
    assert.equal(isValidGtin(gtin), true, gtin);
    const last = Number(gtin.at(-1));
    assert.equal(isValidGtin(gtin.slice(0, -1) + String((last + 1) % 10)), false, `${gtin} with a wrong check digit`);
  }
  for (const gtin of ['1234567', '123456789', '12345678901', '123456789012345', '12345abc', '']) assert.equal(isValidGtin(gtin), false, gtin);
});
