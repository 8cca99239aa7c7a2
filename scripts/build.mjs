#!/usr/bin/env node
// Compiles src/ to dist/ (tsconfig.build.json: transpile only; `npm run typecheck` is the type
// check) and copies the data files that modules read next to themselves (the sample rate cards'
// CSVs); then builds the operator console web/ into web/dist with Vite. Plain JavaScript: it runs
// where only the production dependencies are installed (there, without Vite, the console is skipped
// with a message and `oms serve` says at / how to build it).
// `--if-stale` (npm start) builds each part only when its sources or a build setting changed since
// its last build, so a start after `npm install` does not build twice and never serves old code.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);
const ifStale = process.argv.includes('--if-stale');
// `--console-only`: web/dist alone (the browser tests build it when web/ changed).
const consoleOnly = process.argv.includes('--console-only');
// `--server-only`: dist/ alone (`npm test` and the tests that spawn `oms` need no console).
const serverOnly = process.argv.includes('--server-only');

/** The newest change under `path`: a file edited, added, or removed (its directory's time moves). */
function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** Whether `stamp` (the start time of the last build) is newer than every input. */
function isCurrent(stamp, output, inputs) {
  if (!existsSync(stamp) || !existsSync(output)) return false;
  const builtAt = Number(readFileSync(stamp, 'utf8'));
  return Math.max(...inputs.map((p) => join(root, p)).filter(existsSync).map(newestChange)) < builtAt;
}

const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);

function buildServer() {
  const dist = join(root, 'dist');
  const stamp = join(dist, '.built-at');
  if (ifStale && isCurrent(stamp, join(dist, 'apps', 'cli.js'), ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/build.mjs'])) return;
  const startedAt = Date.now();
  /** Files that are neither code nor documentation travel with the code (tsc copies none). */
  const isAsset = (path) => statSync(path).isDirectory() || !/\.(ts|mts|mjs|md)$/.test(path);
  // From scratch: a module moved or deleted in src/ must not live on in dist/.
  rmSync(dist, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  cpSync(join(root, 'src'), dist, { recursive: true, filter: isAsset });
  writeFileSync(stamp, String(startedAt));
  console.error(`oms: built dist/ in ${seconds(startedAt)} s`);
}

async function buildConsole() {
  const web = join(root, 'web');
  const stamp = join(web, 'dist', '.built-at');
  // The console shows what a role may do from the server's own policy table (web/src/auth/permissions.ts).
  const inputs = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/package.json', 'web/tsconfig.json', 'src/modules/tenancy/domain/roles.ts', 'scripts/build.mjs'];
  if (ifStale && isCurrent(stamp, join(web, 'dist', 'index.html'), inputs)) return;
  let vite;
  try {
    vite = await import(require.resolve('vite', { paths: [web] }));
  } catch {
    console.error('oms: Vite is not installed (production dependencies only): the console (web/dist) was not built.');
    return;
  }
  const startedAt = Date.now();
  await vite.build({ root: web, configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, String(startedAt));
  console.error(`oms: built web/dist in ${seconds(startedAt)} s`);
}

if (!consoleOnly) buildServer();
if (!serverOnly) await buildConsole();
