import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('configuration: delivery of customer messages (ADR 0035)', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('DKIM takes the PEM itself or the path of a PEM file, and all three variables or none', () => {
    assert.equal(loadConfig({}).dkim, undefined);
    assert.deepEqual(loadConfig({ OMS_DKIM_DOMAIN: 'shop.test', OMS_DKIM_SELECTOR: 'oms2026', OMS_DKIM_PRIVATE_KEY: pem }).dkim, { domainName: 'shop.test', keySelector: 'oms2026', privateKey: pem.trim() });
    const dir = mkdtempSync(join(tmpdir(), 'oms-dkim-'));
    try {
      writeFileSync(join(dir, 'dkim.pem'), pem);
      assert.equal(loadConfig({ OMS_DKIM_DOMAIN: 'shop.test', OMS_DKIM_SELECTOR: 's1', OMS_DKIM_PRIVATE_KEY: join(dir, 'dkim.pem') }).dkim?.privateKey, pem);
      refused({ OMS_DKIM_DOMAIN: 'shop.test', OMS_DKIM_SELECTOR: 's1', OMS_DKIM_PRIVATE_KEY: join(dir, 'missing.pem') }, /neither a PEM key nor a readable file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    refused({ OMS_DKIM_DOMAIN: 'shop.test', OMS_DKIM_PRIVATE_KEY: pem }, /DKIM needs all three/);
    refused({ OMS_DKIM_DOMAIN: 'shop.test', OMS_DKIM_SELECTOR: 's1', OMS_DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----' }, /not a PEM private key/);
    refused({ OMS_DKIM_DOMAIN: 'shop test', OMS_DKIM_SELECTOR: 's1', OMS_DKIM_PRIVATE_KEY: pem }, /OMS_DKIM_DOMAIN must be a domain/);
  });

  it('OMS_BOUNCE_DOMAIN is a domain, lower-cased', () => {
    assert.equal(loadConfig({ OMS_BOUNCE_DOMAIN: 'Bounces.Shop.test' }).bounceDomain, 'bounces.shop.test');
    refused({ OMS_BOUNCE_DOMAIN: 'bounces@shop.test' }, /OMS_BOUNCE_DOMAIN must be a domain/);
  });

  it('SMS needs its four variables, and an http(s) base URL', () => {
    const sms = { OMS_SMS_URL: 'https://api.twilio.com', OMS_SMS_ACCOUNT_SID: 'AC123', OMS_SMS_AUTH_TOKEN: 'token', OMS_SMS_FROM: '+15005550006' };
    assert.deepEqual(loadConfig(sms).sms, { baseUrl: 'https://api.twilio.com', accountSid: 'AC123', authToken: 'token', from: '+15005550006' });
    refused({ ...sms, OMS_SMS_AUTH_TOKEN: '' }, /SMS needs all of .*; missing OMS_SMS_AUTH_TOKEN/);
    refused({ ...sms, OMS_SMS_URL: 'ftp://api.twilio.com' }, /OMS_SMS_URL must be an https URL/);
  });
});
