// test-files: embedded database only (it spawns `oms` on a data directory of its own)
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { freePort } from '../support/free-port.js';

/**
 * What `npm start` runs in production: the compiled JavaScript in dist/, with no TypeScript loader
 * in the process or its worker threads (docs/adr/0013). The build is brought up to date first
 * (`--if-stale`: nothing to do when dist/ is current), then a real server on a fresh data
 * directory answers /health and a rate quote, whose packing runs on the CPU pool and whose carriers
 * come from the sample CSVs the build copies beside the compiled code.
 */
const root = new URL('../../', import.meta.url).pathname;
const ADMIN_KEY = 'oms_compiled_start_test_admin_key_0123456789';
const NEWARK = { name: 'East DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' };
const SPRINGFIELD = { line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' };

test('the compiled build starts with plain node: /health answers, a rate quote packs on a pool thread, SIGTERM stops it cleanly', { timeout: 120_000 }, async () => {
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root });
  assert.ok(!existsSync(join(root, 'dist/platform/cpu/worker.mjs')), 'dist/ holds no tsx-registering thread entry');

  const dir = await mkdtemp(join(tmpdir(), 'oms-compiled-'));
  const port = await freePort();
  // Only the environment a deployment would give: no NODE_OPTIONS that could bring a TypeScript loader in.
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const server = spawn(process.execPath, ['dist/apps/cli.js', 'serve'], {
    cwd: root,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', OMS_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', OMS_ADMIN_KEY: ADMIN_KEY, OMS_CPU_THREADS: '1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => server.on('close', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, text: await res.text() };
  };
  try {
    for (let i = 0; ; i++) {
      assert.ok(i < 400 && server.exitCode === null, `the compiled server answers /health within 100 s; it said: ${stderr}`);
      if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const setup: [string, string, unknown?][] = [
      ['PUT', '/v1/boxes/ONE', { inner_mm: { length: 310, width: 310, height: 310 }, max_weight_grams: 5000, tare_grams: 300, cost: '1.00' }],
      ['POST', '/v1/carriers/samples'],
      ['POST', '/v1/locations', { code: 'EWR', name: 'East', type: 'warehouse', priority: 1, cutoff_time: '23:59', address: NEWARK }],
      ['PUT', '/v1/products/PEN', { name: 'Pen', price: '1.00', currency: 'USD', dimensions_mm: { length: 140, width: 10, height: 10 }, weight_grams: 15 }],
    ];
    for (const [method, path, body] of setup) {
      const res = await call(method, path, body);
      assert.ok(res.status === 200 || res.status === 201, `${method} ${path} answers 200 or 201, not ${res.status}: ${res.text}`);
    }
    const quote = await call('POST', '/v1/rates', { from: 'EWR', to: SPRINGFIELD, items: [{ sku: 'PEN', quantity: 3 }] });
    assert.equal(quote.status, 200, `POST /v1/rates with items answers 200: ${quote.text}\n${stderr}`);
    const body = JSON.parse(quote.text) as { packages: { dimensions_mm: { length: number } }[]; rates: unknown[] };
    assert.deepEqual(body.packages.map((p) => p.dimensions_mm.length), [310], 'three pens packed into the one box there is');
    assert.ok(body.rates.length > 0, 'the sample carriers (CSV files in dist/) quote the parcel');
  } finally {
    server.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
  assert.equal(await exited, 0, `the server exits 0 on SIGTERM: ${stderr}`);
});
