import { readdirSync, readFileSync, statSync } from 'node:fs';
import { after, describe } from 'node:test';
import { pathToFileURL } from 'node:url';

const root = new URL('../../', import.meta.url);
const OWN_PROCESS = /^\/\/ test-files: own process \(.+\)$/m;
/**
 * Each file in a shard keeps a limit of its own (its tests inherit it), as a file alone has
 * `--test-timeout` (package.json), which Node 20 applies to a whole process and so to a shard.
 */
const FILE_TIMEOUT_MS = 10 * 60_000;

/** The groups of test files that share processes, each read from one directory. */
export const SHARED_GROUPS = {
  /** The unit tests beside the code. */
  unit: 'src',
  /** The API tests: each builds its own app on its own embedded database. */
  api: 'test/api',
  /**
   * The browser tests: each builds its own app on its own database and opens its own browser
   * contexts; the files of a shard share one Chromium (test/web/support/browser.ts).
   */
  web: 'test/web',
} as const;
export type SharedGroup = keyof typeof SHARED_GROUPS;

/**
 * The test files of `group` that run together in shared processes: all but the files marked
 * `// test-files: own process (why)`, which scripts/test-files.sh starts alone. Sorted.
 */
export function sharedProcessFiles(group: SharedGroup): string[] {
  const dir = SHARED_GROUPS[group];
  return readdirSync(new URL(`${dir}/`, root), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.test.ts'))
    .map((path) => `${dir}/${path.split('\\').join('/')}`)
    .filter((file) => !OWN_PROCESS.test(readFileSync(new URL(file, root), 'utf8')))
    .sort();
}

/**
 * Splits the files into `of` shards of about equal size (largest file first, each to the smallest
 * shard so far): a file's size is a fair guess at its run time, and the longest shard sets the wall
 * time on two cores. Deterministic for one set of files.
 */
export function shardsOf(files: string[], of: number, sizeOf: (file: string) => number): string[][] {
  const shards = Array.from({ length: of }, () => ({ files: [] as string[], size: 0 }));
  const bySize = [...files].sort((a, b) => sizeOf(b) - sizeOf(a) || a.localeCompare(b));
  for (const file of bySize) {
    const smallest = shards.reduce((min, shard) => (shard.size < min.size ? shard : min));
    smallest.files.push(file);
    smallest.size += sizeOf(file);
  }
  return shards.map((shard) => shard.files.sort());
}

/** What the files of this process's shard share, closed after its last file (runSharedShard). */
const shardTeardowns: (() => Promise<void>)[] = [];
let inShard = false;

/**
 * For a resource the files of one process may share (one Chromium: test/web/support/browser.ts):
 * in a shard, `teardown` runs after its last file and the answer is true; in a file run alone the
 * answer is false and the caller closes the resource with the file (its own `after`), as the
 * process must end with it.
 */
export function closeAfterShard(teardown: () => Promise<void>): boolean {
  if (!inShard) return false;
  shardTeardowns.push(teardown);
  return true;
}

/**
 * Registers the `shard`-th (1-based) of `of` shards of `group`, each file a suite of its own, so
 * its top-level hooks stay in it. A process per file bought nothing but start-up: loading
 * TypeScript through tsx's hooks, the packages and the app's modules cost 7–15 s of CPU a file,
 * often more than its tests (docs/adr/0020-what-runs-on-postgresql.md). These files change no
 * process-wide state; one that must (or measures the process itself) says `own process`. One file
 * alone: `npx tsx --test test/api/x.test.ts`.
 */
export function runSharedShard(group: SharedGroup, shard: number, of: number): void {
  const files = shardsOf(sharedProcessFiles(group), of, (file) => statSync(new URL(file, root)).size)[shard - 1] ?? [];
  inShard = true;
  after(async () => {
    for (const teardown of shardTeardowns.splice(0).reverse()) await teardown();
  });
  for (const file of files) {
    describe(file, { timeout: FILE_TIMEOUT_MS }, async () => {
      await import(pathToFileURL(new URL(file, root).pathname).href);
    });
  }
}
