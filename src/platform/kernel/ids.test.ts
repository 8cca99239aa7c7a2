import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from './ids.js';

test('ids are prefixed, 26 base32 characters, unique and sort in creation order', () => {
  const ids = Array.from({ length: 20_000 }, () => newId('ord'));
  for (const id of ids.slice(0, 100)) assert.match(id, /^ord_[0-9a-hjkmnp-tv-z]{26}$/);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), ids);
});

test('the time part encodes the current millisecond', () => {
  const before = Date.now();
  const id = newId('evt');
  const ms = [...id.slice(4, 14)].reduce((n, c) => n * 32 + '0123456789abcdefghjkmnpqrstvwxyz'.indexOf(c), 0);
  assert.ok(ms >= before && ms <= Date.now(), `the id's time ${ms} is between ${before} and now`);
});
