import assert from 'node:assert/strict';
import { test } from 'node:test';
import { customsProblems } from './customs.js';

test('customs problems name the field: a malformed HS code, an unknown or lower-case country', () => {
  assert.deepEqual(customsProblems({ hs_code: '6109.10', country_of_origin: 'CN' }), []);
  assert.deepEqual(customsProblems({ hs_code: null, country_of_origin: null }), []);
  assert.deepEqual(customsProblems({ hs_code: '12' }).map((p) => p.field), ['hs_code']);
  assert.deepEqual(customsProblems({ country_of_origin: 'XX' }).map((p) => p.field), ['country_of_origin']);
  assert.deepEqual(customsProblems({ country_of_origin: 'cn' }).map((p) => p.field), ['country_of_origin']);
  assert.deepEqual(customsProblems({ hs_code: 'x', country_of_origin: 'ZZ' }).map((p) => p.field), ['hs_code', 'country_of_origin']);
});
