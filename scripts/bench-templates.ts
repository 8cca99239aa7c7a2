/**
 * `npm run bench:templates`: rendering one customer message (issue 16: "rendering per template"),
 * every shipped template in every shipped locale, compiled once as the subscriber does per event,
 * with the sample data (modules/notifications/domain/sample-data.ts). Prints p50/p99 in
 * microseconds and the HTML size per template, and writes bench-results/templates-<stamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { compileTemplate, renderMessage, sampleData, SHIPPED_LOCALES, SHIPPED_TEMPLATES, TEMPLATE_NAMES } from '../src/modules/notifications/index.js';
import { LatencyRecorder } from './bench/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { renders: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  process.stdout.write('Usage: npm run bench:templates -- [--renders N]   timed renders per template and locale (default 2000)\n');
  process.exit(0);
}
const renders = values.renders === undefined ? 2000 : Number(values.renders);
if (!Number.isInteger(renders) || renders <= 0) throw new Error(`--renders must be a positive integer, got "${values.renders}"`);

const data = sampleData();
const templates: Record<string, { render_us: ReturnType<LatencyRecorder['summary']>; html_bytes: number; text_bytes: number }> = {};
for (const locale of SHIPPED_LOCALES) {
  for (const name of TEMPLATE_NAMES) {
    const compiled = compileTemplate(SHIPPED_TEMPLATES[locale][name]);
    for (let i = 0; i < Math.min(200, renders); i++) await renderMessage(compiled, data);
    const recorder = new LatencyRecorder();
    let last = { html: '', text: '' };
    for (let i = 0; i < renders; i++) {
      const a = performance.now();
      last = await renderMessage(compiled, data);
      recorder.record((performance.now() - a) * 1000);
    }
    templates[`${locale}/${name}`] = { render_us: recorder.summary(), html_bytes: Buffer.byteLength(last.html), text_bytes: Buffer.byteLength(last.text) };
  }
}

const result = { what: 'renderMessage() of one compiled shipped template with the sample data, microseconds', renders, templates, node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown' };
mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
const file = path.join(ROOT, 'bench-results', `templates-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
for (const [key, r] of Object.entries(templates)) process.stdout.write(`${key.padEnd(28)} p50 ${r.render_us.p50} µs  p99 ${r.render_us.p99} µs  html ${r.html_bytes} B  text ${r.text_bytes} B\n`);
process.stdout.write(`${file}\n`);
