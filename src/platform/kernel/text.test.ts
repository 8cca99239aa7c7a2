import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findUnstorableString, storableJson, storableText } from './text.js';

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

test('a value nested 200,000 levels deep is walked without exhausting the stack', () => {
  let deep: unknown = ['ok', 'x\u0000'];
  for (let i = 0; i < 200_000; i++) deep = [deep];
  const found = findUnstorableString(deep);
  assert.equal(found?.problem, 'must not contain NUL characters');
  assert.ok(found?.field.endsWith('[0][1]'), 'the path of the NUL');
});

test('the first unstorable string in document order is named', () => {
  assert.equal(findUnstorableString({ a: ['fine', { b: 'x\u0000' }], c: 'y\u0000' })?.field, 'a[1].b');
});

test('storableText makes NUL visible and replaces lone surrogates; storable text is unchanged', () => {
  assert.equal(storableText('a\u0000b'), 'a\\u0000b');
  assert.equal(storableText('x\ud800y'), 'x\ufffdy');
  assert.equal(storableText('emoji 😀 and ‮RTL'), 'emoji 😀 and ‮RTL');
  assert.deepEqual(storableJson({ reasons: [{ reason: 'sku A\u0000' }], ok: 1, at: null }), { reasons: [{ reason: 'sku A\\u0000' }], ok: 1, at: null });
  assert.equal(findUnstorableString(storableJson({ 'k\u0000': ['\udc00'] })), undefined);
});
