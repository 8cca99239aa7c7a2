// test-files: embedded database only (it spawns `oms` on a data directory of its own)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/apps/api/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { openPglite } from '../../src/platform/db/database.js';
import { bootstrapFirstTenant } from '../../src/modules/tenancy/index.js';
import { seedPgliteDataDir } from '../support/database.js';
import { omsArgs } from '../support/oms-cli.js';

const ADMIN = 'oms_cli_import_test_admin_key_000000000000000000';
const root = new URL('../../', import.meta.url).pathname;
let dir: string;
let dataDir: string;
let channelId: string;

/** A real `oms import` process on the temp data directory. */
function oms(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...omsArgs(), ...args], { cwd: root, env: { ...process.env, OMS_DATA_DIR: dataDir, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oms-import-cli-'));
  dataDir = join(dir, 'data');
  // The tenant, channel, products and stock, made through the API on the same data directory (a
  // migrated copy of the test template: initdb and the migrations are not what is tested), then closed.
  await seedPgliteDataDir(dataDir);
  const database = await openPglite(dataDir);
  await bootstrapFirstTenant(database.db, new Date(), ADMIN);
  const app = await buildApp({ database, config: { ...loadConfig({}), secretKey: randomBytes(32) } });
  const call = async (method: 'POST' | 'PUT', url: string, body: unknown) => {
    const res = await app.inject({ method, url, payload: body as object, headers: { authorization: `Bearer ${ADMIN}` } });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  await call('POST', '/v1/locations', { code: 'CLI-WH', name: 'CLI warehouse', type: 'warehouse', priority: 1 });
  for (const sku of ['CLI-A', 'CLI-B']) {
    await call('PUT', `/v1/products/${sku}`, { name: sku, price: '5.00', currency: 'USD' });
    await call('POST', '/v1/inventory/adjustments', { sku, location: 'CLI-WH', delta: 1000, reason: 'received' });
  }
  channelId = (await call('POST', '/v1/channels', { type: 'csv', name: 'Back office sheet' })).id;
  await app.close();
  await database.close();
});
after(() => rm(dir, { recursive: true, force: true }));

const header = 'order,sku,qty,price,currency,street,city,country';
const mapping = JSON.stringify({ external_id: 'order', sku: 'sku', quantity: 'qty', unit_price: 'price', currency: 'currency', ship_line1: 'street', ship_city: 'city', ship_country: 'country' });

test('oms import: summary, rejects file and exit codes; a second run counts duplicates; a held database is refused', async () => {
  const rows = [header];
  for (let i = 1; i <= 40; i++) rows.push(`C-${i},CLI-A,1,5.00,USD,1 Main St,Springfield,US`, `C-${i},CLI-B,2,1.25,USD,,,`);
  rows.push('C-41,NOPE,1,5.00,USD,1 Main St,Springfield,US', 'C-42,CLI-A,-1,5.00,USD,1 Main St,Springfield,US', 'C-4\u00003,CLI-A,1,5.00,USD,1 Main St,Springfield,US');
  const file = join(dir, 'orders.csv');
  await writeFile(file, `${rows.join('\n')}\n`);
  const mappingFile = join(dir, 'mapping.json');
  await writeFile(mappingFile, mapping);

  const first = await oms(['import', file, '--format', 'csv', '--channel', channelId, '--mapping', mappingFile]);
  assert.equal(first.code, 2, first.stderr);
  assert.match(first.stdout, /imported +40\n/);
  assert.match(first.stdout, /rejected +3/);
  assert.match(first.stdout, /orders\/s/);
  assert.match(first.stderr, /oms import: 100% of .*orders\.csv/, 'plain progress lines when stderr is not a terminal');
  // Up to 8 orders are captured at once, so rejections are written as they finish: sorted by row here.
  const [rejectsHeader, ...rejectRows] = (await readFile(`${file}.rejected.csv`, 'utf8')).trim().split('\n');
  const rejects = [rejectsHeader, ...rejectRows.sort((a, b) => Number(a.split(',')[0]) - Number(b.split(',')[0]))];
  assert.equal(rejects[0], 'row,column,external_id,reason');
  assert.match(rejects[1] ?? '', /^82,sku,C-41,PRODUCT_UNKNOWN_SKU/);
  assert.match(rejects[2] ?? '', /^83,qty,C-42,.*whole number/);
  // A NUL in the file: that order is refused, and the rejects file names it without writing the NUL.
  assert.equal(rejects.find((r) => r?.startsWith('84,')), '84,order,C-4\\u00003,the cell must not contain NUL characters; the order was not imported');

  const again = join(dir, 'again.csv');
  await writeFile(again, `${rows.slice(0, 21).join('\n')}\n`);
  const second = await oms(['import', again, '--format', 'csv', '--channel', channelId, '--mapping', mapping, '--rejects', join(dir, 'r2.csv')]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /imported +0\n +duplicates +10\n +rejected +0/);

  // A live process holding the embedded database (here: this test's own pid) makes the import refuse, saying why.
  await writeFile(join(dataDir, 'oms.lock'), JSON.stringify({ pid: process.pid, command: 'serve' }));
  const held = await oms(['import', again, '--format', 'csv', '--channel', channelId, '--mapping', mapping]);
  assert.equal(held.code, 1, held.stderr);
  assert.match(held.stderr, /in use by `oms serve` \(pid \d+\).*POST \/v1\/channels\/\{id\}\/imports/);
});
