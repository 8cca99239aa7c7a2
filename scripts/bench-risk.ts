/**
 * `npm run bench:risk`: the pure fraud screening (`screen`, issue 15 §3) per order, as capture will
 * call it: the default rule set parsed and compiled once, then every order of the pinned corpus
 * (test/support/risk-corpus.ts: 105 orders, fraud and benign) screened in turn — signals, score,
 * every rule, the decision with its sentences. Also times compiling the rule set. Prints p50/p99
 * in microseconds and writes bench-results/risk-<stamp>.json. See `npm run bench:risk -- --help`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { compileRuleSet, DEFAULT_RULE_SET, DEFAULT_SETTINGS, prepareScreening, screen } from '../src/modules/risk/index.js';
import { CORPUS } from '../test/support/risk-corpus.js';
import { LatencyRecorder } from './bench/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const HELP = `Usage: npm run bench:risk -- [options]

Times fraud screening of one order (pure evaluation, rules compiled once).

Options:
  --orders N   timed screenings (default 100000)
  --warmup N   untimed screenings first (default 10000)
  -h, --help   this help
`;

const { values } = parseArgs({ options: { orders: { type: 'string' }, warmup: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const count = (raw: string | undefined, fallback: number, name: string): number => {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return n;
};
const orders = count(values.orders, 100_000, 'orders');
const warmup = count(values.warmup, 10_000, 'warmup');

const compileTimes = new LatencyRecorder();
for (let i = 0; i < 200; i++) {
  const a = performance.now();
  const compiled = compileRuleSet(DEFAULT_RULE_SET);
  compileTimes.record((performance.now() - a) * 1000);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
}
const compiled = compileRuleSet(DEFAULT_RULE_SET);
if (!compiled.ok) throw new Error('the default rule set does not compile');
const screening = prepareScreening(compiled.value, DEFAULT_SETTINGS);

let sink = 0;
for (let i = 0; i < warmup; i++) sink += screen((CORPUS[i % CORPUS.length] ?? CORPUS[0])!.input, screening).score;
const recorder = new LatencyRecorder();
for (let i = 0; i < orders; i++) {
  const input = (CORPUS[i % CORPUS.length] ?? CORPUS[0])!.input;
  const a = performance.now();
  sink += screen(input, screening).score;
  recorder.record((performance.now() - a) * 1000);
}

const result = {
  what: 'screen() per order, microseconds; default rule set compiled once; pinned corpus cycled',
  rules: DEFAULT_RULE_SET.rules.length,
  corpus: CORPUS.length,
  screen_us: recorder.summary(),
  compile_rule_set_us: compileTimes.summary(),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  checksum: sink,
};
mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
const file = path.join(ROOT, 'bench-results', `risk-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n${file}\n`);
