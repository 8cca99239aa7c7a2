import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import { sweepRateLimitWindows } from '../../src/platform/http/shared-limits.js';
import { createPostgresTestDatabase } from '../support/database.js';
import { freePort } from '../support/free-port.js';
import { omsArgs } from '../support/oms-cli.js';
import { startPrivatePostgres } from '../support/postgres-server.js';

/**
 * The portal lookup's rate limits hold across API processes (ADR 0036, amended): two real
 * `oms serve --no-workers` processes on one PostgreSQL database, behind an imagined load
 * balancer, share the per-order-number count. Five failed lookups split 3 + 2 between them
 * refuse the sixth on both (in memory each would have allowed 5 of its own); failures sent at
 * once to both are each counted (one conditional upsert, no lost update); ended windows are swept.
 */
const KEY = 'oms_limits_test_key_0000000000000000000000000';
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startOms(databaseUrl: string, secret: string): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'oms-limits-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [...omsArgs(), 'serve', '--no-workers'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, OMS_DATA_DIR: dataDir, OMS_ADMIN_KEY: KEY, OMS_SECRET_KEY: secret, LOG_LEVEL: 'warn', OMS_DB_POOL_SIZE: '3', OMS_NATS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });
  let logs = '';
  server.stdout?.on('data', (d: Buffer) => (logs += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
  for (let i = 0; ; i++) {
    assert.equal(server.exitCode, null, `the server exited while starting: ${logs.slice(-2000)}`);
    assert.ok(i < 1_200, `the server did not become ready within a minute: ${logs.slice(-2000)}`);
    if (await fetch(`${base}/ready`).then((r) => r.ok, () => false)) return base;
    await sleep(50);
  }
}

test('two API processes on one PostgreSQL share the portal lookup limits', { timeout: 240_000 }, async () => {
  const shared = process.env.TEST_DATABASE_URL;
  const serverUrl = shared ?? (await startPrivatePostgres().then((s) => (s ? (cleanups.push(() => s.dispose()), s.url) : undefined)));
  assert.ok(serverUrl, 'this test needs a PostgreSQL server: set TEST_DATABASE_URL, or install the server binaries');
  const database = await createPostgresTestDatabase(serverUrl, 2);
  cleanups.push(() => database.dispose());
  const secret = randomBytes(32).toString('hex');
  // The first process bootstraps the tenant; the second starts on the same database after it.
  const a = await startOms(database.url, secret);
  const b = await startOms(database.url, secret);
  const settings = await fetch(`${a}/v1/settings`, { method: 'PATCH', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ portal_slug: 'shared' }) });
  assert.equal(settings.status, 200, await settings.text());

  // One browser: its session cookie and CSRF token work on either process (signed, not stored).
  const first = await fetch(`${a}/portal/shared`);
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await first.text())?.[1] ?? assert.fail('no CSRF token');
  const lookUp = (base: string, number: string, proof = 'nobody@example.com') =>
    fetch(`${base}/portal/shared/lookup`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, number, proof }).toString() });

  for (const base of [a, a, a, b, b]) assert.equal((await lookUp(base, '#SHARED-1')).status, 404, `a failed lookup on ${base}`);
  for (const base of [a, b]) {
    const refused = await lookUp(base, '#SHARED-1');
    assert.equal(refused.status, 429, `the sixth lookup of the number is refused on ${base === a ? 'the first' : 'the second'} process too`);
    assert.ok(Number(refused.headers.get('retry-after')) > 800, `Retry-After about 15 minutes: ${refused.headers.get('retry-after')}`);
  }
  assert.equal((await lookUp(b, '#OTHER-2')).status, 404, 'another number is not refused');

  // Failures at once on both processes: every one is counted (one upsert each, no lost update).
  // A lookup that reads the count after five were recorded is refused (429) and not counted: how
  // many get in depends on the scheduler, so every one must be either counted or refused.
  const raced = (await Promise.all(Array.from({ length: 8 }, (_, i) => lookUp(i % 2 === 0 ? a : b, '#RACE-3')))).map((r) => r.status);
  const counted = raced.filter((s) => s === 404).length;
  assert.equal(counted + raced.filter((s) => s === 429).length, 8, `each racing lookup failed or was refused: ${raced.join(', ')}`);
  assert.ok(counted >= 5, `at least the limit's five were counted: ${raced.join(', ')}`);
  const rows = await queryRows<{ scope: string; key: string; failures: number }>(database.db, sql`select scope, key, failures from rate_limit_windows order by scope, key`);
  assert.deepEqual(
    rows.map((r) => [r.scope, r.key, r.failures]),
    [
      ['portal-lookup-address', '127.0.0.1', 6 + counted],
      ['portal-lookup-order', 'other-2', 1],
      ['portal-lookup-order', 'race-3', counted],
      ['portal-lookup-order', 'shared-1', 5],
    ],
    'one row per key, every failure counted (the refused ones are not failures)',
  );

  // The worker's sweep deletes windows that have ended, and only those.
  assert.deepEqual(await sweepRateLimitWindows(database.db, new Date()), { handled: 0, more: false }, 'nothing has ended yet');
  assert.deepEqual(await sweepRateLimitWindows(database.db, new Date(Date.now() + 16 * 60_000)), { handled: 4, more: false });
  assert.equal((await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from rate_limit_windows`))[0]?.n, 0);
  assert.equal((await lookUp(a, '#SHARED-1')).status, 404, 'once swept, the number may be tried again');
});
