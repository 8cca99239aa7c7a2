// test-files: embedded database only (it spawns `oms` on a data directory of its own)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/apps/api/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { openPglite } from '../../src/platform/db/database.js';
import { seedPgliteDataDir } from '../support/database.js';
import { omsArgs } from '../support/oms-cli.js';

const root = new URL('../../', import.meta.url).pathname;
let dir: string;
let dataDir: string;

/** A real `oms users …` process on the temp data directory. */
function oms(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...omsArgs(), ...args], { cwd: root, env: { ...process.env, OMS_DATA_DIR: dataDir, DATABASE_URL: '', OMS_ADMIN_KEY: '', OMS_PUBLIC_URL: 'https://oms.shop.test/' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** POST /v1/session on the data directory (the CLI has exited: PGlite is one process at a time). */
async function signInStatus(email: string, password: string): Promise<number> {
  const database = await openPglite(dataDir);
  const app = await buildApp({ database, config: { ...loadConfig({}), secretKey: randomBytes(32) } });
  const res = await app.inject({ method: 'POST', url: '/v1/session', payload: { email, password } });
  await app.close();
  await database.close();
  return res.statusCode;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oms-users-cli-'));
  dataDir = join(dir, 'data');
  await seedPgliteDataDir(dataDir);
});
after(() => rm(dir, { recursive: true, force: true }));

test('on an empty installation, `oms users create` makes the first tenant and an admin with a generated password that signs in', async () => {
  const res = await oms(['users', 'create', '--email', 'You@Shop.test', '--role', 'admin']);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stderr, /Created tenant ten_[0-9a-z]{26} and an admin API key \(shown only now\): oms_/);
  assert.match(res.stdout, /Created admin you@shop\.test \(usr_[0-9a-z]{26}\)/);
  const password = /Password \(shown only now\): (\S+)/.exec(res.stdout)?.[1];
  assert.ok(password && password.length >= 20, `a strong password is printed: ${res.stdout}`);
  assert.equal(await signInStatus('you@shop.test', password), 200);
  const list = await oms(['users', 'list']);
  assert.match(list.stdout, /usr_[0-9a-z]{26} {2}you@shop\.test {2}admin/);
});

test('`--password-stdin` takes the password; a weak one is refused with the reason', async () => {
  const weak = await oms(['users', 'create', '--email', 'weak@shop.test', '--role', 'viewer', '--password-stdin'], 'short\n');
  assert.equal(weak.code, 1);
  assert.match(weak.stderr, /PASSWORD_TOO_WEAK/);
  const ok = await oms(['users', 'create', '--email', 'ops@shop.test', '--role', 'operator', '--name', 'Ops', '--password-stdin'], 'a long operator passphrase\n');
  assert.equal(ok.code, 0, ok.stderr);
  assert.doesNotMatch(ok.stdout, /Password \(shown only now\)/);
  assert.equal(await signInStatus('ops@shop.test', 'a long operator passphrase'), 200);
  const taken = await oms(['users', 'create', '--email', 'OPS@shop.test', '--role', 'viewer']);
  assert.equal(taken.code, 1);
  assert.match(taken.stderr, /USER_EMAIL_TAKEN/);
});

test('`oms users reset-link` prints a link on OMS_PUBLIC_URL whose token sets a new password once', async () => {
  const res = await oms(['users', 'reset-link', 'ops@shop.test']);
  assert.equal(res.code, 0, res.stderr);
  const token = /^https:\/\/oms\.shop\.test\/reset-password\?token=([A-Za-z0-9_-]{43})\n$/.exec(res.stdout)?.[1];
  assert.ok(token, `the link: ${res.stdout}`);
  const database = await openPglite(dataDir);
  const app = await buildApp({ database, config: { ...loadConfig({}), secretKey: randomBytes(32) } });
  const confirm = () => app.inject({ method: 'POST', url: '/v1/password-resets/confirm', payload: { token, password: 'the new operator passphrase' } });
  assert.equal((await confirm()).statusCode, 204);
  assert.equal((await confirm()).statusCode, 422, 'the link works once');
  await app.close();
  await database.close();
  assert.equal(await signInStatus('ops@shop.test', 'the new operator passphrase'), 200);
  const unknown = await oms(['users', 'reset-link', 'nobody@shop.test']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no active user/);
});
