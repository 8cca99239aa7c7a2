import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { queryRows } from '../../src/platform/db/database.js';
import { createPostgresTestDatabase } from '../support/database.js';
import { startPrivatePostgres, type PrivatePostgres } from '../support/postgres-server.js';
import { omsArgs } from '../support/oms-cli.js';

/**
 * A real `oms serve` process on PostgreSQL loses its database under a capture load, several times,
 * and once for seconds, and must come through: the process stays up, requests meanwhile answer
 * only 201 or 503 problem+json with Retry-After, it captures again within seconds of the
 * database's return, no acknowledged order is lost, a 503'd capture retried with its
 * Idempotency-Key yields one order, and stock reservations stay exact.
 *
 * With TEST_DATABASE_URL (the machine's shared server: it must not be restarted) the connections
 * are cut with pg_terminate_backend, and the long outage is `allow_connections false` plus a cut.
 * Without it, the test starts a PostgreSQL server of its own and the long outage is a real
 * `pg_ctl stop -m fast` / `start` (the restart of the issue).
 */
const KEY = 'oms_outage_test_key_0000000000000000000000000';
const CLIENTS = 4;
const CUTS = 3;
const HOLD_MS = 3_000;
/** "Takes orders again within seconds of the database's return." */
const RECOVERY_LIMIT_MS = 10_000;

