import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { jobsFor } from '../../src/apps/worker/jobs.js';
import { loadConfig } from '../../src/platform/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe('the background jobs of a running OMS', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.dispose());
  const log = { info: () => {}, error: (d: Record<string, unknown>) => assert.fail(String(d['err'])) };
  const config = { ...loadConfig({}), secretKey: randomBytes(32) };

  it('runs the relay, webhooks and their retention everywhere, the broker only with OMS_NATS_URL, maintenance only on PGlite', () => {
    const names = (engine: 'pglite' | 'postgres', natsUrl?: string) => jobsFor({ config: { ...config, natsUrl }, log, engine }).map((j) => j.name);
    for (const name of ['outbox-relay', 'webhook-deliveries', 'webhook-log-retention', 'fulfillment-release-waves', 'inventory-expire-checkout-reservations']) assert.ok(names('postgres').includes(name), name);
    assert.ok(!names('postgres').includes('broker-publish'), 'no broker publishing without a NATS URL');
    assert.ok(names('postgres', 'nats://127.0.0.1:4222').includes('broker-publish'), 'broker publishing with a NATS URL');
    assert.ok(names('pglite').includes('embedded-maintenance'), 'the embedded database has its maintenance job');
    assert.ok(!names('postgres').includes('embedded-maintenance'), 'PostgreSQL has autovacuum');
  });

  it('every job runs once against a migrated database without error (the maintenance job names real tables)', async () => {
    for (const job of jobsFor({ config, log, engine: 'pglite' })) {
      const result = await job.run(database.db, new Date());
      assert.equal(typeof result.handled, 'number', job.name);
    }
  });
});
