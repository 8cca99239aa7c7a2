import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseEmail, refuseEntry } from './entries.js';

test('store-credit entries: sign by kind, never below zero', () => {
  assert.equal(refuseEntry('issue', 500, 0), undefined);
  assert.match(refuseEntry('issue', -500, 1000) ?? '', /greater than zero/);
  assert.match(refuseEntry('redeem', 500, 1000) ?? '', /less than zero/);
  assert.equal(refuseEntry('redeem', -1000, 1000), undefined, 'spending the whole balance is allowed');
  assert.match(refuseEntry('redeem', -1001, 1000) ?? '', /more than the balance/);
  assert.match(refuseEntry('adjust', -1, 0) ?? '', /more than the balance/);
  assert.match(refuseEntry('adjust', 0, 10) ?? '', /other than zero/);
  assert.match(refuseEntry('adjust', 0.5, 10) ?? '', /whole number/);
});

test('accounts are keyed by the trimmed lower-case e-mail', () => {
  assert.equal(normaliseEmail('  Ada@Example.COM '), 'ada@example.com');
});
