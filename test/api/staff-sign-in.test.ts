import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { issuePasswordReset } from '../../src/modules/tenancy/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiKey, createLocation, createTenant, placeOrder, signedInUser, signIn, STAFF_PASSWORD, stockedProduct, uniqueCode } from '../support/factories.js';

type Reply = Awaited<ReturnType<TestApp['call']>>;

let t: TestApp;
/** The app's clock: tests move it forward to reach idle and absolute session ends. */
let nowMs = Date.parse('2026-12-10T09:00:00Z');
const HOUR = 3_600_000;

before(async () => {
  t = await buildTestApp({ clock: () => new Date(nowMs), config: { trustProxy: true } });
});
after(() => t.close());

function problem(res: Reply, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.json().code, code, res.body);
}

/** A request from a given client address (trustProxy: X-Forwarded-For names it). */
const from = (ip: string, body: unknown) => t.call('POST', '/v1/session', body, { key: null, headers: { 'x-forwarded-for': ip } });

describe('signing in and out', () => {
  test('sign in answers the user, the CSRF token and the end; the cookie is HttpOnly, SameSite=Lax, Path=/ and not Secure over http', async () => {
    const email = `${uniqueCode('in').toLowerCase()}@staff.test`;
    const created = await t.call('POST', '/v1/users', { email: email.toUpperCase(), name: 'Ines', role: 'operator', password: STAFF_PASSWORD });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().email, email, 'e-mails are kept lower-cased');
    assert.equal(created.json().has_password, true);
    assert.equal('password_hash' in created.json(), false);
    const res = await t.call('POST', '/v1/session', { email: ` ${email.toUpperCase()} `, password: STAFF_PASSWORD }, { key: null });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(body.user, { id: created.json().id, email, name: 'Ines', role: 'operator', tenant_id: t.tenantId, location_id: null });
    assert.match(body.csrf_token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(body.expires_at, new Date(nowMs + 12 * HOUR).toISOString(), 'the idle end comes first');
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^oms_session=[A-Za-z0-9_-]{43}; /);
    for (const attribute of ['HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${7 * 24 * 3600}`]) assert.ok(cookie.split('; ').includes(attribute), `${attribute} in ${cookie}`);
    assert.ok(!cookie.includes('Secure'), `no Secure over http: ${cookie}`);

    const session = await t.call('GET', '/v1/session', undefined, { key: null, headers: { cookie: cookie.split(';')[0] as string } });
    assert.equal(session.statusCode, 200, session.body);
    assert.deepEqual(session.json().user, body.user);
    assert.equal(session.json().csrf_token, body.csrf_token);
  });

  test('the cookie is Secure when the request came over https through a trusted proxy', async () => {
    const { email } = await signedInUser(t, 'viewer');
    const res = await t.call('POST', '/v1/session', { email, password: STAFF_PASSWORD }, { key: null, headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(String(res.headers['set-cookie']).split('; ').includes('Secure'), String(res.headers['set-cookie']));
  });

  test('sign out ends the session at once and clears the cookie', async () => {
    const user = await signedInUser(t, 'viewer');
    assert.equal((await user.call('GET', '/v1/orders')).statusCode, 200);
    const out = await user.call('DELETE', '/v1/session');
    assert.equal(out.statusCode, 204, out.body);
    assert.match(String(out.headers['set-cookie']), /^oms_session=; .*Max-Age=0/);
    problem(await user.call('GET', '/v1/orders'), 401, 'AUTH_MISSING');
    problem(await user.call('GET', '/v1/session'), 401, 'AUTH_MISSING');
  });

  test('a wrong password and an unknown e-mail get the same answer', async () => {
    const { email } = await signedInUser(t, 'viewer');
    const wrong = await from('198.51.100.1', { email, password: 'not the password at all' });
    const unknown = await from('198.51.100.1', { email: `nobody-${uniqueCode()}@staff.test`, password: 'not the password at all' });
    problem(wrong, 401, 'AUTH_CREDENTIALS_INVALID');
    const strip = (r: Reply) => ({ ...r.json(), instance: undefined });
    assert.deepEqual(strip(unknown), strip(wrong));
    assert.equal(unknown.statusCode, wrong.statusCode);
    assert.equal(wrong.headers['set-cookie'], undefined);
  });

  test('GET /v1/session and DELETE /v1/session need the cookie: an API key has no session', async () => {
    problem(await t.call('GET', '/v1/session'), 401, 'AUTH_MISSING');
    problem(await t.call('GET', '/v1/session', undefined, { key: null }), 401, 'AUTH_MISSING');
    problem(await t.call('GET', '/v1/session', undefined, { key: null, headers: { cookie: 'oms_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } }), 401, 'AUTH_MISSING');
  });
});

describe('CSRF', () => {
  test('a signed-in write without the token, or with a wrong one, is refused and changes nothing; with it, it is done', async () => {
    const user = await signedInUser(t, 'operator');
    const code = uniqueCode('CSRF');
    const body = { code, name: 'CSRF test', type: 'warehouse', priority: 1 };
    problem(await user.call('POST', '/v1/locations', body, { csrf: null }), 403, 'CSRF_TOKEN_INVALID');
    problem(await user.call('POST', '/v1/locations', body, { csrf: `${user.csrf.slice(0, -1)}x` }), 403, 'CSRF_TOKEN_INVALID');
    problem(await user.call('POST', '/v1/locations', body, { csrf: 'short' }), 403, 'CSRF_TOKEN_INVALID');
    assert.equal((await t.call('GET', `/v1/locations/${code}`)).statusCode, 404, 'nothing was created');
    assert.equal((await user.call('GET', '/v1/orders', undefined, { csrf: null })).statusCode, 200, 'reads need no token');
    assert.equal((await user.call('POST', '/v1/locations', body)).statusCode, 201);
  });

  test('a request with a Bearer key needs no CSRF token, even beside a session cookie', async () => {
    const user = await signedInUser(t, 'viewer');
    const res = await t.call('POST', '/v1/locations', { code: uniqueCode('BEARER'), name: 'Bearer', type: 'warehouse', priority: 1 }, { headers: { cookie: user.cookie } });
    assert.equal(res.statusCode, 201, `the admin key decides, not the viewer's cookie: ${res.body}`);
  });
});

describe('session expiry', () => {
  test('a session ends after 12 hours without a request', async () => {
    const user = await signedInUser(t, 'viewer');
    nowMs += 11 * HOUR;
    assert.equal((await user.call('GET', '/v1/orders')).statusCode, 200, 'used within 12 h: extended');
    nowMs += 11 * HOUR;
    assert.equal((await user.call('GET', '/v1/orders')).statusCode, 200, '22 h after sign-in, 11 h idle');
    nowMs += 12 * HOUR + 60_000;
    const res = await user.call('GET', '/v1/orders');
    problem(res, 401, 'AUTH_MISSING');
    assert.match(String(res.headers['set-cookie']), /Max-Age=0/, 'the dead cookie is cleared');
  });

  test('a session ends 7 days after sign-in however busy', async () => {
    const user = await signedInUser(t, 'viewer');
    const start = nowMs;
    while (nowMs + 10 * HOUR < start + 7 * 24 * HOUR) {
      nowMs += 10 * HOUR;
      assert.equal((await user.call('GET', '/v1/session')).statusCode, 200, `alive at ${(nowMs - start) / HOUR} h`);
    }
    nowMs = start + 7 * 24 * HOUR;
    problem(await user.call('GET', '/v1/session'), 401, 'AUTH_MISSING');
  });
});

describe('sign-in rate limiting', () => {
  test('10 failures for one e-mail from one address: 429 with Retry-After, even with the right password; another address still signs in', async () => {
    const { email } = await signedInUser(t, 'viewer');
    for (let i = 0; i < 10; i++) problem(await from('203.0.113.7', { email, password: `wrong password ${i}` }), 401, 'AUTH_CREDENTIALS_INVALID');
    const limited = await from('203.0.113.7', { email, password: STAFF_PASSWORD });
    problem(limited, 429, 'AUTH_RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) > 800, `Retry-After ${limited.headers['retry-after']}`);
    assert.equal((await from('203.0.113.8', { email, password: STAFF_PASSWORD })).statusCode, 200, 'another address is not locked out');
  });

  test('100 failures from one address, over many e-mails: the address is refused', async () => {
    for (let i = 0; i < 100; i++) problem(await from('203.0.113.99', { email: `spray-${i}@staff.test`, password: 'not it at all' }), 401, 'AUTH_CREDENTIALS_INVALID');
    const { email } = await signedInUser(t, 'viewer');
    problem(await from('203.0.113.99', { email, password: STAFF_PASSWORD }), 429, 'AUTH_RATE_LIMITED');
  });
});

describe('users have the permissions of keys of their role', () => {
  test('a viewer reads but may not write (403)', async () => {
    const viewer = await signedInUser(t, 'viewer');
    assert.equal((await viewer.call('GET', '/v1/locations')).statusCode, 200);
    problem(await viewer.call('POST', '/v1/locations', { code: uniqueCode('V'), name: 'V', type: 'warehouse', priority: 1 }), 403, 'AUTH_FORBIDDEN');
    problem(await viewer.call('GET', '/v1/users'), 403, 'AUTH_FORBIDDEN');
  });

  test('only admins manage users', async () => {
    const operator = await signedInUser(t, 'operator');
    problem(await operator.call('POST', '/v1/users', { email: `x-${uniqueCode()}@staff.test`, name: 'X', role: 'viewer' }), 403, 'AUTH_FORBIDDEN');
    const admin = await signedInUser(t, 'admin');
    const made = await admin.call('POST', '/v1/users', { email: `y-${uniqueCode()}@staff.test`, name: 'Y', role: 'viewer' });
    assert.equal(made.statusCode, 201, made.body);
    assert.equal(made.json().has_password, false);
  });

  test('a location user sees only its location’s fulfillment orders', async () => {
    const [mine, theirs] = [uniqueCode('LU'), uniqueCode('LU')];
    await createLocation(t, mine, { priority: 1 });
    await createLocation(t, theirs, { priority: 2 });
    const skuMine = await stockedProduct(t, { [mine]: 5 });
    const skuTheirs = await stockedProduct(t, { [theirs]: 5 });
    await placeOrder(t, [{ sku: skuMine, quantity: 1 }]);
    await placeOrder(t, [{ sku: skuTheirs, quantity: 1 }]);
    const locationId = (await t.call('GET', `/v1/locations/${mine}`)).json().id as string;
    problem(await t.call('POST', '/v1/users', { email: `nol-${uniqueCode()}@staff.test`, name: 'No location', role: 'location' }), 422, 'USER_LOCATION_INVALID');
    const staff = await signedInUser(t, 'location', { location: mine });
    const session = (await staff.call('GET', '/v1/session')).json();
    assert.equal(session.user.location_id, locationId);
    const seen = (await staff.call('GET', '/v1/fulfillment-orders?limit=500')).json().data as { location: string }[];
    assert.ok(seen.length > 0 && seen.every((f) => f.location === mine), JSON.stringify(seen));
    problem(await staff.call('GET', '/v1/orders'), 403, 'AUTH_FORBIDDEN');
  });
});

describe('administering users', () => {
  test('a disabled user is refused at once, and cannot sign in again', async () => {
    const user = await signedInUser(t, 'operator');
    assert.equal((await user.call('GET', '/v1/orders')).statusCode, 200);
    const off = await t.call('DELETE', `/v1/users/${user.id}`);
    assert.equal(off.statusCode, 204, off.body);
    problem(await user.call('GET', '/v1/orders'), 401, 'AUTH_MISSING');
    problem(await t.call('POST', '/v1/session', { email: user.email, password: STAFF_PASSWORD }, { key: null }), 401, 'AUTH_CREDENTIALS_INVALID');
    assert.ok((await t.call('GET', `/v1/users/${user.id}`)).json().disabled_at, 'the user shows disabled');
    const on = await t.call('PATCH', `/v1/users/${user.id}`, { disabled: false });
    assert.equal(on.json().disabled_at, null);
    await signIn(t, user.email, STAFF_PASSWORD);
  });

  test('e-mails are unique across the installation, whatever their case', async () => {
    const email = `Dup-${uniqueCode()}@Staff.test`;
    assert.equal((await t.call('POST', '/v1/users', { email, name: 'One', role: 'viewer' })).statusCode, 201);
    problem(await t.call('POST', '/v1/users', { email: email.toLowerCase(), name: 'Two', role: 'viewer' }), 409, 'USER_EMAIL_TAKEN');
    const other = await createTenant(t);
    problem(await t.call('POST', '/v1/users', { email: email.toUpperCase(), name: 'Three', role: 'viewer' }, { key: other.key }), 409, 'USER_EMAIL_TAKEN');
  });

  test('weak passwords are refused with the field', async () => {
    const email = `weak-${uniqueCode()}@staff.test`;
    for (const password of ['short pass', email, 'aaaaaaaaaaaaaaaa']) {
      const res = await t.call('POST', '/v1/users', { email, name: 'Weak', role: 'viewer', password });
      problem(res, 422, 'PASSWORD_TOO_WEAK');
      assert.equal(res.json().errors[0].field, 'password');
    }
  });

  test('the last admin of a tenant cannot demote or disable themselves', async () => {
    const tenant = await createTenant(t);
    const key = tenant.key;
    const email = `boss-${uniqueCode()}@staff.test`;
    assert.equal((await t.call('POST', '/v1/users', { email, name: 'Boss', role: 'admin', password: STAFF_PASSWORD }, { key })).statusCode, 201);
    const boss = await signIn(t, email, STAFF_PASSWORD);
    problem(await boss.call('PATCH', `/v1/users/${boss.id}`, { role: 'viewer' }), 409, 'USER_LAST_ADMIN');
    problem(await boss.call('DELETE', `/v1/users/${boss.id}`), 409, 'USER_LAST_ADMIN');
    const second = await boss.call('POST', '/v1/users', { email: `boss2-${uniqueCode()}@staff.test`, name: 'Boss 2', role: 'admin' });
    assert.equal(second.statusCode, 201, second.body);
    const demoted = await boss.call('PATCH', `/v1/users/${boss.id}`, { role: 'viewer' });
    assert.equal(demoted.statusCode, 200, demoted.body);
    problem(await boss.call('GET', '/v1/users'), 403, 'AUTH_FORBIDDEN');
  });

  test('users of another tenant are not found', async () => {
    const user = await signedInUser(t, 'viewer');
    const other = await createTenant(t);
    problem(await t.call('GET', `/v1/users/${user.id}`, undefined, { key: other.key }), 404, 'USER_NOT_FOUND');
    problem(await t.call('PATCH', `/v1/users/${user.id}`, { name: 'x' }, { key: other.key }), 404, 'USER_NOT_FOUND');
  });
});

describe('password reset', () => {
  test('asking always answers 202, known e-mail or not', async () => {
    const user = await signedInUser(t, 'viewer');
    for (const email of [user.email, `nobody-${uniqueCode()}@staff.test`]) {
      const res = await t.call('POST', '/v1/password-resets', { email }, { key: null });
      assert.equal(res.statusCode, 202, res.body);
    }
  });

  test('a link sets the password once, ends every session, and the new password signs in', async () => {
    const user = await signedInUser(t, 'operator');
    const issued = await issuePasswordReset(t.database.db, user.email, undefined, new Date(nowMs));
    assert.ok(issued, 'a link is issued for an active user');
    const next = 'a brand new passphrase for me';
    problem(await t.call('POST', '/v1/password-resets/confirm', { token: issued.token, password: user.email }, { key: null }), 422, 'PASSWORD_TOO_WEAK');
    const done = await t.call('POST', '/v1/password-resets/confirm', { token: issued.token, password: next }, { key: null });
    assert.equal(done.statusCode, 204, done.body);
    problem(await user.call('GET', '/v1/orders'), 401, 'AUTH_MISSING');
    problem(await t.call('POST', '/v1/password-resets/confirm', { token: issued.token, password: 'yet another passphrase' }, { key: null }), 422, 'PASSWORD_RESET_INVALID');
    problem(await t.call('POST', '/v1/session', { email: user.email, password: STAFF_PASSWORD }, { key: null }), 401, 'AUTH_CREDENTIALS_INVALID');
    await signIn(t, user.email, next);
  });

  test('a link expires after an hour, and a newer link voids an older one', async () => {
    const user = await signedInUser(t, 'viewer');
    const old = await issuePasswordReset(t.database.db, user.email, undefined, new Date(nowMs));
    const newer = await issuePasswordReset(t.database.db, user.email, undefined, new Date(nowMs));
    assert.ok(old && newer, 'both links are issued');
    problem(await t.call('POST', '/v1/password-resets/confirm', { token: old.token, password: 'a brand new passphrase' }, { key: null }), 422, 'PASSWORD_RESET_INVALID');
    nowMs += HOUR + 1000;
    problem(await t.call('POST', '/v1/password-resets/confirm', { token: newer.token, password: 'a brand new passphrase' }, { key: null }), 422, 'PASSWORD_RESET_INVALID');
    await signIn(t, user.email, STAFF_PASSWORD);
  });
});

describe('the timeline names the person', () => {
  test('an order placed by a signed-in user has the user as actor and the e-mail as label; a key’s by its name', async () => {
    const loc = uniqueCode('TL');
    await createLocation(t, loc);
    const sku = await stockedProduct(t, { [loc]: 10 });
    const user = await signedInUser(t, 'operator');
    const placed = await user.call('POST', '/v1/orders', { channel: 'web', external_id: uniqueCode('TL-ORDER'), currency: 'USD', placed_at: '2026-11-26T14:03:00Z', customer: { email: 'ada@example.com', name: 'Ada' }, shipping_address: { name: 'Ada', line1: '1 Way', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' }, lines: [{ sku, quantity: 1, unit_price: '10.00' }], shipping: { service_level: 'standard', price: '5.00' } });
    assert.equal(placed.statusCode, 201, placed.body);
    const events = (await t.call('GET', `/v1/orders/${placed.json().id}/events`)).json().data as { actor: string; actor_label: string }[];
    assert.ok(events.length > 0, 'the order has events');
    for (const e of events) assert.deepEqual([e.actor, e.actor_label], [user.id, user.email]);

    const key = await createApiKey(t, 'operator');
    const byKey = await placeOrder(t, [{ sku, quantity: 1 }], {}, key.key);
    const keyEvents = (await t.call('GET', `/v1/orders/${byKey.id}/events`)).json().data as { actor: string; actor_label: string }[];
    assert.deepEqual([keyEvents[0]?.actor, keyEvents[0]?.actor_label], [key.id, key.name]);
  });
});
