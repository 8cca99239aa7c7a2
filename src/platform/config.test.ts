import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config.js';

describe('configuration: what carriers may read of the environment', () => {
  const env = { OMS_ADMIN_KEY: 'oms_root', DATABASE_URL: 'postgres://oms:pw@db/oms', EASYPOST_API_KEY: 'EZAK_1', HOME: '/root' };

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
