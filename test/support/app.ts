import { randomBytes } from 'node:crypto';
import type { FastifyInstance, HTTPMethods, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/apps/api/app.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import type { Database } from '../../src/platform/db/database.js';
import type { Clock } from '../../src/platform/kernel/clock.js';
import { createMetrics, type Metrics } from '../../src/platform/metrics.js';
import { bootstrapFirstTenant } from '../../src/modules/tenancy/index.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** Turns fraud screening (ADR 0030) on or off for the key's tenant. */
export async function setFraudScreening(app: FastifyInstance, key: string, on: boolean): Promise<void> {
  const res = await app.inject({ method: 'PATCH', url: '/v1/settings', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: JSON.stringify({ fraud_screening: on }) });
  if (res.statusCode !== 200) throw new Error(`fraud_screening not set: ${res.statusCode} ${res.body}`);
}

export const ROOT_ADMIN_KEY = 'oms_test_root_admin_key_0000000000000000000000';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  rootKey: string;
  tenantId: string;
  /** The configuration the app runs with (its random secret key, for jobs the test runs itself). */
  config: Config;
  /** The app's metrics (jobs the test runs itself may count into them). */
  metrics: Metrics;
  /** JSON request with the root admin key unless `key` is given (null sends no Authorization). */
  call(method: HTTPMethods, url: string, body?: unknown, options?: { key?: string | null; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * `fraudScreening`: screen orders at capture as a tenant does by default (off unless asked).
 * `secrets` is the environment the configuration is read from; the variables in it that are not
 * the OMS's own are the carrier secrets the installation allows (OMS_CARRIER_SECRET_NAMES).
 * Private networks are allowed (the fake carriers and marketplaces listen on 127.0.0.1) unless
 * `outboundAllowPrivate` is false. `webConsoleDir` serves another build of the console than web/dist.
 */
export async function buildTestApp(options: { bodyLimitBytes?: number; poolSize?: number; secrets?: Record<string, string>; outboundAllowPrivate?: boolean; config?: Partial<Config>; clock?: Clock; webConsoleDir?: string; fraudScreening?: boolean } = {}): Promise<TestApp> {
  const database = await createTestDatabase(options.poolSize ? { poolSize: options.poolSize } : {});
  const boot = await bootstrapFirstTenant(database.db, new Date(), ROOT_ADMIN_KEY);
  if (!boot) throw new Error('test database was not empty');
  const secrets = options.secrets ?? {};
  const env = {
    OMS_OUTBOUND_ALLOW_PRIVATE: options.outboundAllowPrivate === false ? '0' : '1',
    OMS_CARRIER_SECRET_NAMES: Object.keys(secrets).filter((name) => !/^(OMS_|DATABASE_URL$)/.test(name)).join(','),
    ...secrets,
  };
  // A CPU task's deadline (503 past it) is the product's answer to an overloaded server; a test
  // machine shared by two test processes and more is overloaded by design, so tests that are not
  // about the deadline give their PDFs and rates three minutes (a test about it sets its own).
  const config = { ...loadConfig(env), cpuDeadlineMs: 180_000, secretKey: randomBytes(32), ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}), ...options.config };
  const metrics = createMetrics();
  const app = await buildApp({ database: database as Database, config, metrics, ...(options.clock ? { clock: options.clock } : {}), ...(options.webConsoleDir ? { webConsoleDir: options.webConsoleDir } : {}) });
  await app.ready();
  // Factories give every order the same customer, address and placed-at, which fraud screening's
  // velocity rules would hold after the fourth: tests that are not about screening run without it.
  if (!options.fraudScreening) await setFraudScreening(app, ROOT_ADMIN_KEY, false);
  return {
    app,
    database,
    rootKey: ROOT_ADMIN_KEY,
    tenantId: boot.tenantId,
    config,
    metrics,
    call(method, url, body, opts = {}) {
      const key = opts.key === undefined ? ROOT_ADMIN_KEY : opts.key;
      return app.inject({
        method,
        url,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        ...(body !== undefined ? { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) } : {}),
      });
    },
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}
