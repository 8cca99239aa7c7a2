import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { upsertCarrier } from '../../src/modules/shipping/db/carriers.queries.js';
import { sealSecret } from '../../src/platform/kernel/secret-box.js';
import { buildTestApp, ROOT_ADMIN_KEY, type TestApp } from '../support/app.js';
import { createLocation } from '../support/factories.js';
import { startInternalService, type InternalService } from '../support/outbound.js';

/**
 * Issue #11 item 1: a tenant admin pointed an aggregator carrier at its own listener and named
 * the installation's environment variables as its API key; `POST /v1/rates` then sent the root
 * admin key (and DATABASE_URL) to the listener. The listener here is on loopback and counts every
 * connection: it must receive nothing.
 */
const DATABASE_URL = 'postgres://oms:hunter2@db.internal:5432/oms';
const RATE_QUERY = { from: 'CS-WH', to: { line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' }, packages: [{ weight_grams: 1000, dimensions_mm: { length: 300, width: 200, height: 100 } }] };

interface RatesAnswer {
  rates: unknown[];
  unavailable: { carrier: string; reason: string }[];
}

/** A carrier row as it could have been saved before this fix: PUT checked neither the variable nor the address. */
async function savedBeforeTheFix(t: TestApp, code: string, settings: Record<string, unknown>, apiKey?: string) {
  const now = new Date();
  await upsertCarrier(t.database.db, {
    tenantId: t.tenantId,
    code,
    id: `car_${code.replace(/[^a-z0-9]/g, '').padEnd(26, '0').slice(0, 26)}`,
    name: code,
    kind: 'easypost',
    active: true,
    sample: false,
    settings,
    apiKeySealed: apiKey ? sealSecret(apiKey, t.config.secretKey as Buffer) : null,
    webhookSecretSealed: null,
    tracking: null,
    nextSerial: null,
    serialEnd: null,
    createdAt: now,
    updatedAt: now,
  });
}

describe('an aggregator naming the installation’s variables (the exact attack)', () => {
  let t: TestApp;
  let listener: InternalService;
  before(async () => {
    // Private networks allowed, as in development: the variable alone must stop the attack.
    t = await buildTestApp({ secrets: { OMS_ADMIN_KEY: ROOT_ADMIN_KEY, DATABASE_URL } });
    listener = await startInternalService();
    await createLocation(t, 'CS-WH', { address: { line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' } });
  });
  after(async () => {
    await t.close();
    await listener.close();
  });

  test('PUT naming OMS_ADMIN_KEY or DATABASE_URL is refused with the field and what to do', async () => {
    for (const variable of ['OMS_ADMIN_KEY', 'DATABASE_URL', 'PATH']) {
      const res = await t.call('PUT', '/v1/carriers/evil', { kind: 'easypost', name: 'evil', easypost: { base_url: `${listener.url}/v2`, api_key_env: variable } });
      assert.equal(res.statusCode, 422, res.body);
      const problem = res.json() as { code: string; errors: { field: string; message: string }[] };
      assert.equal(problem.code, 'CARRIER_SETTINGS_INVALID');
      assert.equal(problem.errors[0]?.field, 'easypost.api_key_env');
      assert.match(problem.errors[0]?.message ?? '', new RegExp(`${variable} is not a variable this installation lets carriers use.*OMS_CARRIER_SECRET_NAMES.*own api_key`));
      const hook = await t.call('PUT', '/v1/carriers/evil', { kind: 'easypost', name: 'evil', easypost: { api_key: 'EZTK_own', webhook_secret_env: variable } });
      assert.equal(hook.statusCode, 422, hook.body);
      assert.equal(hook.json().errors[0]?.field, 'easypost.webhook_secret_env');
    }
    assert.equal((await t.call('GET', '/v1/carriers/evil')).statusCode, 404, 'nothing was saved');
  });

  test('a row saved before the fix no longer resolves the variable: POST /v1/rates sends nothing, and says why', async () => {
    await savedBeforeTheFix(t, 'evil-old', { base_url: `${listener.url}/v2`, api_key_env: 'OMS_ADMIN_KEY', webhook_secret_env: 'DATABASE_URL' });
    const res = await t.call('POST', '/v1/rates', RATE_QUERY);
    assert.equal(listener.connections, 0, 'the listener received nothing');
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes(ROOT_ADMIN_KEY) && !res.body.includes('hunter2'), 'the answer carries neither secret');
    const { unavailable } = res.json() as RatesAnswer;
    assert.match(unavailable.find((u) => u.carrier === 'evil-old')?.reason ?? '', /names OMS_ADMIN_KEY for its api_key, a variable this installation does not let carriers use \(OMS_CARRIER_SECRET_NAMES\)/);
    // Nor does the webhook secret resolve: a tracker event signed with DATABASE_URL is refused.
    const carrier = (await t.call('GET', '/v1/carriers/evil-old')).json() as { webhook_url: string };
    const body = JSON.stringify({ object: 'Event', description: 'tracker.updated', result: { tracking_code: 'X', tracking_details: [] } });
    const signature = `hmac-sha256-hex=${createHmac('sha256', DATABASE_URL).update(body).digest('hex')}`;
    const hook = await t.app.inject({ method: 'POST', url: carrier.webhook_url, payload: body, headers: { 'content-type': 'application/json', 'x-hmac-signature': signature } });
    assert.equal(hook.statusCode, 401, hook.body);
    assert.equal((await t.call('DELETE', '/v1/carriers/evil-old')).statusCode, 204);
  });
});

describe('an aggregator’s base_url, where private networks are not allowed (production)', () => {
  let t: TestApp;
  let listener: InternalService;
  before(async () => {
    t = await buildTestApp({ outboundAllowPrivate: false });
    listener = await startInternalService();
    await createLocation(t, 'CS-WH', { address: { line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' } });
  });
  after(async () => {
    await t.close();
    await listener.close();
  });

  test('is checked like a webhook URL when it is saved: public https only', async () => {
    const port = listener.port;
    for (const base of [`http://127.0.0.1:${port}/v2`, `https://127.0.0.1:${port}/v2`, `https://[::ffff:7f00:1]:${port}/v2`, `https://[::7f00:1]:${port}/v2`, 'https://169.254.169.254/v2', 'https://[64:ff9b::a9fe:a9fe]/v2', 'https://localhost/v2', 'http://api.easypost.com/v2']) {
      const res = await t.call('PUT', '/v1/carriers/evil', { kind: 'easypost', name: 'evil', easypost: { base_url: base, api_key: 'EZTK_tenant_own' } });
      assert.equal(res.statusCode, 422, `${base}: ${res.body}`);
      assert.equal(res.json().code, 'CARRIER_SETTINGS_INVALID');
      assert.equal(res.json().errors[0]?.field, 'easypost.base_url');
    }
    const fine = await t.call('PUT', '/v1/carriers/fine', { kind: 'easypost', name: 'fine', easypost: { base_url: 'https://api.easypost.com/v2', api_key: 'EZTK_tenant_own' } });
    assert.equal(fine.statusCode, 201, fine.body);
    assert.equal((await t.call('DELETE', '/v1/carriers/fine')).statusCode, 204);
  });

  test('and again when it is connected to: a row saved before the fix pointing at loopback reaches nothing', async () => {
    await savedBeforeTheFix(t, 'loopback-old', { base_url: `https://127.0.0.1:${listener.port}/v2` }, 'EZTK_tenant_own');
    await savedBeforeTheFix(t, 'loopback-http', { base_url: `http://127.0.0.1:${listener.port}/v2` }, 'EZTK_tenant_own');
    const res = await t.call('POST', '/v1/rates', RATE_QUERY);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(listener.connections, 0, 'the listener received nothing');
    const { unavailable } = res.json() as RatesAnswer;
    assert.match(unavailable.find((u) => u.carrier === 'loopback-old')?.reason ?? '', /127\.0\.0\.1 is inside a private network/);
    assert.match(unavailable.find((u) => u.carrier === 'loopback-http')?.reason ?? '', /not https/);
  });
});
