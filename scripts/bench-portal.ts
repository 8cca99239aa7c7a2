/**
 * `npm run bench:portal [-- --requests N --concurrency C --postgres]`: the customer portal's order
 * page over HTTP against the real server (issue 16 §2, ADR 0036).
 *
 * Starts the server (src/apps/cli.ts serve) on a fresh database (PGlite, or a throw-away
 * PostgreSQL database with --postgres, as `npm run bench`), gives the tenant a portal, seeds 20
 * orders of two lines, each packed and shipped with a tracking scan, and opens each one's session
 * through the lookup form (order number + e-mail, as a customer does). Then GET /portal/{slug}/order
 * N times, C in flight, round-robin over the 20 sessions, after 50 unmeasured warm-up requests;
 * every answer must be 200 with the order's title. Prints p50/p95/p99 and the rate, as JSON on
 * stdout and a line on stderr.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createTarget, send, sendJson, type HttpTarget } from './bench/http.js';
import { freePort, prepareDatabase, ServerProcess } from './bench/server.js';
import { LatencyRecorder } from './bench/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
const { values } = parseArgs({ options: { requests: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '4' }, postgres: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } } });
const N = Number(values.requests);
const C = Number(values.concurrency);
const ORDERS = 20;
const WARMUP = 50;

async function main(): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultsDir = path.join(ROOT, 'bench-results');
  mkdirSync(resultsDir, { recursive: true });
  const db = await prepareDatabase({ postgres: values.postgres ?? false, keep: false, stamp }, log);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const adminKey = `oms_${randomBytes(32).toString('base64url')}`;
  const server = new ServerProcess({ cwd: ROOT, entry: 'src/apps/cli.ts', env: { ...db.env, PORT: String(port), HOST: '127.0.0.1', OMS_ADMIN_KEY: adminKey, LOG_LEVEL: 'warn' }, logPath: path.join(resultsDir, `${stamp}.portal.server.log`), verbose: values.verbose ?? false });
  const api: HttpTarget = createTarget('127.0.0.1', port, { authorization: `Bearer ${adminKey}`, accept: 'application/json' }, 8);
  const portal: HttpTarget = createTarget('127.0.0.1', port, { accept: 'text/html' }, Math.max(C, 4));
  try {
    await server.waitReady(api, 180_000);
    const must = async (what: string, res: Promise<{ status: number; body: string }>) => {
      const r = await res;
      if (r.status !== 200 && r.status !== 201) throw new Error(`${what}: HTTP ${r.status} ${r.body.slice(0, 400)}`);
      return JSON.parse(r.body) as Record<string, unknown>;
    };
    log(`seeding: a portal, 2 products, ${ORDERS} orders shipped with a scan…`);
    await must('settings', sendJson(api, 'PATCH', '/v1/settings', { portal_slug: 'bench', fraud_screening: false }));
    await must('location', sendJson(api, 'POST', '/v1/locations', { code: 'PB-WH', name: 'Portal DC', type: 'warehouse', priority: 1, address: { name: 'DC', line1: '1 Port St', city: 'Newark', region: 'NJ', postal_code: '07102', country: 'US' }, cutoff_time: '23:59' }));
    await must('box', sendJson(api, 'PUT', '/v1/boxes/PB-BOX', { inner_mm: { length: 400, width: 300, height: 300 }, max_weight_grams: 20000, tare_grams: 300, cost: '1.00' }));
    await must('carriers', sendJson(api, 'POST', '/v1/carriers/samples'));
    for (const sku of ['PB-LAMP', 'PB-SHADE']) {
      await must(`product ${sku}`, sendJson(api, 'PUT', `/v1/products/${sku}`, { name: sku === 'PB-LAMP' ? 'Walnut desk lamp' : 'Linen shade', price: '39.00', currency: 'USD', dimensions_mm: { length: 150, width: 100, height: 100 }, weight_grams: 500 }));
      await must(`stock ${sku}`, sendJson(api, 'POST', '/v1/inventory/adjustments', { sku, location: 'PB-WH', delta: ORDERS * 4, reason: 'received' }));
    }
    const cookies: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const number = `#PB-${1000 + i}`;
      const order = await must('capture', sendJson(api, 'POST', '/v1/orders', {
        channel: 'web', external_id: `pb-${stamp}-${i}`, channel_order_name: number, currency: 'USD', customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
        shipping_address: { name: 'Ada Lovelace', line1: '12 Analytical Way', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' },
        lines: [{ sku: 'PB-LAMP', quantity: 2, unit_price: '39.00' }, { sku: 'PB-SHADE', quantity: 1, unit_price: '24.50' }], shipping: { service_level: 'standard', price: '5.90' },
      }));
      const fos = (await must('fulfillment orders', sendJson(api, 'GET', `/v1/fulfillment-orders?order_id=${String(order.id)}`))).data as { id: string }[];
      for (const fo of fos) {
        await must('pack', sendJson(api, 'POST', `/v1/fulfillment-orders/${fo.id}/pack`, {}));
        const shipment = await must('ship', sendJson(api, 'POST', `/v1/fulfillment-orders/${fo.id}/ship`, { carrier: 'usps' }));
        await must('scan', sendJson(api, 'POST', `/v1/shipments/${String(shipment.id)}/events`, { status: 'in_transit', occurred_at: new Date().toISOString(), location: 'Chicago, IL' }));
      }
      // The customer's way in: the lookup form (its CSRF token and anonymous session), then the order's session.
      const form = await fetch(`${base}/portal/bench`);
      const anonymous = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
      const lookup = await fetch(`${base}/portal/bench/lookup`, { method: 'POST', redirect: 'manual', headers: { cookie: anonymous, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, number, proof: 'ada@example.com' }).toString() });
      if (lookup.status !== 303) throw new Error(`lookup of ${number}: HTTP ${lookup.status}`);
      cookies.push((lookup.headers.get('set-cookie') ?? '').split(';')[0] ?? '');
    }

    const latencies = new LatencyRecorder();
    let next = 0;
    const page = async (i: number, measure: boolean) => {
      const s = performance.now();
      const res = await send(portal, 'GET', '/portal/bench/order', undefined, { cookie: cookies[i % ORDERS] as string });
      if (res.status !== 200 || !res.body.includes('data-testid="order-title"')) throw new Error(`order page #${i}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
      if (measure) latencies.record(performance.now() - s);
    };
    for (let i = 0; i < WARMUP; i++) await page(i, false);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: C }, async () => {
      for (let i = next++; i < N; i = next++) await page(i, true);
    }));
    const seconds = (performance.now() - t0) / 1000;
    const summary = latencies.summary();
    const doc = { bench: 'portal order page', engine: db.engine, requests: N, concurrency: C, per_s: Math.round((N / seconds) * 10) / 10, p50_ms: summary.p50, p95_ms: summary.p95, p99_ms: summary.p99, max_ms: summary.max, cpus: os.availableParallelism(), load_average: os.loadavg().map((x) => Math.round(x * 10) / 10) };
    process.stdout.write(`${JSON.stringify(doc)}\n`);
    log(`portal order page (${db.engine}, ${N} requests, ${C} in flight): ${doc.per_s}/s  p50 ${summary.p50} ms  p95 ${summary.p95} ms  p99 ${summary.p99} ms`);
  } finally {
    api.agent.destroy();
    portal.agent.destroy();
    await server.stop();
    await db.cleanup();
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
