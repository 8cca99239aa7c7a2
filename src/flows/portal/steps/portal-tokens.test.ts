import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkOrderLink, checkSession, csrfMatches, csrfToken, signOrderLink, signSession } from './portal-tokens.js';

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);
const T = 'ten_01jabcdefghjkmnpqrstvwxyz0';
const O = 'ord_01jabcdefghjkmnpqrstvwxyz0';
const O2 = 'ord_01jabcdefghjkmnpqrstvwxyz1';
const now = new Date('2026-12-01T10:00:00Z');
const week = new Date(now.getTime() + 7 * 86_400_000);

test('a magic link opens its order until it expires, then says expired (not invalid)', () => {
  const token = signOrderLink(key, T, O, week);
  assert.deepEqual(checkOrderLink(key, T, token, now), { ok: true, value: { orderId: O, expiresAt: week } });
  assert.deepEqual(checkOrderLink(key, T, token, new Date(week.getTime() - 1000)).ok, true, 'a second before the end');
  assert.deepEqual(checkOrderLink(key, T, token, week), { ok: false, reason: 'expired' });
});

test('every change to a link makes it invalid: signature, order, expiry, tenant, key, shape', () => {
  const token = signOrderLink(key, T, O, week);
  const [order, exp, sig] = token.split('.') as [string, string, string];
  const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
  const cases: [string, string, Buffer, string][] = [
    ['signature', `${order}.${exp}.${flipped}`, key, T],
    ['order', `${O2}.${exp}.${sig}`, key, T],
    ['expiry pushed later', `${order}.${(parseInt(exp, 36) + 3600).toString(36)}.${sig}`, key, T],
    ['another tenant', token, key, 'ten_01jabcdefghjkmnpqrstvwxyz9'],
    ['another key', token, otherKey, T],
    ['extra part', `${token}.x`, key, T],
    ['no signature', `${order}.${exp}`, key, T],
    ['empty', '', key, T],
    ['not an order id', `ord_X.${exp}.${sig}`, key, T],
  ];
  for (const [what, value, k, tenant] of cases) assert.deepEqual(checkOrderLink(k, tenant, value, now), { ok: false, reason: 'invalid' }, what);
  // An expired link that was also tampered with is invalid: the signature is checked first.
  assert.deepEqual(checkOrderLink(key, T, `${order}.${(parseInt(exp, 36) - 30 * 86_400).toString(36)}.${sig}`, now), { ok: false, reason: 'invalid' });
});

test('a session names its order (or none), expires, and cannot be moved to another order or tenant', () => {
  const s = { orderId: O, expiresAt: new Date(now.getTime() + 1_800_000), nonce: 'n'.repeat(24) };
  const value = signSession(key, T, s);
  assert.deepEqual(checkSession(key, T, value, now), { ok: true, value: s });
  assert.deepEqual(checkSession(key, T, value, new Date(now.getTime() + 1_800_000)), { ok: false, reason: 'expired' });
  assert.deepEqual(checkSession(key, T, value.replace(O, O2), now), { ok: false, reason: 'invalid' });
  assert.deepEqual(checkSession(key, 'ten_other', value, now), { ok: false, reason: 'invalid' });
  const anonymous = signSession(key, T, { ...s, orderId: null });
  assert.ok(anonymous.startsWith('-.'), `an anonymous session names no order: ${anonymous}`);
  assert.deepEqual(checkSession(key, T, anonymous, now), { ok: true, value: { ...s, orderId: null } });
  assert.deepEqual(checkSession(key, T, anonymous.replace('-.', `${O}.`), now), { ok: false, reason: 'invalid' }, 'an anonymous session cannot be given an order');
});

test('a CSRF token is good only with the session value it was made for', () => {
  const a = signSession(key, T, { orderId: O, expiresAt: week, nonce: 'a'.repeat(24) });
  const b = signSession(key, T, { orderId: O, expiresAt: week, nonce: 'b'.repeat(24) });
  const token = csrfToken(key, a);
  assert.equal(csrfMatches(key, a, token), true);
  assert.equal(csrfMatches(key, b, token), false, 'another session of the same order');
  assert.equal(csrfMatches(otherKey, a, token), false);
  assert.equal(csrfMatches(key, a, ''), false);
  assert.equal(csrfMatches(key, a, token.slice(0, -1)), false);
});
