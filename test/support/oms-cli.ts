import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
let built = false;

/**
 * How a test runs `oms` in a child process: `[process.execPath, ...omsArgs(), 'serve']`. The
 * compiled dist/apps/cli.js, not the TypeScript through tsx: each start then skips compiling 650
 * modules (seconds apiece, for dozens of starts per run). `npm test` builds dist/ first when src/
 * changed (its pretest); a test file run alone checks here, once per process.
 */
export function omsArgs(): string[] {
  if (!built) {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale', '--server-only'], { stdio: 'inherit' });
    built = true;
  }
  return [join(root, 'dist', 'apps', 'cli.js')];
}
