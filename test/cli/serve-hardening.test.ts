// test-files: embedded database only (it spawns `oms` on a data directory of its own)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT_ADMIN_KEY } from '../support/app.js';
import { omsArgs } from '../support/oms-cli.js';

/**
 * Real `oms` processes, started from a shell whose umask is 000 (the worst an operator could
 * have), on a temp directory. OMS_DATA_DIR is its owner's alone: the embedded database (tables
 * and WAL hold customers' e-mails) and secret.key. OMS_METRICS_LISTEN serves the process's
 * metrics, with what its workers counted. A guessable OMS_ADMIN_KEY is refused.
 */
const METRICS_TOKEN = 'oms_metrics_token_serve_test_0123456789abcdef';
const root = new URL('../../', import.meta.url).pathname;
let dir: string;
let dataDir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oms-data-dir-'));
  dataDir = join(dir, 'data');
});
after(() => rm(dir, { recursive: true, force: true }));

function oms(args: string[], env: Record<string, string>) {
  const child = spawn('/bin/sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, ...omsArgs(), ...args], {
    cwd: root,
    env: { ...process.env, OMS_DATA_DIR: dataDir, DATABASE_URL: '', OMS_ADMIN_KEY: ROOT_ADMIN_KEY, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { child, exited, stderr: () => stderr };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every directory and file below (and including) `path`, with its permission bits. */
async function modes(path: string): Promise<{ path: string; dir: boolean; mode: number }[]> {
  const stat = await lstat(path);
  const here = { path, dir: stat.isDirectory(), mode: stat.mode & 0o777 };
  if (!here.dir) return [here];
  const below = await Promise.all((await readdir(path)).map((name) => modes(join(path, name))));
  return [here, ...below.flat()];
}

function assertPrivate(entries: { path: string; dir: boolean; mode: number }[]): void {
  const loose = entries.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600)).map((e) => `${e.mode.toString(8)} ${e.path}`);
  assert.deepEqual(loose, [], 'directories 0700, files 0600');
}

test('oms serve on a fresh data directory: the directory 0700 and every file 0600 — tables, WAL, secret.key; the metrics listener counts the order', { timeout: 180_000 }, async () => {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const server = oms(['serve'], { PORT: String(port), HOST: '127.0.0.1', OMS_METRICS_LISTEN: `127.0.0.1:${metricsPort}`, OMS_METRICS_TOKEN: METRICS_TOKEN });
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { authorization: `Bearer ${ROOT_ADMIN_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  try {
    for (let i = 0; ; i++) {
      assert.ok(i < 2_400 && server.child.exitCode === null, `the server did not become ready: ${server.stderr()}`);
      if (await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // A customer's order, so the WAL and the tables hold what must not be readable by others.
    for (const [method, path, body] of [
      ['POST', '/v1/locations', { code: 'WH', name: 'Warehouse', type: 'warehouse' }],
      ['PUT', '/v1/products/SKU-1', { name: 'One', price: '1.00', currency: 'USD' }],
      ['POST', '/v1/inventory/adjustments', { sku: 'SKU-1', location: 'WH', delta: 5, reason: 'received' }],
      ['POST', '/v1/orders', { channel: 'web', currency: 'USD', customer: { email: 'ann@shop.test' }, shipping_address: { name: 'Ann', line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' }, lines: [{ sku: 'SKU-1', quantity: 1, unit_price: '1.00' }] }],
    ] as const) {
      const res = await call(method, path, body);
      assert.equal(res.status, 201, `${method} ${path}: ${await res.text()}`);
    }
    // Counted by the same process's relay (in-process workers), served on the metrics address.
    let scraped = '';
    for (let i = 0; i < 600 && !/^oms_orders_captured_total\{channel_type="api"\} 1$/m.test(scraped); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(res.status, 200, 'the metrics listener takes the token');
      scraped = await res.text();
    }
    assert.match(scraped, /^oms_orders_captured_total\{channel_type="api"\} 1$/m);
    assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 401, 'the API port wants the token too');
  } finally {
    server.child.kill('SIGTERM');
  }
  const { code, stderr } = await server.exited;
  assert.equal(code, 0, stderr);
  const entries = await modes(dataDir);
  assert.ok(entries.some((e) => e.path.endsWith('secret.key')), 'secret.key is there');
  assert.ok(entries.some((e) => e.path.includes('pg_wal/0000')), 'so is the WAL');
  assert.ok(entries.length > 100, `${entries.length} entries: the database's files`);
  assertPrivate(entries);
});

test('a data directory others could read (an older OMS made it so) is tightened on start, and the log says so', { timeout: 180_000 }, async () => {
  await chmod(dataDir, 0o755);
  await chmod(join(dataDir, 'PG_VERSION'), 0o666);
  await chmod(join(dataDir, 'secret.key'), 0o644);
  await chmod(join(dataDir, 'base'), 0o777);
  const { code, stderr } = await oms(['migrate'], {}).exited;
  assert.equal(code, 0, stderr);
  assert.match(stderr, /the data directory was open to other users; it is now 0700/);
  assertPrivate(await modes(dataDir));
});

test('an OMS_ADMIN_KEY that is easy to guess: the OMS refuses to start and says why, without a stack trace', { timeout: 60_000 }, async () => {
  const { code, stderr } = await oms(['serve'], { OMS_ADMIN_KEY: 'admin123', PORT: String(await freePort()) }).exited;
  assert.equal(code, 1, stderr);
  assert.match(stderr, /^oms: OMS_ADMIN_KEY is too easy to guess: use at least 32 characters/m);
  assert.doesNotMatch(stderr, /^\s+at /m);
});
