import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findUnstorableString } from './text.js';

test('NUL characters are found with their path', () => {
  assert.deepEqual(findUnstorableString({ lines: [{ sku: 'A\u0000' }] }), { field: 'lines[0].sku', problem: 'must not contain NUL characters' });
});

test('lone surrogates are found, paired ones are fine', () => {
  assert.equal(findUnstorableString({ name: 'emoji 😀' }), undefined);
  assert.deepEqual(findUnstorableString({ customer: { name: 'x\ud800y' } }), { field: 'customer.name', problem: 'must not contain unpaired UTF-16 surrogates' });
});

test('property names are checked too', () => {
  assert.equal(findUnstorableString({ 'a\u0000': 1 })?.field, 'a\u0000');
});
