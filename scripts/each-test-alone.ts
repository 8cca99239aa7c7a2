/**
 * `npx tsx scripts/each-test-alone.ts [--timeout SECONDS] [--only REGEX] [--jobs N] FILE.test.ts [...]`:
 * runs every test of the given files (or those whose name, with its describe names, matches
 * `--only`) on its own, in a fresh process (N at a time, default 1), and prints the ones that
 * fail, hang or are not alone in matching their name.
 *
 * A test that passes in its file but fails alone depends on data an earlier test made. Tests are
 * listed by running each file once with a name pattern nothing matches (every test is reported as
 * skipped, the TAP output keeps the nesting); each is then run with
 * `--test-name-pattern="^(?:<describe names> )?<name>$"`: Node 20 matches a test's own name,
 * later Node versions the name with its ancestors', and the pattern fits both. A run must pass
 * exactly one test, within the timeout (default 120 s); the exit code is the number of problems.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

interface Listed {
  file: string;
  path: string[];
}

interface Outcome {
  ok: boolean;
  seconds: number;
  summary: string;
  output: string;
}

const TSX = new URL('../node_modules/.bin/tsx', import.meta.url).pathname;
const MATCHES_NOTHING = '(?!)';

const { values, positionals: files } = parseArgs({ allowPositionals: true, options: { timeout: { type: 'string', default: '120' }, only: { type: 'string' }, jobs: { type: 'string', default: '1' } } });
const only = values.only === undefined ? undefined : new RegExp(values.only);
const timeoutSeconds = Number(values.timeout);
const jobs = Number(values.jobs);
if (files.length === 0 || !Number.isFinite(timeoutSeconds) || !Number.isInteger(jobs) || jobs < 1) {
  process.stderr.write('usage: npx tsx scripts/each-test-alone.ts [--timeout SECONDS] [--only REGEX] [--jobs N] FILE.test.ts [...]\n');
  process.exit(2);
}

let problems = 0;
const queue: Listed[] = [];
for (const file of files) {
  const listing = await run(file, MATCHES_NOTHING);
  const listed = listTests(file, listing.output);
  if (listed.length === 0) {
    problems += 1;
    process.stdout.write(`FAIL ${file}: no tests listed (${listing.summary})\n${indent(listing.output)}\n`);
  }
  queue.push(...listed.filter((each) => !only || only.test(each.path.join(' '))));
}
await Promise.all(Array.from({ length: jobs }, async () => {
  for (let test = queue.shift(); test; test = queue.shift()) {
    const outcome = await run(test.file, patternFor(test.path));
    const name = test.path.join(' > ');
    process.stdout.write(`${outcome.ok ? 'ok  ' : 'FAIL'} ${outcome.seconds.toFixed(1).padStart(6)} s  ${test.file}: ${name}${outcome.ok ? '' : `  (${outcome.summary})`}\n`);
    if (!outcome.ok) {
      problems += 1;
      process.stdout.write(`${indent(failureExcerpt(outcome.output))}\n`);
    }
  }
}));
process.stdout.write(`${problems === 0 ? 'every test passed alone' : `${problems} problem(s)`}\n`);
process.exitCode = Math.min(problems, 99);

/** `^(?:outer inner )?name$`, regex-escaped. */
function patternFor(path: string[]): string {
  const name = escapeRegExp(path.at(-1) ?? '');
  const ancestors = path.slice(0, -1).join(' ');
  return ancestors ? `^(?:${escapeRegExp(ancestors)} )?${name}$` : `^${name}$`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function run(file: string, pattern: string): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(TSX, ['--test', '--test-reporter=tap', `--test-name-pattern=${pattern}`, file], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, timeoutSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const count = (label: string) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
      const [pass, fail, cancelled] = [count('pass'), count('fail'), count('cancelled')];
      const summary = timedOut ? `hung: killed after ${timeoutSeconds} s` : `exit ${code}, pass ${pass}, fail ${fail}, cancelled ${cancelled}`;
      const ok = !timedOut && code === 0 && fail === 0 && cancelled === 0 && (pattern === MATCHES_NOTHING || pass === 1);
      resolve({ ok, seconds, summary: ok || pass <= 1 ? summary : `${summary}: the name is not unique`, output });
    });
  });
}

/**
 * The tests (not suites) in Node's TAP output, each with its describe path. `# Subtest:` lines give
 * the nesting (four spaces a level); a suite's result block carries `type: 'suite'`.
 */
function listTests(file: string, tap: string): Listed[] {
  const lines = tap.split('\n');
  const stack: string[] = [];
  const tests: Listed[] = [];
  for (const [i, line] of lines.entries()) {
    const subtest = /^( *)# Subtest: (.*)$/.exec(line);
    if (subtest) {
      const level = (subtest[1] ?? '').length / 4;
      stack.length = level;
      stack[level] = unescapeTap(subtest[2] ?? '');
      continue;
    }
    const result = /^( *)(?:not )?ok \d+ - /.exec(line);
    if (!result) continue;
    const level = (result[1] ?? '').length / 4;
    let suite = false;
    for (let j = i + 1; j < lines.length && !/^ *\.\.\.$/.test(lines[j] ?? ''); j += 1) {
      if (/^ *type: 'suite'$/.test(lines[j] ?? '')) suite = true;
    }
    if (!suite) tests.push({ file, path: stack.slice(0, level + 1) });
  }
  return tests;
}

function unescapeTap(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

/** The failing tests' reports (or the tail of the output), for a quick look. */
function failureExcerpt(output: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => /^ *not ok /.test(l));
  const excerpt = start >= 0 ? lines.slice(start, start + 40) : lines.slice(-40);
  return excerpt.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