interface Target {
  serverUrl: string;
  kind: string;
  /** Ends every connection to the database now; the server keeps accepting new ones. */
  cut(database: string): Promise<number>;
  /** The database refuses connections (and has none) until `end`. */
  holdOutage(database: string): Promise<{ end(): Promise<void> }>;
  dispose(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const cutAll = (serverUrl: string, database: string) =>
  withClient(serverUrl, async (admin) => {
    const result = await admin.query<{ n: number }>('select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
    return result.rows[0]?.n ?? 0;
  });

async function outageTarget(): Promise<Target> {
  const shared = process.env.TEST_DATABASE_URL;
  if (shared) {
    const allow = (database: string, allowed: boolean) => withClient(shared, (admin) => admin.query(`alter database "${database}" allow_connections ${allowed}`));
    return {
      serverUrl: shared,
      kind: 'shared server: pg_terminate_backend, allow_connections false',
      cut: (database) => cutAll(shared, database),
      async holdOutage(database) {
        await allow(database, false);
        await cutAll(shared, database);
        return { end: () => allow(database, true).then(() => undefined) };
      },
      dispose: async () => {},
    };
  }
  const server: PrivatePostgres | undefined = await startPrivatePostgres();
  assert.ok(server, 'this test needs a PostgreSQL server: set TEST_DATABASE_URL, or install the server binaries (Debian package postgresql)');
  return {
    serverUrl: server.url,
    kind: 'private server: pg_terminate_backend, pg_ctl stop -m fast / start',
    cut: (database) => cutAll(server.url, database),
    async holdOutage() {
      await server.stop();
      return { end: () => server.start() };
    },
    dispose: () => server.dispose(),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  externalId: string;
  status: number;
  startedAt: number;
  endedAt: number;
  retryAfter: string | null;
  contentType: string | null;
  body: { id?: string; code?: string };
}

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

test('oms serve survives its PostgreSQL going away under load and takes orders again when it returns', { timeout: 240_000 }, async (t) => {
  const target = await outageTarget();
  cleanups.push(() => target.dispose());
  const database = await createPostgresTestDatabase(target.serverUrl, 2);
  cleanups.push(() => database.dispose());
  const name = new URL(database.url).pathname.slice(1);
  cleanups.push(() => withClient(target.serverUrl, (admin) => admin.query(`alter database "${name}" allow_connections true`)));
  t.diagnostic(`outages on: ${target.kind}`);

  const dataDir = await mkdtemp(join(tmpdir(), 'oms-outage-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [...omsArgs(), 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: database.url, OMS_DATA_DIR: dataDir, OMS_ADMIN_KEY: KEY, LOG_LEVEL: 'info', OMS_DB_POOL_SIZE: '6', OMS_DB_CONNECT_TIMEOUT_MS: '2000', OMS_NATS_URL: '' },
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
    if (await fetch(`${base}/ready`).then((r) => r.ok, () => false)) break;
    await sleep(50);
  }

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
      // A request never hangs: the pool gives up on a connection after OMS_DB_CONNECT_TIMEOUT_MS.
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
  for (const [method, path, body] of [
    ['POST', '/v1/locations', { code: 'WH', name: 'Warehouse', type: 'warehouse' }],
    ['PUT', '/v1/products/OUT-1', { name: 'Outage', price: '1.00', currency: 'USD' }],
    ['POST', '/v1/inventory/adjustments', { sku: 'OUT-1', location: 'WH', delta: 1_000_000, reason: 'received' }],
  ] as const) {
    const res = await call(method, path, body);
    assert.equal(res.status, 201, `${method} ${path}: ${JSON.stringify(res.body)}`);
  }

  const orderOf = (externalId: string) => ({ channel: 'web', external_id: externalId, currency: 'USD', shipping_address: { name: 'Ann', line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' }, lines: [{ sku: 'OUT-1', quantity: 1, unit_price: '1.00' }] });
  const capture = async (externalId: string): Promise<Answer> => {
    const startedAt = performance.now();
    const res = await call('POST', '/v1/orders', orderOf(externalId), { 'idempotency-key': `key-${externalId}` }).catch((error: unknown) => {
      // No answer at all: the process died (the bug this test is about) or the request hung.
      assert.fail(`${externalId}: ${String(error)}; server exit code ${server.exitCode}; last log: ${logs.slice(-2000)}`);
    });
    return { externalId, status: res.status, startedAt, endedAt: performance.now(), retryAfter: res.headers.get('retry-after'), contentType: res.headers.get('content-type'), body: res.body as Answer['body'] };
  };
  const answers: Answer[] = [];
  let loading = true;
  const clients = Array.from({ length: CLIENTS }, async (_, c) => {
    for (let n = 0; loading; n++) {
      const answer = await capture(`OUT-${c}-${n}`);
      answers.push(answer);
      // A client that is told to wait does, a little (not Retry-After's full 2 s: the test wants
      // requests during the outage); the others leave the shared machine some breath too.
      await sleep(answer.status === 503 ? 100 : 20);
    }
  });

  // Load before the first cut, and between cuts, long enough for every client to have captured.
  await sleep(1_000);
  for (let i = 0; i < CUTS; i++) {
    t.diagnostic(`cut ${i + 1}: ${await target.cut(name)} connections terminated`);
    await sleep(500);
  }
  assert.equal(server.exitCode, null, `the server process exited: ${logs.slice(-3000)}`);
  const held = await target.holdOutage(name);
  const heldAt = performance.now();
  await sleep(HOLD_MS / 2);
  const ready = await fetch(`${base}/ready`);
  assert.equal(ready.status, 503, '/ready says the process cannot serve while the database is away');
  assert.equal(ready.headers.get('retry-after'), '2', '/ready 503 carries Retry-After');
  assert.equal(((await ready.json()) as { code: string }).code, 'DATABASE_UNAVAILABLE');
  assert.equal((await fetch(`${base}/health`)).status, 200, '/health (liveness) does not depend on the database: the process must not be restarted for an outage');
  await sleep(HOLD_MS / 2);
  // The outage is held until end() is called: a private server's start() resolves only after
  // pg_ctl has seen it accept connections, so requests may succeed a little before it returns.
  const endingAt = performance.now();
  await held.end();
  const returnedAt = performance.now();
  for (let i = 0; i < 200 && !answers.some((a) => a.status === 201 && a.startedAt >= returnedAt); i++) await sleep(50);
  await sleep(500);
  loading = false;
  await Promise.all(clients);

  assert.equal(server.exitCode, null, `the server process exited: ${logs.slice(-3000)}`);
  const statuses = new Map<number, number>();
  for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
  const unavailable = answers.filter((a) => a.status === 503);
  const firstAfter = answers.filter((a) => a.status === 201 && a.startedAt >= returnedAt).sort((a, b) => a.endedAt - b.endedAt)[0];
  const heldAnswers = answers.filter((a) => a.startedAt >= heldAt + 200 && a.endedAt <= endingAt);
  t.diagnostic(`answers: ${JSON.stringify(Object.fromEntries(statuses))}; during the held outage ${heldAnswers.length} answers, ${heldAnswers.filter((a) => a.status === 503).length} of them 503; first 201 ${firstAfter ? Math.round(firstAfter.endedAt - returnedAt) : '—'} ms after the database returned`);
  for (const a of answers) assert.ok(a.status === 201 || a.status === 503, `${a.externalId} answered ${a.status}: ${JSON.stringify(a.body)}`);
  assert.ok(unavailable.length > 0, 'the outage was seen by some requests (else the test proves nothing)');
  assert.ok(heldAnswers.length > 0 && heldAnswers.every((a) => a.status === 503), 'every request during the held outage answered 503');
  for (const a of unavailable) {
    assert.equal(a.body.code, 'DATABASE_UNAVAILABLE', JSON.stringify(a.body));
    assert.equal(a.contentType, 'application/problem+json; charset=utf-8', `${a.externalId}: a 503 is problem+json`);
    assert.equal(a.retryAfter, '2', '503 carries Retry-After');
  }
  assert.ok(firstAfter, 'the process captured again after the database returned');
  assert.ok(firstAfter.endedAt - returnedAt < RECOVERY_LIMIT_MS, `captured again ${Math.round(firstAfter.endedAt - returnedAt)} ms after the database returned`);

  // A 503'd capture took effect completely or not at all: its retry with the same key answers one order.
  // A client retries a 503 as told (Retry-After), a few times: on a loaded machine a pooled
  // connection the outage killed can still answer one more 503 after the database is back.
  const retry = async (a: Answer) => {
    let again = await capture(a.externalId);
    for (let i = 0; i < 3 && again.status === 503; i++) {
      await sleep(200);
      again = await capture(a.externalId);
    }
    return { a, again };
  };
  const retried = await Promise.all(unavailable.map(retry));
  for (const { a, again } of retried) assert.ok(again.status === 201 || again.status === 200, `retry of ${a.externalId} answered ${again.status}: ${JSON.stringify(again.body)}`);

  const db = database.db;
  const orders = await queryRows<{ id: string; external_id: string }>(db, sql`select id, external_id from orders where channel = 'web'`);
  const byExternalId = new Map(orders.map((o) => [o.external_id, o.id]));
  assert.equal(byExternalId.size, orders.length, 'no external id was captured twice');
  for (const a of answers.filter((x) => x.status === 201)) assert.equal(byExternalId.get(a.externalId), a.body.id, `acknowledged order ${a.externalId} is stored`);
  for (const { a, again } of retried) assert.equal(byExternalId.get(a.externalId), again.body.id, `the retried ${a.externalId} is one order`);
  assert.equal(orders.length, answers.filter((a) => a.status === 201).length + unavailable.length, 'every attempted capture is exactly one order');

  const [half] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from idempotency_keys where status_code is null`);
  assert.equal(half?.n, 0, 'no Idempotency-Key is left claimed without an answer');
  const stock = await queryRows<{ on_hand: number; reserved: number; live: number }>(
    db,
    sql`select s.on_hand, s.reserved, coalesce((select sum(r.quantity) from reservations r where r.tenant_id = s.tenant_id and r.sku = s.sku and r.location_id = s.location_id), 0)::int as live
        from stock_levels s where s.sku = 'OUT-1'`,
  );
  assert.equal(stock.length, 1, 'one stock row for OUT-1');
  assert.deepEqual(stock[0], { on_hand: 1_000_000, reserved: orders.length, live: orders.length }, 'reserved = live reservations = one unit per order');

  const lines = logs.split('\n');
  const count = (text: string) => lines.filter((l) => l.includes(text)).length;
  t.diagnostic(`log: ${count('database unreachable')} outage(s) started, ${count('database reachable again')} ended`);
  assert.ok(count('database unreachable') >= 1 && count('database unreachable') <= 2 * (CUTS + 1), 'an outage is logged once, not per request or per tick');
  assert.ok(count('database reachable again') >= 1, 'and its end once');
  assert.equal(count('job failed'), 0, 'jobs back off quietly while the database is away');
  assert.equal(count('not handled where it happened') + count('unhandled error'), 0, 'every lost connection was handled where it happened');

  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
});
