import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';

/**
 * `oms serve` serves the console's build at / (src/apps/api/web-console.ts): only the files it
 * found at start-up, with security headers, index.html for the console's own paths, and the API's
 * answers (404 problems, auth) unchanged. A small build of our own stands in for web/dist.
 */
const html = '<!doctype html><html><head><script type="module" src="/assets/app-Ab12Cd.js"></script></head><body><div id="root"></div></body></html>';
const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;
let dist: string;
let t: TestApp;

const page = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...headers } });

before(async () => {
  dist = mkdtempSync(join(tmpdir(), 'oms-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), html);
  writeFileSync(join(dist, 'assets', 'app-Ab12Cd.js'), script);
  writeFileSync(join(dist, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
  writeFileSync(join(tmpdir(), 'oms-web-outside.txt'), 'outside the build');
  symlinkSync(join(tmpdir(), 'oms-web-outside.txt'), join(dist, 'assets', 'linked.txt'));
  t = await buildTestApp({ webConsoleDir: dist });
});

after(async () => {
  await t?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the console build', () => {
  test('/ is index.html, never cached, with the security headers', async () => {
    const res = await page('/');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.body, html);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    const csp = String(res.headers['content-security-policy']);
    for (const directive of ["default-src 'self'", "script-src 'self';", "frame-ancestors 'none'", "base-uri 'none'", "connect-src 'self'", "form-action 'self'"]) {
      assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`);
    }
    assert.doesNotMatch(csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '', /unsafe/, 'no unsafe-inline or unsafe-eval for scripts');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'same-origin');
  });

  test('a hashed asset is cached for a year as immutable, and gzipped for a client that takes it', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/assets/app-Ab12Cd.js' });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.body, script);
    assert.match(String(plain.headers['content-type']), /^text\/javascript/);
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(plain.headers['x-content-type-options'], 'nosniff');
    const zipped = await t.app.inject({ method: 'GET', url: '/assets/app-Ab12Cd.js', headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.ok(zipped.rawPayload.length < script.length / 4, `compressed: ${zipped.rawPayload.length} bytes`);
    assert.equal(gunzipSync(zipped.rawPayload).toString(), script);
  });

  test('a file at the root of the build is served under its name', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/robots.txt' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, 'User-agent: *\nDisallow: /\n');
  });

  test('nothing outside the build: unknown assets, climbing paths and symbolic links are 404 problems', async () => {
    for (const url of ['/assets/nope.js', '/assets/../../../etc/passwd', '/assets/%2e%2e/%2e%2e/etc/passwd', '/assets/linked.txt', '/assets/..%2findex.html']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /problem\+json/, url);
      assert.ok(!res.body.includes('outside the build') && !res.body.includes('root:'), url);
    }
  });

  test('a page of the console (deep link, reload) is index.html; the same path asked as JSON is a 404', async () => {
    const deep = await page('/orders/ord_00000000000000000000000000?tab=timeline');
    assert.equal(deep.statusCode, 200);
    assert.equal(deep.body, html);
    assert.equal(deep.headers['cache-control'], 'no-cache');
    const json = await t.app.inject({ method: 'GET', url: '/orders/ord_00000000000000000000000000', headers: { accept: 'application/json' } });
    assert.equal(json.statusCode, 404);
    assert.equal(json.json().code, 'ROUTE_NOT_FOUND');
    const post = await t.app.inject({ method: 'POST', url: '/orders', headers: { accept: 'text/html' }, payload: '' });
    assert.equal(post.statusCode, 404, 'only GET and HEAD fall back to the page');
  });

  test('the API keeps its own answers: unknown /v1 routes are 404 problems unread, routes still need a key', async () => {
    for (const url of ['/v1/nope', '/v1', '/docs/nope', '/health/x', '/metrics/x', '/openapi.json/x']) {
      const res = await page(url);
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /problem\+json/, url);
    }
    const withBody = await t.app.inject({ method: 'POST', url: '/v1/nope', headers: { 'content-type': 'application/json', accept: 'text/html' }, payload: JSON.stringify({ a: 1 }) });
    assert.equal(withBody.statusCode, 404);
    assert.equal(withBody.headers.connection, 'close', 'a body left unread closes the connection');
    const orders = await t.call('GET', '/v1/orders', undefined, { key: null, headers: { accept: 'text/html' } });
    assert.equal(orders.statusCode, 401, orders.body);
    assert.equal((await t.app.inject({ method: 'GET', url: '/health' })).json().status, 'ok');
  });
});

describe('without a build', () => {
  let bare: TestApp;
  before(async () => {
    bare = await buildTestApp({ webConsoleDir: join(tmpdir(), 'oms-web-never-built') });
  });
  after(async () => {
    await bare?.close();
  });

  test('/ says how to build the console; the API is unchanged', async () => {
    const res = await bare.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /npm run build/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    const asset = await bare.app.inject({ method: 'GET', url: '/assets/app.js' });
    assert.equal(asset.statusCode, 404);
    assert.equal((await bare.call('GET', '/v1/orders')).statusCode, 200);
  });
});
