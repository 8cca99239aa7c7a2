import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonNestingBeyond, MAX_JSON_DEPTH } from './json-body.js';

test('nesting is measured on the text: objects and arrays count, brackets in strings do not', () => {
  assert.equal(jsonNestingBeyond('{"a":[1,{"b":2}]}', 3), undefined);
  assert.equal(jsonNestingBeyond('{"a":[1,{"b":2}]}', 2), 8, 'the offset of the bracket opening level 3');
  assert.equal(jsonNestingBeyond('{"a":"[[[[{{{{"}', 1), undefined);
  assert.equal(jsonNestingBeyond('{"a":"\\"[[[["}', 1), undefined, 'an escaped quote does not end the string');
  assert.equal(jsonNestingBeyond('{"a":"\\\\", "b":[[]]}', 2), 16, 'an escaped backslash does');
});

test('bytes and strings give the same answer, multi-byte UTF-8 included', () => {
  const text = `{"name":"Zoë 😀 ‮ [","x":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`;
  assert.notEqual(jsonNestingBeyond(text), undefined);
  assert.notEqual(jsonNestingBeyond(Buffer.from(text)), undefined);
  const fits = `{"name":"Zoë 😀 [","x":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
  assert.equal(jsonNestingBeyond(fits), undefined);
  assert.equal(jsonNestingBeyond(Buffer.from(fits)), undefined);
});

test('800 KB of [[[ is measured in one pass, without a parse', () => {
  assert.equal(jsonNestingBeyond('['.repeat(800_000)), MAX_JSON_DEPTH);
});
