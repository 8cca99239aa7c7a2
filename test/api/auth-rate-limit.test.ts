import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_AUTH_FAILURE_LIMITS } from '../../src/platform/http/auth-failures.js';
import { buildTestApp, ROOT_ADMIN_KEY, type TestApp } from '../support/app.js';

/** Failed authentications are limited per client address (src/platform/http/auth-failures.ts). */
const LIMIT = DEFAULT_AUTH_FAILURE_LIMITS.maxFailures;
const METRICS_TOKEN = 'oms_metrics_token_rate_limit_tests_0123456789';
let t: TestApp;

before(async () => {
  t = await buildTestApp({ secrets: { OMS_METRICS_TOKEN: METRICS_TOKEN } });
});
after(() => t.close());

const guess = (i: number) => `oms_${'g'.repeat(30)}${String(i).padStart(6, '0')}`;
function get(url: string, key: string, from: string) {
  return t.app.inject({ method: 'GET', url, remoteAddress: from, headers: { authorization: `Bearer ${key}` } });
}

describe('authentication failures are limited per client address', () => {
  test(`after ${LIMIT} unknown keys an address is refused (429, Retry-After), even with a valid key; other addresses keep working`, async () => {
    const attacker = '203.0.113.7';
    for (let i = 0; i < LIMIT; i++) {
      const res = await get('/v1/orders', guess(i), attacker);
      assert.equal(res.statusCode, 401, `guess ${i}: ${res.body}`);
    }
    const refused = await get('/v1/orders', guess(LIMIT), attacker);
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json().code, 'AUTH_RATE_LIMITED');
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= DEFAULT_AUTH_FAILURE_LIMITS.windowMs / 1000, `Retry-After: ${String(refused.headers['retry-after'])}`);
    // Refused before the key is looked at: a right guess from there learns nothing either.
    assert.equal((await get('/v1/orders', ROOT_ADMIN_KEY, attacker)).statusCode, 429);
    // The attacker cannot lock the key out for its owner elsewhere.
    assert.equal((await get('/v1/orders', ROOT_ADMIN_KEY, '198.51.100.9')).statusCode, 200);
    // Public routes need no key, so they are not refused.
    assert.equal((await t.app.inject({ method: 'GET', url: '/health', remoteAddress: attacker })).statusCode, 200);
  });

  test('successes are not counted and do not reset the count', async () => {
    const client = '192.0.2.44';
    for (let i = 0; i < 50; i++) assert.equal((await get('/v1/orders', ROOT_ADMIN_KEY, client)).statusCode, 200);
    for (let i = 0; i < LIMIT - 1; i++) assert.equal((await get('/v1/orders', guess(i), client)).statusCode, 401);
    assert.equal((await get('/v1/orders', ROOT_ADMIN_KEY, client)).statusCode, 200, `${LIMIT - 1} failures: still served`);
    assert.equal((await get('/v1/orders', guess(99), client)).statusCode, 401);
    assert.equal((await get('/v1/orders', ROOT_ADMIN_KEY, client)).statusCode, 429, 'the success between did not wipe the failures');
  });

  test('a request without a key or with a malformed header is no guess and is not counted', async () => {
    const client = '192.0.2.45';
    for (let i = 0; i < LIMIT * 2; i++) {
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/orders', remoteAddress: client })).statusCode, 401);
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/orders', remoteAddress: client, headers: { authorization: 'Basic abc' } })).statusCode, 401);
    }
    assert.equal((await get('/v1/orders', ROOT_ADMIN_KEY, client)).statusCode, 200);
  });

  test('wrong metrics tokens count too: /metrics and the API are refused to that address', async () => {
    const scraper = '192.0.2.46';
    for (let i = 0; i < LIMIT; i++) assert.equal((await get('/metrics', guess(i), scraper)).statusCode, 401);
    const refused = await get('/metrics', METRICS_TOKEN, scraper);
    assert.equal(refused.statusCode, 429, refused.body);
    assert.ok(Number(refused.headers['retry-after']) > 0, `Retry-After: ${String(refused.headers['retry-after'])}`);
    assert.equal((await get('/v1/orders', ROOT_ADMIN_KEY, scraper)).statusCode, 429);
    assert.equal((await get('/metrics', METRICS_TOKEN, '192.0.2.47')).statusCode, 200, 'the right scraper elsewhere still reads them');
  });

  test('IPv6 clients count per /64: hopping addresses inside one does not reset the count', async () => {
    for (let i = 0; i < LIMIT; i++) assert.equal((await get('/v1/orders', guess(i), `2001:db8:7:7::${(i + 1).toString(16)}`)).statusCode, 401);
    assert.equal((await get('/v1/orders', ROOT_ADMIN_KEY, '2001:db8:7:7:ffff::1')).statusCode, 429);
    assert.equal((await get('/v1/orders', ROOT_ADMIN_KEY, '2001:db8:7:8::1')).statusCode, 200);
  });

  test('without OMS_TRUST_PROXY a forged X-Forwarded-For does not make a new client', async () => {
    const attacker = '203.0.113.8';
    for (let i = 0; i < LIMIT; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/v1/orders', remoteAddress: attacker, headers: { authorization: `Bearer ${guess(i)}`, 'x-forwarded-for': `198.51.100.${i}` } });
      assert.equal(res.statusCode, 401, res.body);
    }
    const refused = await t.app.inject({ method: 'GET', url: '/v1/orders', remoteAddress: attacker, headers: { authorization: `Bearer ${ROOT_ADMIN_KEY}`, 'x-forwarded-for': '198.51.100.200' } });
    assert.equal(refused.statusCode, 429, refused.body);
  });
});
