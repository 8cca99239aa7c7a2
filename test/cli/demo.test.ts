// test-files: embedded database only (it spawns `oms` on a data directory of its own)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { seedPgliteDataDir } from '../support/database.js';
import { omsArgs } from '../support/oms-cli.js';

const ADMIN = 'oms_cli_demo_test_admin_key_00000000000000000000';
const root = new URL('../../', import.meta.url).pathname;
let dir: string;
let dataDir: string;

/** A real `oms demo` process on the temp data directory. */
function oms(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...omsArgs(), ...args], {
      cwd: root,
      env: { ...process.env, OMS_DATA_DIR: dataDir, DATABASE_URL: '', OMS_ADMIN_KEY: ADMIN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oms-demo-cli-'));
  dataDir = join(dir, 'data');
  // A migrated copy of the test template without any tenant: `oms demo` makes the first one.
  await seedPgliteDataDir(dataDir);
});
after(() => rm(dir, { recursive: true, force: true }));

test('oms demo loads the data set into the first tenant once; a second run changes nothing and says so', async () => {
  const first = await oms(['demo']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Loaded in [\d.]+ s: 3 locations, 22 products, 40 orders \(.*10 delivered.*\)/);
  const second = await oms(['demo']);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /already has orders, so the demo was not loaded again: nothing changed/);
  const unknown = await oms(['demo', '--tenant', 'ten_00000000000000000000000000']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no tenant ten_0+ in this database/);
});
