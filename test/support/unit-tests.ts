import { readdirSync, readFileSync } from 'node:fs';
import { describe } from 'node:test';
import { pathToFileURL } from 'node:url';

const root = new URL('../../', import.meta.url);

/**
 * The unit tests beside the code (src/**\/*.test.ts) that run together in one process: all but the
 * files marked `// test-files: own process`, which scripts/test-files.sh starts alone. Sorted.
 */
export function sharedProcessUnitTests(): string[] {
  return readdirSync(new URL('src/', root), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.test.ts'))
    .map((path) => `src/${path.split('\\').join('/')}`)
    .filter((file) => !/^\/\/ test-files: own process \(.+\)$/m.test(readFileSync(new URL(file, root), 'utf8')))
    .sort();
}

/**
 * Registers every `of`-th of those files, from the `shard`-th (1-based), each file a suite of its
 * own, so its top-level hooks stay in it. Unit tests open no database, start no process and
 * change no process-wide state, so a process each bought nothing but start-up: loading TypeScript
 * through tsx's hooks and the packages cost 1–7 s of CPU a file, more than its tests
 * (docs/adr/0020-what-runs-on-postgresql.md). Shards keep one process under the per-file time
 * limit on a loaded machine and let both cores work. One file alone: `npx tsx --test src/…/x.test.ts`.
 */
export function runUnitTests(shard: number, of: number): void {
  sharedProcessUnitTests()
    .filter((_, i) => i % of === shard - 1)
    .forEach((file) => {
      describe(file, async () => {
        await import(pathToFileURL(new URL(file, root).pathname).href);
      });
    });
}
