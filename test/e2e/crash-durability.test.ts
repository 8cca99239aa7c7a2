// test-files: embedded database only (it spawns `oms` on a data directory of its own)
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { seedPgliteDataDir } from '../support/database.js';
import { omsArgs } from '../support/oms-cli.js';

/**
 * What the API answered 2xx for survives a crash: the real server process (embedded database on
 * disk) is killed with SIGKILL right after a capture, restarted on the same data directory, and
 * the order, its reservation and its timeline are all still there.
 */
const KEY = 'oms_crash_test_key_000000000000000000000000000';
let dataDir: string;
let server: ChildProcess | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function start(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...omsArgs(), 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', OMS_DATA_DIR: dataDir, OMS_ADMIN_KEY: KEY, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; i < 1_200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false);
    if (ready) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become ready: ${stderr}`);
}

async function call(port: number, method: string, path: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

after(async () => {
  server?.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('an acknowledged order survives SIGKILL of the server (embedded database)', { timeout: 120_000 }, async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oms-crash-'));
  // A migrated database to start on: the first start's initdb and migrations are not what is tested.
  await seedPgliteDataDir(dataDir);
  const port = await freePort();
  server = await start(port);
  for (const [method, path, body] of [
    ['POST', '/v1/locations', { code: 'WH', name: 'Warehouse', type: 'warehouse' }],
    ['PUT', '/v1/products/SKU-1', { name: 'One', price: '1.00', currency: 'USD' }],
    ['POST', '/v1/inventory/adjustments', { sku: 'SKU-1', location: 'WH', delta: 5, reason: 'received' }],
  ] as const) {
    const res = await call(port, method, path, body);
    assert.equal(res.status, 201, `${method} ${path}: ${JSON.stringify(res.json)}`);
  }
  const placed = await call(port, 'POST', '/v1/orders', { channel: 'web', external_id: 'CRASH-1', currency: 'USD', shipping_address: { name: 'Ann', line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' }, lines: [{ sku: 'SKU-1', quantity: 2, unit_price: '1.00' }] });
  assert.equal(placed.status, 201, JSON.stringify(placed.json));

  server.kill('SIGKILL');
  await new Promise((resolve) => server?.once('exit', resolve));
  server = await start(port);

  const order = await call(port, 'GET', `/v1/orders/${placed.json.id as string}`);
  assert.equal(order.status, 200, JSON.stringify(order.json));
  assert.equal(order.json.status, 'allocated', 'the order is there after the crash, still allocated');
  const stock = await call(port, 'GET', '/v1/inventory/SKU-1');
  assert.deepEqual(stock.json.locations, [{ location: 'WH', on_hand: 5, reserved: 2, available: 3 }], 'and so is its reservation');
  const events = await call(port, 'GET', `/v1/orders/${placed.json.id as string}/events`);
  assert.deepEqual((events.json.data as { type: string }[]).map((e) => e.type), ['order.created', 'order.allocated', 'order.screened'], 'and its timeline (fraud screening is on by default)');
});
