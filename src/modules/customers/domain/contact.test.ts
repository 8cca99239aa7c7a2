import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preparePatch } from './changes.js';
import { contactOfOrder, matchKeyOf, normaliseEmail, normalisePhone } from './contact.js';
import { ERASED, redactAddress, redactJson } from './redact.js';

test('customers: e-mails are trimmed and lower-cased only (gmail dots and +tags stay)', () => {
  assert.equal(normaliseEmail('  Ada.Lovelace+shop@Gmail.test '), 'ada.lovelace+shop@gmail.test');
  assert.notEqual(normaliseEmail('a.b@gmail.test'), normaliseEmail('ab@gmail.test'), 'not over-normalised');
});

test('customers: phones in E.164 when readable, with the address’s country for national numbers', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['+49 30 901820', undefined, '+4930901820'],
    ['0049 30 901820', undefined, '+4930901820'],
    ['030 901820', 'DE', '+4930901820'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['(415) 555-2671', undefined, undefined],
    ['12', 'US', undefined],
    ['call me', 'US', undefined],
  ];
  for (const [raw, country, expected] of cases) assert.equal(normalisePhone(raw, country), expected, `${raw} in ${country ?? 'no country'}`);
});

test('customers: the match key is the e-mail, else the phone; an order with neither has none', () => {
  assert.deepEqual(contactOfOrder({ email: ' A@B.test ', phone: '+1 415 555 2671', name: ' Ada ' }, null), { email: 'a@b.test', phone: '+14155552671', name: 'Ada' });
  assert.equal(matchKeyOf(contactOfOrder({ email: 'a@b.test', phone: '+14155552671' }, null)), 'e:a@b.test');
  assert.equal(matchKeyOf(contactOfOrder({ name: 'Ada' }, { phone: '030 901820', country: 'DE' })), 'p:+4930901820', 'the shipping address’s phone');
  assert.equal(matchKeyOf(contactOfOrder({ name: 'Ada', phone: 'n/a' }, null)), undefined);
  assert.equal(matchKeyOf(contactOfOrder(null, null)), undefined);
});

test('customers: a patch is refused field by field (phone, tag length, tag count); tags are trimmed and de-duplicated', () => {
  assert.deepEqual(preparePatch({ tags: [' vip', 'vip ', 'b2b', ''] }), { changes: { tags: ['vip', 'b2b'] }, errors: [] });
  assert.deepEqual(preparePatch({ phone: '+33 1 42 68 53 00', note: '  ' }), { changes: { phone: '+33142685300', note: null }, errors: [] });
  assert.deepEqual(preparePatch({ phone: '42' }).errors.map((e) => e.field), ['phone']);
  assert.deepEqual(preparePatch({ tags: ['ok', 'x'.repeat(41)] }).errors.map((e) => e.field), ['tags[1]']);
  assert.deepEqual(preparePatch({ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }).errors.map((e) => e.field), ['tags']);
});

test('customers: erasure replaces personal keys and values anywhere, keeps ids, money and other text', () => {
  const data = { order_id: 'ord_1', total: 1500, customer: { email: 'ada@b.test', name: 'Ada L' }, note: 'write to ADA@b.test', reason: 'planned', tags: ['Ada L', 'vip'] };
  assert.deepEqual(redactJson(data, ['ada@b.test', 'ada l']), { order_id: 'ord_1', total: 1500, customer: { email: ERASED, name: ERASED }, note: ERASED, reason: 'planned', tags: [ERASED, 'vip'] });
  assert.equal(redactJson('planned', ['ann']), 'planned', 'a name is not searched inside words');
  assert.deepEqual(redactAddress({ name: 'Ada', line1: '1 Way', city: 'X', country: 'GB' }), { country: 'GB', erased: true });
  assert.equal(redactAddress(null), null);
});
