// test-files: database server (two browsers submitting the first-run setup together make one admin)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { firstAdminSetupToken } from '../../src/modules/tenancy/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { STAFF_PASSWORD } from '../support/factories.js';

// The first admin made in the browser with the token `oms serve` prints (ADR 0016).
let t: TestApp;
let token: string;
before(async () => {
  t = await buildTestApp();
  token = firstAdminSetupToken(t.config.secretKey as Buffer);
});
after(() => t.close());

const setup = (body: Record<string, unknown>) => t.call('POST', '/v1/setup', { email: 'owner@shop.test', name: 'Owner', password: STAFF_PASSWORD, token, ...body }, { key: null });
const userCount = async () => (await t.call('GET', '/v1/users')).json().data.length as number;

test('a new installation says it needs its first admin', async () => {
  const res = await t.call('GET', '/v1/setup', undefined, { key: null });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { needs_first_admin: true });
});

test('a wrong token or a weak password is refused and makes no user', async () => {
  const wrong = await setup({ token: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` });
  assert.equal(wrong.statusCode, 403, wrong.body);
  assert.equal(wrong.json().code, 'SETUP_TOKEN_INVALID');
  assert.equal(wrong.json().errors[0].field, 'token');
  const weak = await setup({ password: 'short' });
  assert.equal(weak.statusCode, 422, weak.body);
  assert.equal(weak.json().errors[0].field, 'password');
  assert.equal(await userCount(), 0);
});

test('two browsers submitting together make one admin, who is signed in; then setup is closed', async () => {
  const [a, b] = await Promise.all([setup({}), setup({ email: 'other@shop.test' })]);
  const statuses = [a.statusCode, b.statusCode].sort();
  assert.deepEqual(statuses, [201, 409], `${a.body} ${b.body}`);
  const made = a.statusCode === 201 ? a : b;
  assert.equal(made.json().user.role, 'admin');
  assert.equal(made.json().user.tenant_id, t.tenantId, 'the first admin belongs to the root tenant');
  const cookie = String(made.headers['set-cookie']).split(';')[0] as string;
  assert.match(String(made.headers['set-cookie']), /HttpOnly/i);
  const session = await t.call('GET', '/v1/session', undefined, { key: null, headers: { cookie } });
  assert.equal(session.statusCode, 200, session.body);
  assert.equal(session.json().user.id, made.json().user.id);
  assert.equal(await userCount(), 1);

  const again = await setup({ email: 'late@shop.test' });
  assert.equal(again.statusCode, 409, again.body);
  assert.equal(again.json().code, 'SETUP_DONE');
  assert.deepEqual((await t.call('GET', '/v1/setup', undefined, { key: null })).json(), { needs_first_admin: false });
});
