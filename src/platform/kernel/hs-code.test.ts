import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeHsCode } from './hs-code.js';

test('HS codes keep their digits: 6 to 10, dots and spaces dropped; anything else is refused', () => {
  const cases: [string, string | undefined][] = [
    ['610910', '610910'],
    ['6109.10', '610910'],
    ['6109.10.0012', '6109100012'],
    ['6109 10 00', '61091000'],
    ['610910001', '610910001'],
    ['61091', undefined],
    ['61091000123', undefined],
    ['6109-10', undefined],
    ['ABCDEF', undefined],
    ['', undefined],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeHsCode(input), expected, input);
});
