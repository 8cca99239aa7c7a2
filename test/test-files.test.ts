// test-files: embedded database is enough (it reads test sources and opens no database)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SHARED_GROUPS, sharedProcessFiles, shardsOf } from './support/shared-process.js';

/**
 * Which files run where (docs/adr/0020-what-runs-on-postgresql.md) is decided by scripts/test-files.sh
 * from directories and marks. This keeps a file whose outcome may depend on the database server from
 * silently running on the embedded database alone: a file outside test/db, test/e2e and test/broker
 * that races work, drives the outbox relay or its job queues, sizes a pool, asks which engine it is
 * on or names server machinery in SQL must carry a mark saying where it runs, and why.
 */
const root = new URL('../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
const listed = (...args: string[]) => execFileSync('scripts/test-files.sh', args, { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
const testFiles = (dir: string) =>
  readdirSync(new URL(`${dir}/`, root), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.test.ts'))
    .map((path) => `${dir}/${path.split('\\').join('/')}`)
    .sort();

const OWN_PROCESS = /^\/\/ test-files: own process \(.+\)$/m;
const SERVER_DIRS = /^test\/(db|e2e|broker)\//;
const MARKS = {
  server: /^\/\/ test-files: database server \(.+\)$/m,
  embeddedOnly: /^\/\/ test-files: embedded database only \(.+\)$/m,
  embeddedEnough: /^\/\/ test-files: embedded database is enough \(.+\)$/m,
};

/** What makes a file's outcome likely to depend on the server, by what it looks like in the source. */
const SIGNS: [string, RegExp][] = [
  ['work at once (Promise.all/allSettled/race/any)', /\bPromise\.(all|allSettled|race|any)\(/],
  ['the outbox relay or a job queue (relay, lease, claim, poll)', /\b(relay\w*|lease[A-Z]\w*|claim[A-Z]\w*|poll[A-Z]\w*)\(/],
  ['the engine it runs on', /\b(isPostgres|TEST_DATABASE_URL|createPostgresTestDatabase)\b/],
  ['a pool size', /\bpoolSize\b/],
  ['server machinery in SQL', /\b(for update|skip locked|pg_advisory_\w+|pg_notify|pg_terminate_backend|pg_sleep|lock_timeout|statement_timeout|idle_in_transaction)\b|\b(LISTEN|NOTIFY) \w/i],
];

test('a file under test/ that looks server-dependent says where it runs', () => {
  const onServer = new Set(listed('--database'));
  const unmarked: string[] = [];
  for (const file of testFiles('test')) {
    if (onServer.has(file)) continue;
    const source = read(file);
    if (MARKS.embeddedOnly.test(source) || MARKS.embeddedEnough.test(source)) continue;
    const signs = SIGNS.filter(([, sign]) => sign.test(source)).map(([name]) => name);
    if (signs.length > 0) unmarked.push(`${file}: ${signs.join('; ')}`);
  }
  assert.deepEqual(
    unmarked,
    [],
    'mark each with `// test-files: database server (why)` to run it on PostgreSQL too, or `// test-files: embedded database is enough (why)`',
  );
});

test('marks are used as scripts/test-files.sh reads them, each with its reason', () => {
  const onServer = new Set(listed('--database'));
  for (const file of testFiles('test')) {
    const source = read(file);
    const marks = Object.entries(MARKS).filter(([, mark]) => mark.test(source)).map(([name]) => name);
    assert.ok(marks.length <= 1, `${file} carries more than one mark: ${marks.join(', ')}`);
    const lines = source.match(/^\/\/ test-files:.*$/gm) ?? [];
    assert.equal(lines.filter((line) => !OWN_PROCESS.test(line)).length, marks.length, `${file}: a test-files mark without its reason in parentheses, or misspelt`);
    const expected = !MARKS.embeddedOnly.test(source) && (SERVER_DIRS.test(file) || MARKS.server.test(source));
    assert.equal(onServer.has(file), expected, `${file} ${expected ? 'must' : 'must not'} run on PostgreSQL`);
    if (SERVER_DIRS.test(file)) assert.ok(!MARKS.embeddedEnough.test(source), `${file}: everything under test/db, test/e2e and test/broker runs on the server`);
  }
});

test('npm test runs every test file: unit, API and browser tests in their shards, the rest each alone', () => {
  const started = listed();
  const sharedDirs = Object.values(SHARED_GROUPS);
  const ownProcess = sharedDirs.flatMap((dir) => testFiles(dir)).filter((file) => OWN_PROCESS.test(read(file)));
  const alone = testFiles('test').filter((file) => !sharedDirs.some((dir) => file.startsWith(`${dir}/`)));
  assert.deepEqual([...started].sort(), [...ownProcess, ...alone].sort(), `scripts/test-files.sh starts the shards, the files that need a process of their own and every file under test/ but ${sharedDirs.filter((dir) => dir.startsWith('test/')).join(', ')}`);
  for (const group of Object.keys(SHARED_GROUPS) as (keyof typeof SHARED_GROUPS)[]) {
    const all = testFiles(SHARED_GROUPS[group]);
    assert.deepEqual([...sharedProcessFiles(group), ...ownProcess.filter((file) => all.includes(file))].sort(), all, `every other ${group} file runs in a shared process`);
    const shards = alone.filter((file) => new RegExp(`runSharedShard\\('${group}'`).test(read(file)));
    const split = shards.map((file) => new RegExp(`runSharedShard\\('${group}', (\\d+), (\\d+)\\)`).exec(read(file))?.slice(1).map(Number));
    assert.ok(shards.length > 0, `no shard runs the ${group} files`);
    assert.deepEqual(split, shards.map((_, i) => [i + 1, shards.length]), `the ${group} shards ${shards.join(', ')} cover 1..n of n`);
  }
});

test('shards hold every file once, the largest first to the smallest shard', () => {
  const sizes: Record<string, number> = { a: 5, b: 4, c: 3, d: 2, e: 1, f: 1 };
  const shards = shardsOf(Object.keys(sizes), 2, (file) => sizes[file] ?? 0);
  assert.deepEqual(shards, [['a', 'd', 'e'], ['b', 'c', 'f']]);
  assert.deepEqual(shardsOf([], 3, () => 1), [[], [], []]);
});
