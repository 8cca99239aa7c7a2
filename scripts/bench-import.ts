/**
 * `npm run bench:import [-- --orders N --x12-orders N --postgres]`: the bulk import's rate.
 *
 * Generates, into a temp directory, a CSV of N orders (default 100,000) in Shopify's export
 * layout, 1–3 rows each (about 2N rows), and an X12 file of M purchase orders (default 10,000) in
 * interchanges of 100 850s; imports each into a fresh database exactly as `oms import` does
 * (importOrders: streaming, 8 captures in flight, every order through placeOrder), and prints
 * orders/s and the process's peak RSS and JS heap during each import (sampled every 50 ms) next
 * to the RSS before it (PGlite's WebAssembly memory is most of that baseline). Embedded PGlite in a temp data directory by default; `--postgres`
 * uses a throw-away database on postgres://postgres@127.0.0.1:5432 (OMS_BENCH_PG_URL to change),
 * dropped afterwards. Then a 1,000,000-line CSV (`--stream-lines`) whose orders the mapper
 * rejects (unknown currency): the streaming path alone, to show memory stays flat at that size.
 */
import { createWriteStream, createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { buildApp } from '../src/apps/api/app.js';
import { loadConfig } from '../src/platform/config.js';
import { openPglite, openPostgres, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { bootstrapFirstTenant } from '../src/modules/tenancy/index.js';
import { importOrders } from '../src/flows/capture/import-orders.js';

const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
const ADMIN = 'oms_bench_import_admin_key_0000000000000000000000';
const SKUS = Array.from({ length: 200 }, (_, i) => `BENCH-${String(i).padStart(3, '0')}`);

const { values } = parseArgs({ options: { orders: { type: 'string', default: '100000' }, 'x12-orders': { type: 'string', default: '10000' }, 'stream-lines': { type: 'string', default: '1000000' }, postgres: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } } });
const ORDERS = Number(values.orders);
const X12_ORDERS = Number(values['x12-orders']);
const STREAM_LINES = Number(values['stream-lines']);

// A full GC before each retained-heap sample: what the import keeps, not what it has not freed yet.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A small deterministic PRNG so runs import the same files. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function write(file: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  for (const line of lines) {
    count++;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return count;
}

function* csvRows(orders: number): Generator<string> {
  const rand = prng(1);
  yield 'Name,Email,Financial Status,Currency,Subtotal,Shipping,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Shipping Name,Shipping Address1,Shipping Address2,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Tags\n';
  for (let i = 1; i <= orders; i++) {
    const lines = 1 + Math.floor(rand() * 3);
    for (let l = 0; l < lines; l++) {
      const sku = SKUS[Math.floor(rand() * SKUS.length)] as string;
      const qty = 1 + Math.floor(rand() * 3);
      const head = l === 0 ? `b${i}@example.com,paid,USD,0.00,4.90,Standard,2026-03-05 14:22:10 -0500` : ',,,,,,';
      const addr = l === 0 ? `Buyer ${i},Buyer ${i},${i} Main St,,Springfield,'0${(i % 9000) + 1000},IL,US,bench` : ',,,,,,,,';
      yield `#B${i},${head},${qty},Item,${(5 + (i % 50)).toFixed(2)},${sku},${addr}\n`;
    }
  }
}

function* streamRows(lines: number): Generator<string> {
  yield 'Name,Currency,Lineitem quantity,Lineitem price,Lineitem sku,Shipping Name,Shipping Address1,Shipping City,Shipping Country\n';
  for (let i = 0; i < lines; i++) yield `#S${Math.floor(i / 2)},ZZZ,1,5.00,BENCH-001,Buyer,1 Main St,Springfield,US\n`;
}

function* x12Interchanges(orders: number): Generator<string> {
  const perInterchange = 100;
  for (let start = 0, control = 1; start < orders; start += perInterchange, control++) {
    const isa = `ISA*00*          *00*          *ZZ*${'BENCHBUYER'.padEnd(15)}*ZZ*${'BENCHOMS'.padEnd(15)}*261127*0350*U*00401*${String(control).padStart(9, '0')}*0*P*:~\n`;
    let sets = '';
    const count = Math.min(perInterchange, orders - start);
    for (let i = 0; i < count; i++) {
      const st = String(i + 1).padStart(4, '0');
      const sku = SKUS[(start + i) % SKUS.length] as string;
      const body = [`ST*850*${st}`, `BEG*00*SA*PO-B${start + i + 1}**20261125`, 'N1*ST*BENCH DC', 'N3*100 MAIN ST', 'N4*SPRINGFIELD*IL*62701*US', `PO1*1*2*EA*12.50**SK*${sku}`, 'CTT*1'];
      sets += `${[...body, `SE*${body.length + 1}*${st}`].join('~\n')}~\n`;
    }
    yield `${isa}GS*PO*BENCHBUYER*BENCHOMS*20261127*0350*${control}*X*004010~\n${sets}GE*${count}*${control}~\nIEA*1*${String(control).padStart(9, '0')}~\n`;
  }
}

