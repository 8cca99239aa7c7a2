import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { ageSeconds, isCaseKind, mergeDetails } from './cases.js';
import { hashToken, readToken, signToken } from './verification-token.js';

const key = randomBytes(32);
const linkId = 'vfl_01jabcdefghjkmnpqrstvwxyz0';
const expiresAt = new Date('2026-12-04T10:00:00Z');

test('a token reads back as signed, and only with its key', () => {
  const token = signToken(key, { linkId, expiresAt });
  assert.ok(token.length <= 90, `short enough for a path segment: ${token.length}`);
  assert.deepEqual(readToken(key, token), { linkId, expiresAt });
  assert.equal(readToken(randomBytes(32), token), 'tampered', 'another installation’s key');
});

test('a changed link id, expiry or signature is tampered; garbage is malformed', () => {
  const [id, expiry, signature] = signToken(key, { linkId, expiresAt }).split('.') as [string, string, string];
  assert.equal(readToken(key, `vfl_00000000000000000000000000.${expiry}.${signature}`), 'tampered');
  assert.equal(readToken(key, `${id}.${(parseInt(expiry, 36) + 1).toString(36)}.${signature}`), 'tampered', 'a later expiry');
  assert.equal(readToken(key, `${id}.${expiry}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`), 'tampered');
  for (const bad of ['', 'abc', `${id}.${expiry}`, `${id}.${expiry}.${signature}.x`, `ord_01jabcdefghjkmnpqrstvwxyz0.${expiry}.${signature}`]) assert.equal(readToken(key, bad), 'malformed', bad);
  assert.notEqual(hashToken('a'), hashToken('b'));
});

test('only review hold types open cases', () => {
  assert.deepEqual(['fraud_review', 'address_review', 'verification', 'manual', 'payment', 'routing', 'inventory'].filter(isCaseKind), ['fraud_review', 'address_review', 'verification']);
});

test('age is whole seconds, never negative; later details add rules and sentences once and replace the score', () => {
  assert.equal(ageSeconds(new Date('2026-12-01T10:00:00Z'), new Date('2026-12-01T11:00:00.900Z')), 3600);
  assert.equal(ageSeconds(new Date('2026-12-01T10:00:00Z'), new Date('2026-12-01T09:00:00Z')), 0);
  const merged = mergeDetails({ score: 40, rules: ['a'], sentences: ['one'], details: { v: 1 } }, { score: 80, rules: ['a', 'b'], sentences: ['two'], details: { w: 2 } });
  assert.deepEqual(merged, { score: 80, rules: ['a', 'b'], sentences: ['one', 'two'], details: { v: 1, w: 2 } });
  assert.equal(mergeDetails({ score: 40, rules: [], sentences: [], details: null }, {}).score, 40, 'no score given keeps the score');
});
