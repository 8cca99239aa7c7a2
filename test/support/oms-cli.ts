import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const lock = join(root, 'dist.build-lock');
let built = false;

/**
 * How a test runs `oms` in a child process: `[process.execPath, ...omsArgs(), 'serve']`. The
 * compiled dist/apps/cli.js, not the TypeScript through tsx: each start then skips compiling 650
 * modules (seconds apiece, for dozens of starts per run). `npm test` builds dist/ first when src/
 * changed (its pretest); a test file run alone rebuilds it here when stale, once per process, under
 * a lock directory, so parallel test files never start `oms` from a half-written dist/.
 */
export function omsArgs(): string[] {
  if (!built) {
    withLock(() => execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale', '--server-only'], { stdio: 'inherit' }));
    built = true;
  }
  return [join(root, 'dist', 'apps', 'cli.js')];
}

function withLock(fn: () => void): void {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than a build could take is left by a killed run.
      const age = Date.now() - (statOrNull(lock)?.mtimeMs ?? Date.now());
      if (age > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${lock} is held: remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