async function openDatabase(dir: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (!values.postgres) {
    const database = await openPglite(path.join(dir, 'data'));
    return { database, drop: async () => undefined };
  }
  const server = process.env.OMS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `oms_bench_import_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), 12);
  return {
    database,
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function timed(label: string, run: () => Promise<{ total: number; imported: number; duplicates: number; rejected: number }>) {
  gc();
  const baseline = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = baseline;
  let heap = 0;
  const retained: number[] = [];
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 50);
  const gcSampler = setInterval(() => {
    gc();
    retained.push(process.memoryUsage().heapUsed);
  }, 1000);
  const started = performance.now();
  const job = await run();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  clearInterval(gcSampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const mb = (n: number) => Math.round(n / 2 ** 20);
  gc();
  retained.push(process.memoryUsage().heapUsed);
  // The heap after a full GC, every second: flat (not growing with the orders read) = bounded memory.
  const quartiles = retained.length === 0 ? [] : [0, 0.25, 0.5, 0.75, 1].map((q) => mb(retained[Math.min(retained.length - 1, Math.floor(q * (retained.length - 1)))] as number));
  const result = { case: label, orders: job.total, imported: job.imported, duplicates: job.duplicates, rejected: job.rejected, seconds: Math.round(seconds * 10) / 10, orders_per_s: Math.round(job.total / seconds), rss_before_mb: Math.round(baseline / 2 ** 20), peak_rss_mb: mb(peak), peak_js_heap_mb: mb(heap), heap_before_mb: mb(heapBefore), retained_heap_mb_at_0_25_50_75_100pct: quartiles };
  log(`${label}: ${job.total} orders in ${result.seconds} s = ${result.orders_per_s} orders/s (imported ${job.imported}, rejected ${job.rejected}); RSS ${result.rss_before_mb} MB before, peak ${result.peak_rss_mb} MB; JS heap peak ${result.peak_js_heap_mb} MB, ${result.heap_before_mb} MB before, after GC through the run: ${quartiles.join(' / ')} MB`);
  return result;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oms-bench-import-'));
  const { database, drop } = await openDatabase(dir);
  try {
    await migrate(database);
    await bootstrapFirstTenant(database.db, new Date(), ADMIN);
    const app = await buildApp({ database, config: { ...loadConfig({}), secretKey: randomBytes(32) } });
    const call = async (method: 'POST' | 'PUT', url: string, body: unknown) => {
      const res = await app.inject({ method, url, payload: body as object, headers: { authorization: `Bearer ${ADMIN}` } });
      if (res.statusCode >= 300) throw new Error(`${url}: ${res.body}`);
      return res.json();
    };
    await call('POST', '/v1/locations', { code: 'BENCH-WH', name: 'Bench warehouse', type: 'warehouse', priority: 1 });
    for (const sku of SKUS) {
      await call('PUT', `/v1/products/${sku}`, { name: sku, price: '10.00', currency: 'USD' });
      await call('POST', '/v1/inventory/adjustments', { sku, location: 'BENCH-WH', delta: 10_000_000, reason: 'received' });
    }
    const csvChannel = (await call('POST', '/v1/channels', { type: 'csv', name: 'Bench CSV' })).id as string;
    const x12Channel = (await call('POST', '/v1/channels', { type: 'x12', name: 'Bench EDI', settings: { partner_isa_qualifier: 'ZZ', partner_isa_id: 'BENCHBUYER', our_isa_qualifier: 'ZZ', our_isa_id: 'BENCHOMS' } })).id as string;
    await app.close();

    const csvFile = path.join(dir, 'orders.csv');
    const rows = (await write(csvFile, csvRows(ORDERS))) - 1;
    log(`generated ${csvFile}: ${ORDERS} orders, ${rows} rows, ${Math.round(statSync(csvFile).size / 2 ** 20)} MB`);
    const results = [];
    const hooks = { clock: () => new Date() };
    results.push({ ...(await timed(`CSV ${ORDERS} orders`, () => importOrders(database.db, { format: 'csv', channelId: csvChannel, actorId: 'bench' }, createReadStream(csvFile, { highWaterMark: 256 * 1024 }), hooks))), rows });
    if (X12_ORDERS > 0) {
      const x12File = path.join(dir, 'orders.x12');
      await write(x12File, x12Interchanges(X12_ORDERS));
      log(`generated ${x12File}: ${X12_ORDERS} purchase orders, ${Math.round(statSync(x12File).size / 2 ** 20)} MB`);
      results.push(await timed(`X12 ${X12_ORDERS} orders`, () => importOrders(database.db, { format: 'x12', channelId: x12Channel, actorId: 'bench' }, createReadStream(x12File, { highWaterMark: 256 * 1024 }), hooks)));
    }
    if (STREAM_LINES > 0) {
      // The streaming path alone at 1,000,000 lines: parse, group, map; every order is rejected
      // by the mapper (currency ZZZ is not ISO 4217), so nothing waits on the database.
      const bigFile = path.join(dir, 'lines.csv');
      const lines = (await write(bigFile, streamRows(STREAM_LINES))) - 1;
      log(`generated ${bigFile}: ${lines} rows, ${Math.round(statSync(bigFile).size / 2 ** 20)} MB`);
      results.push({ ...(await timed(`CSV ${lines} lines, mapping only`, () => importOrders(database.db, { format: 'csv', channelId: csvChannel, actorId: 'bench' }, createReadStream(bigFile, { highWaterMark: 256 * 1024 }), hooks))), rows: lines });
    }
    const summary = { database: database.kind, node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? null, results };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await database.close();
    await drop();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
