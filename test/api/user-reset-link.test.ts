import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createTenant, signedInUser, signIn, STAFF_PASSWORD, uniqueCode } from '../support/factories.js';

// POST /v1/users/{id}/reset-link: until the installation sends e-mail, an admin gets the link a new
// user (or one who forgot the password) sets a password with, as `oms users reset-link` prints it.

let t: TestApp;
before(async () => {
  t = await buildTestApp({ config: { publicUrl: 'https://oms.shop.test' } });
});
after(() => t.close());

const newUser = async (overrides: Record<string, unknown> = {}) => {
  const res = await t.call('POST', '/v1/users', { email: `${uniqueCode('rl').toLowerCase()}@staff.test`, name: 'Rita', role: 'operator', ...overrides });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; email: string; has_password: boolean };
};

test('an admin gets a one-hour link at the public URL; it sets the password once, and the event names the admin', async () => {
  const admin = await signedInUser(t, 'admin');
  const user = await newUser();
  assert.equal(user.has_password, false, 'created without a password');
  const res = await admin.call('POST', `/v1/users/${user.id}/reset-link`);
  assert.equal(res.statusCode, 201, res.body);
  const { url, expires_at } = res.json() as { url: string; expires_at: string };
  const link = new URL(url);
  assert.equal(`${link.origin}${link.pathname}`, 'https://oms.shop.test/reset-password');
  const token = link.searchParams.get('token') ?? '';
  assert.match(token, /^[A-Za-z0-9_-]{20,}$/);
  const ttl = Date.parse(expires_at) - Date.now();
  assert.ok(ttl > 59 * 60_000 && ttl <= 60 * 60_000, `valid one hour: ${expires_at}`);

  const password = 'a passphrase of my own';
  const done = await t.call('POST', '/v1/password-resets/confirm', { token, password }, { key: null });
  assert.equal(done.statusCode, 204, done.body);
  await signIn(t, user.email, password);
  const again = await t.call('POST', '/v1/password-resets/confirm', { token, password: 'yet another passphrase' }, { key: null });
  assert.equal(again.json().code, 'PASSWORD_RESET_INVALID', 'used once');

  const events = await queryRows<{ actor: string }>(t.database.db, sql`select actor from events where type = 'user.password_reset_issued' and aggregate_id = ${user.id}`);
  assert.deepEqual(events.map((e) => e.actor), [admin.id], 'one link issued, by the admin');
});

test('a newer link voids the earlier one', async () => {
  const user = await newUser();
  const first = (await t.call('POST', `/v1/users/${user.id}/reset-link`)).json() as { url: string };
  const second = await t.call('POST', `/v1/users/${user.id}/reset-link`);
  assert.equal(second.statusCode, 201, second.body);
  const token = new URL(first.url).searchParams.get('token');
  const res = await t.call('POST', '/v1/password-resets/confirm', { token, password: 'a passphrase of my own' }, { key: null });
  assert.equal(res.statusCode, 422, res.body);
  assert.equal(res.json().code, 'PASSWORD_RESET_INVALID');
});

test('refused: a disabled user (409), another tenant’s user (404), a non-admin (403)', async () => {
  const disabled = await newUser();
  assert.equal((await t.call('DELETE', `/v1/users/${disabled.id}`)).statusCode, 204);
  const refused = await t.call('POST', `/v1/users/${disabled.id}/reset-link`);
  assert.equal(refused.statusCode, 409, refused.body);
  assert.equal(refused.json().code, 'USER_DISABLED');

  const other = await createTenant(t);
  const stranger = await t.call('POST', '/v1/users', { email: `${uniqueCode('st').toLowerCase()}@staff.test`, name: 'Stan', role: 'viewer', password: STAFF_PASSWORD }, { key: other.key });
  assert.equal(stranger.statusCode, 201, stranger.body);
  const hidden = await t.call('POST', `/v1/users/${stranger.json().id}/reset-link`);
  assert.equal(hidden.statusCode, 404, hidden.body);
  assert.equal(hidden.json().code, 'USER_NOT_FOUND');

  const operator = await signedInUser(t, 'operator');
  const forbidden = await operator.call('POST', `/v1/users/${(await newUser()).id}/reset-link`);
  assert.equal(forbidden.statusCode, 403, forbidden.body);
});
