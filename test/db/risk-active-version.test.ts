import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { ACTIVE_VERSION_TTL_MS, activeScreening, DEFAULT_RULE_SET } from '../../src/modules/risk/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';

/**
 * Capture reads the tenant's active rule set version at most once a second per process (ADR 0030):
 * a version activated by another process (written here straight to the table, as that process
 * would) is used within that time, never later; one activated through this process at once.
 */
let t: TestApp;
before(async () => {
  t = await buildTestApp({ fraudScreening: true });
});
after(() => t.close());

test('another process’s activation is used within the TTL, this process’s at once', async () => {
  const created = await t.call('POST', '/v1/risk/rule-sets', { rules: DEFAULT_RULE_SET.rules, note: 'v1' });
  assert.equal(created.statusCode, 201, created.body);
  const t0 = Date.now();
  assert.equal((await activeScreening(t.database.db, t.tenantId, t0)).rules.version, DEFAULT_RULE_SET.version, 'nothing active: the default set');

  await t.database.db.execute(sql`insert into risk_active_rule_sets (tenant_id, version, activated_by, activated_at) values (${t.tenantId}, 1, 'other-process', now())`);
  assert.equal((await activeScreening(t.database.db, t.tenantId, t0 + ACTIVE_VERSION_TTL_MS - 1)).rules.version, DEFAULT_RULE_SET.version, 'trusted for less than the TTL');
  assert.equal((await activeScreening(t.database.db, t.tenantId, t0 + ACTIVE_VERSION_TTL_MS)).rules.version, 'v1', 'read again once the TTL has passed');

  const second = await t.call('POST', '/v1/risk/rule-sets', { rules: DEFAULT_RULE_SET.rules, note: 'v2', activate: true });
  assert.equal(second.statusCode, 201, second.body);
  assert.equal((await activeScreening(t.database.db, t.tenantId, t0 + ACTIVE_VERSION_TTL_MS + 1)).rules.version, 'v2', 'activated here: no wait');
});
