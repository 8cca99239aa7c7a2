/**
 * `npm run bench:returns [-- --orders N --concurrency C --postgres]`: how many returns per second
 * the OMS creates, receives and refunds (issue 14 §3).
 *
 * Starts the server (src/apps/cli.ts serve) on a fresh database (PGlite, or a throw-away PostgreSQL
 * database with --postgres, as `npm run bench`), seeds one warehouse, 20 products and N orders of
 * 2 units each, paid by the channel's sale at capture and shipped (pack + ship). Then, N returns at
 * a time, C requests in flight, times each phase over HTTP: request (POST /v1/orders/{id}/returns),
 * approve, receive (every unit restocked: a stock adjustment and the order's status), refund (a
 * refund on the payment ledger). Every request must answer its success status; the phase's rate is
 * N / its wall time.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createTarget, sendJson, type HttpTarget } from './bench/http.js';
import { freePort, prepareDatabase, ServerProcess } from './bench/server.js';
import { LatencyRecorder } from './bench/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
const { values } = parseArgs({ options: { orders: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '8' }, postgres: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } } });
const N = Number(values.orders);
const C = Number(values.concurrency);

/** Runs `work(i)` for i in 0..n−1, `c` at a time; each must return the expected status. */
async function phase(name: string, n: number, c: number, work: (i: number) => Promise<{ status: number; body: string }>, expected: number): Promise<{ phase: string; per_s: number; p50_ms: number | null; p99_ms: number | null }> {
  const latencies = new LatencyRecorder();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      for (let i = next++; i < n; i = next++) {
        const s = performance.now();
        const res = await work(i);
        if (res.status !== expected) throw new Error(`${name} #${i}: HTTP ${res.status} ${res.body.slice(0, 400)}`);
        latencies.record(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const summary = latencies.summary();
  return { phase: name, per_s: Math.round((n / seconds) * 10) / 10, p50_ms: summary.p50, p99_ms: summary.p99 };
}

async function main(): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultsDir = path.join(ROOT, 'bench-results');
  mkdirSync(resultsDir, { recursive: true });
  const db = await prepareDatabase({ postgres: values.postgres ?? false, keep: false, stamp }, log);
  const port = await freePort();
  const adminKey = `oms_${randomBytes(32).toString('base64url')}`;
  const server = new ServerProcess({ cwd: ROOT, entry: 'src/apps/cli.ts', env: { ...db.env, PORT: String(port), HOST: '127.0.0.1', OMS_ADMIN_KEY: adminKey, LOG_LEVEL: 'warn' }, logPath: path.join(resultsDir, `${stamp}.returns.server.log`), verbose: values.verbose ?? false });
  const target: HttpTarget = createTarget('127.0.0.1', port, { authorization: `Bearer ${adminKey}`, accept: 'application/json' }, Math.max(C, 8));
  try {
    await server.waitReady(target, 180_000);
    const must = async (what: string, res: Promise<{ status: number; body: string }>, ok = [200, 201]) => {
      const r = await res;
      if (!ok.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${r.body.slice(0, 400)}`);
      return JSON.parse(r.body) as Record<string, unknown>;
    };
    log(`seeding: a warehouse, 20 products, ${N} orders paid at capture and shipped…`);
    await must('location', sendJson(target, 'POST', '/v1/locations', { code: 'RET-WH', name: 'Returns DC', type: 'warehouse', priority: 1, address: { name: 'DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' }));
    await must('box', sendJson(target, 'PUT', '/v1/boxes/RET-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' }));
    await must('carriers', sendJson(target, 'POST', '/v1/carriers/samples'));
    const skus = Array.from({ length: 20 }, (_, i) => `RB-${String(i).padStart(3, '0')}`);
    for (const sku of skus) {
      await must(`product ${sku}`, sendJson(target, 'PUT', `/v1/products/${sku}`, { name: sku, price: '12.50', currency: 'USD', dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 }));
      await must(`stock ${sku}`, sendJson(target, 'POST', '/v1/inventory/adjustments', { sku, location: 'RET-WH', delta: N * 2, reason: 'received' }));
    }
    const orders: { id: string; lineId: string }[] = [];
    const seeded = await phase('seed (capture, pack, ship)', N, C, async (i) => {
      const key = `rb-${stamp}-${i}`;
      const order = await must('capture', sendJson(target, 'POST', '/v1/orders', {
        channel: 'bench', external_id: key, currency: 'USD', customer: { email: 'b@example.com', name: 'Bench' },
        shipping_address: { name: 'Bench', line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' },
        lines: [{ sku: skus[i % skus.length], quantity: 2, unit_price: '12.50' }], shipping: { service_level: 'standard', price: '5.00' },
        transactions: [{ kind: 'sale', amount: '30.00', gateway: 'bench', gateway_reference: key }],
      }, { 'idempotency-key': key }));
      const id = order.id as string;
      orders[i] = { id, lineId: (order.lines as { id: string }[])[0]?.id as string };
      const fos = (await must('fulfillment orders', sendJson(target, 'GET', `/v1/fulfillment-orders?order_id=${id}`))).data as { id: string }[];
      for (const fo of fos) {
        await must('pack', sendJson(target, 'POST', `/v1/fulfillment-orders/${fo.id}/pack`, {}));
        await must('ship', sendJson(target, 'POST', `/v1/fulfillment-orders/${fo.id}/ship`, {}));
      }
      return { status: 201, body: '' };
    }, 201);
    log(`  ${seeded.per_s} orders/s seeded`);
    const returns: { id: string; lineId: string }[] = [];
    const results = [
      await phase('returns requested', N, C, async (i) => {
        const o = orders[i] as { id: string; lineId: string };
        const res = await sendJson(target, 'POST', `/v1/orders/${o.id}/returns`, { lines: [{ order_line_id: o.lineId, quantity: 2, reason: i % 2 ? 'defective' : 'changed_mind' }] });
        if (res.status === 201) {
          const r = JSON.parse(res.body) as { id: string; lines: { id: string }[] };
          returns[i] = { id: r.id, lineId: r.lines[0]?.id as string };
        }
        return res;
      }, 201),
      await phase('returns approved', N, C, (i) => sendJson(target, 'POST', `/v1/returns/${returns[i]?.id}/approve`, { location: 'RET-WH' }), 200),
      await phase('returns received (2 units restocked)', N, C, (i) => sendJson(target, 'POST', `/v1/returns/${returns[i]?.id}/receipts`, { lines: [{ return_line_id: returns[i]?.lineId, quantity: 2, disposition: 'restock' }] }), 201),
      await phase('returns refunded', N, C, (i) => sendJson(target, 'POST', `/v1/returns/${returns[i]?.id}/refunds`, {}, { 'idempotency-key': `rf-${stamp}-${i}` }), 201),
    ];
    const doc = { engine: db.engine, orders: N, concurrency: C, cpus: os.availableParallelism(), load_average: os.loadavg().map((x) => Math.round(x * 10) / 10), results };
    process.stdout.write(`${JSON.stringify(doc)}\n`);
    for (const r of results) log(`${r.phase.padEnd(40)} ${String(r.per_s).padStart(7)}/s  p50 ${r.p50_ms} ms  p99 ${r.p99_ms} ms`);
  } finally {
    target.agent.destroy();
    await server.stop();
    await db.cleanup();
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
