import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { expectRefusedWithoutWrites, type BadRequestCase } from '../support/bad-input.js';
import { createLocation } from '../support/factories.js';

/** Bad input to /v1/users, /v1/session and /v1/password-resets: a 4xx problem naming the field, nothing written. */
let t: TestApp;
let userId: string;

before(async () => {
  t = await buildTestApp();
  await createLocation(t, 'BI-WH');
  const res = await t.call('POST', '/v1/users', { email: 'taken@staff.test', name: 'Taken', role: 'admin', password: 'correct horse battery staple' });
  assert.equal(res.statusCode, 201, res.body);
  userId = res.json().id;
});
after(() => t.close());

function suite(title: string, defaults: { method: 'POST' | 'PATCH'; url: string }, cases: BadRequestCase[]) {
  describe(title, () => {
    for (const c of cases) test(c.name, () => expectRefusedWithoutWrites(t, c, defaults));
  });
}

const user = (overrides: Record<string, unknown>) => ({ email: 'new@staff.test', name: 'New', role: 'viewer', ...overrides });
suite('POST /v1/users', { method: 'POST', url: '/v1/users' }, [
  { name: 'not an e-mail', body: user({ email: 'not-an-email' }), status: 400, code: 'REQUEST_INVALID', field: 'email' },
  { name: 'unknown role', body: user({ role: 'owner' }), status: 400, code: 'REQUEST_INVALID', field: 'role' },
  { name: 'role channel (keys only)', body: user({ role: 'channel' }), status: 400, code: 'REQUEST_INVALID', field: 'role' },
  { name: 'unknown field', body: user({ is_admin: true }), status: 400, code: 'REQUEST_INVALID', field: 'is_admin', only: true },
  { name: 'password of 11 characters', body: user({ password: 'elevenchars' }), status: 422, code: 'PASSWORD_TOO_WEAK', field: 'password' },
  { name: 'password of 201 characters', body: user({ password: 'p'.repeat(201) }), status: 400, code: 'REQUEST_INVALID', field: 'password' },
  { name: 'the e-mail as password', body: user({ password: 'New@Staff.test' }), status: 422, code: 'PASSWORD_TOO_WEAK', field: 'password' },
  { name: 'a taken e-mail in other case', body: user({ email: 'TAKEN@staff.test' }), status: 409, code: 'USER_EMAIL_TAKEN', field: 'email' },
  { name: 'location role without location', body: user({ role: 'location' }), status: 422, code: 'USER_LOCATION_INVALID', field: 'location' },
  { name: 'location given to a viewer', body: user({ location: 'BI-WH' }), status: 422, code: 'USER_LOCATION_INVALID', field: 'location' },
  { name: 'unknown location', body: user({ role: 'location', location: 'NOPE' }), status: 422, code: 'LOCATION_UNKNOWN', field: 'location' },
]);

suite('PATCH /v1/users/{id}', { method: 'PATCH', url: '/v1/users/x' }, [
  { name: 'malformed id', body: { name: 'x' }, status: 400, code: 'REQUEST_INVALID', field: 'params.id' },
]);
describe('PATCH /v1/users/{id} (an existing user)', () => {
  test('an empty patch', () => expectRefusedWithoutWrites(t, { name: 'empty', body: {}, status: 400, code: 'REQUEST_INVALID' }, { method: 'PATCH', url: `/v1/users/${userId}` }));
  test('the last admin demoted', () => expectRefusedWithoutWrites(t, { name: 'demote', body: { role: 'viewer' }, status: 409, code: 'USER_LAST_ADMIN', field: 'role' }, { method: 'PATCH', url: `/v1/users/${userId}` }));
});

suite('POST /v1/session', { method: 'POST', url: '/v1/session' }, [
  { name: 'no password', body: { email: 'taken@staff.test' }, status: 400, code: 'REQUEST_INVALID', field: 'password' },
  { name: 'password of 201 characters', body: { email: 'taken@staff.test', password: 'p'.repeat(201) }, status: 400, code: 'REQUEST_INVALID', field: 'password' },
]);

suite('POST /v1/password-resets/confirm', { method: 'POST', url: '/v1/password-resets/confirm' }, [
  { name: 'unknown token', body: { token: 'nope', password: 'a long enough password' }, status: 422, code: 'PASSWORD_RESET_INVALID', field: 'token' },
  { name: 'short password', body: { token: 'nope', password: 'short' }, status: 422, code: 'PASSWORD_TOO_WEAK', field: 'password' },
]);
