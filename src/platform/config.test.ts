import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { ConfigError, loadConfig, MIN_SECRET_LENGTH } from './config.js';

const refused = (env: Record<string, string>, pattern: RegExp) => assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && pattern.test(error.message));

test('OMS_ADMIN_KEY and OMS_METRICS_TOKEN must be hard to guess: long, varied, and sendable as a Bearer token', () => {
  for (const name of ['OMS_ADMIN_KEY', 'OMS_METRICS_TOKEN']) {
    refused({ [name]: 'admin' }, new RegExp(`${name} is too easy to guess: use at least ${MIN_SECRET_LENGTH} characters`));
    refused({ [name]: 'x'.repeat(31) }, /too easy to guess/);
    refused({ [name]: 'ab'.repeat(40) }, /at least 8 different ones/);
    refused({ [name]: 'correct horse battery staple and more words' }, /printable ASCII without spaces/);
    refused({ [name]: `oms_${'k'.repeat(300)}` }, /at most 200 characters/);
  }
  const key = 'oms_Vq3sP0dYH1k8Zr2m9WcT7xLbN4fA6eJu5gQy';
  assert.equal(loadConfig({ OMS_ADMIN_KEY: key }).adminKey, key);
  assert.equal(loadConfig({ OMS_METRICS_TOKEN: key }).metricsToken, key);
  assert.equal(loadConfig({ OMS_ADMIN_KEY: '' }).adminKey, undefined, 'empty is unset: a key is generated and printed');
});

test('OMS_METRICS_LISTEN is host:port, [IPv6]:port or a port (on 127.0.0.1)', () => {
  assert.deepEqual(loadConfig({ OMS_METRICS_LISTEN: '10.0.0.5:9464' }).metricsListen, { host: '10.0.0.5', port: 9464 });
  assert.deepEqual(loadConfig({ OMS_METRICS_LISTEN: '[::1]:9464' }).metricsListen, { host: '::1', port: 9464 });
  assert.deepEqual(loadConfig({ OMS_METRICS_LISTEN: '9464' }).metricsListen, { host: '127.0.0.1', port: 9464 });
  assert.equal(loadConfig({}).metricsListen, undefined);
  refused({ OMS_METRICS_LISTEN: 'localhost' }, /OMS_METRICS_LISTEN must be host:port/);
  refused({ OMS_METRICS_LISTEN: '127.0.0.1:70000' }, /OMS_METRICS_LISTEN must be host:port/);
});

test('OMS_TRUST_PROXY: off unless set; true, or the proxies’ addresses', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ OMS_TRUST_PROXY: 'true' }).trustProxy, true);
  assert.deepEqual(loadConfig({ OMS_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1']);
});

describe('configuration: what carriers may read of the environment', () => {
  const env = { OMS_ADMIN_KEY: 'oms_root_Vq3sP0dYH1k8Zr2m9WcT7xLbN4fA6', DATABASE_URL: 'postgres://oms:pw@db/oms', EASYPOST_API_KEY: 'EZAK_1', HOME: '/root' };

  it('gives carriers only the variables the operator lists, none by default', () => {
    assert.deepEqual(loadConfig(env).secrets, {});
    assert.deepEqual(loadConfig({ ...env, OMS_CARRIER_SECRET_NAMES: 'EASYPOST_API_KEY, EASYPOST_WEBHOOK_SECRET' }).secrets, { EASYPOST_API_KEY: 'EZAK_1', EASYPOST_WEBHOOK_SECRET: undefined });
  });

  it('refuses to list the OMS’s own settings or what is not a variable name', () => {
    for (const name of ['OMS_ADMIN_KEY', 'OMS_SECRET_KEY', 'DATABASE_URL', 'PGPASSWORD']) {
      assert.throws(() => loadConfig({ ...env, OMS_CARRIER_SECRET_NAMES: `EASYPOST_API_KEY,${name}` }), new RegExp(`${name} is one of the OMS's own settings`));
    }
    assert.throws(() => loadConfig({ ...env, OMS_CARRIER_SECRET_NAMES: 'easypost-key' }), /not an environment variable name/);
  });

  it('allows private networks for outbound calls by the new name or the old one', () => {
    assert.equal(loadConfig({}).outboundAllowPrivate, false);
    assert.equal(loadConfig({ OMS_OUTBOUND_ALLOW_PRIVATE: '1' }).outboundAllowPrivate, true);
    assert.equal(loadConfig({ OMS_WEBHOOK_ALLOW_PRIVATE: 'true' }).outboundAllowPrivate, true);
  });
});
