#!/usr/bin/env node
// Compiles src/ to dist/ (tsconfig.build.json: transpile only; `npm run typecheck` is the type
// check) and copies the data files that modules read next to themselves (the sample rate cards'
// CSVs). Plain JavaScript: it runs where only the production dependencies are installed.
// `--if-stale` (npm start) builds only when something under src/ or a build setting changed since
// the last build, so a start after `npm install` does not build twice and never serves old code.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const stamp = join(dist, '.built-at');
const settings = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/build.mjs'].map((f) => join(root, f));

/** The newest change under `dir`: a file edited, added, or removed (its directory's time moves). */
function newestChange(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isCurrent() {
  if (!existsSync(stamp) || !existsSync(join(dist, 'apps', 'cli.js'))) return false;
  const builtAt = Number(readFileSync(stamp, 'utf8'));
  return Math.max(newestChange(src), ...settings.map((f) => statSync(f).mtimeMs)) < builtAt;
}

/** Files that are neither code nor documentation travel with the code (tsc copies none). */
const isAsset = (path) => statSync(path).isDirectory() || !/\.(ts|mts|mjs|md)$/.test(path);

if (process.argv.includes('--if-stale') && isCurrent()) process.exit(0);
const startedAt = Date.now();
// From scratch: a module moved or deleted in src/ must not live on in dist/.
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
cpSync(src, dist, { recursive: true, filter: isAsset });
writeFileSync(stamp, String(startedAt));
console.error(`oms: built dist/ in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
