/**
 * `npm run bench:webhooks [-- --events N --per-order K --concurrency C --postgres]`: how fast
 * events leave the OMS as webhooks.
 *
 * Seeds N events (K per order, so per-order ordering is exercised) through `appendEvents` — the
 * same statement capture uses, which also queues the outbox rows — into a fresh database (PGlite
 * by default, a throw-away PostgreSQL database with --postgres), with one endpoint subscribed to
 * everything and pointing at a local HTTP receiver that answers 200 at once (in this process).
 * Then times, separately:
 * 1. relay: outbox rounds (claim, fan out to deliveries, delete) until the outbox is empty;
 * 2. delivery: `deliverWebhooks` rounds (lease, sign with Standard Webhooks, POST, settle) until
 *    nothing is due — and checks the receiver got exactly N distinct webhook-ids.
 * Receiver, sender and the embedded database share this process and the machine's 2 cores.
 * The relay's time is measured before an ANALYZE; the delivery's after it (as after any bulk load).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createEndpoint, deliverWebhooks, relayOutbox } from '../src/modules/integrations/index.js';
import { bootstrapFirstTenant } from '../src/modules/tenancy/index.js';
import { openPglite, openPostgres } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import { appendEvents, type NewEvent } from '../src/platform/outbox/events.js';
import { prepareDatabase } from './bench/server.js';

const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    'per-order': { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '16' },
    batch: { type: 'string', default: '100' },
    postgres: { type: 'boolean', default: false },
  },
});
const N = Number(values.events);
const perOrder = Number(values['per-order']);
const concurrency = Number(values.concurrency);
const batch = Number(values.batch);

const target = await prepareDatabase({ postgres: values.postgres ?? false, keep: false, stamp: `wh${Date.now()}` }, log);
const database = target.env.DATABASE_URL ? await openPostgres(target.env.DATABASE_URL, 8) : await openPglite(target.env.OMS_DATA_DIR as string);
try {
  await migrate(database);
  const { db } = database;
  const now = new Date();
  const boot = await bootstrapFirstTenant(db, now, `oms_bench_${randomBytes(16).toString('hex')}`);
  if (!boot) throw new Error('database not empty');
  const actor = { tenantId: boot.tenantId, actorId: 'bench' };
  await relayOutbox(db, now, { subscribers: [], broker: false }); // the bootstrap's own events

  let received = 0;
  const ids = new Set<string>();
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      ids.add(String(req.headers['webhook-id']));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  const secretKey = randomBytes(32);
  await createEndpoint(db, actor, { url, events: ['order.*'] }, secretKey, true, now);
  await relayOutbox(db, now, { subscribers: [], broker: false });

  log(`seeding ${N} events (${perOrder} per order) on ${target.engine}…`);
  for (let i = 0; i < N; i += 500) {
    const events: NewEvent[] = [];
    for (let j = i; j < Math.min(N, i + 500); j++) {
      events.push({ type: 'order.bench', aggregateType: 'order', aggregateId: `ord_bench_${Math.floor(j / perOrder)}`, data: { n: j, note: 'x'.repeat(200) } });
    }
    await inTransaction(db, (tx) => appendEvents(tx, actor, now, events));
  }

  let t0 = performance.now();
  let relayed = 0;
  for (;;) {
    const r = await relayOutbox(db, now, { subscribers: [], broker: false });
    relayed += r.handled;
    if (r.handled === 0) break;
  }
  const relaySeconds = (performance.now() - t0) / 1000;
  // As after any bulk load (and as autovacuum would soon): planner statistics for the new rows.
  await db.execute(sql`analyze`);

  t0 = performance.now();
  let sent = 0;
  let clock = now;
  for (let round = 0; sent < N && round < 100_000; round++) {
    const r = await deliverWebhooks(db, clock, { secretKey, allowPrivate: true, concurrency, batch });
    sent += r.succeeded;
    if (r.handled === 0) clock = new Date(); // every due delivery of an order was sent; the next ones are due now
  }
  const deliverSeconds = (performance.now() - t0) / 1000;
  receiver.close();
  if (received !== N || ids.size !== N) throw new Error(`receiver got ${received} requests, ${ids.size} distinct ids; expected ${N}`);

  const result = {
    engine: target.engine,
    events: N,
    per_order: perOrder,
    concurrency,
    batch,
    relay_events_per_s: Math.round(relayed / relaySeconds),
    deliveries_per_s: Math.round(sent / deliverSeconds),
    relay_s: Number(relaySeconds.toFixed(2)),
    deliver_s: Number(deliverSeconds.toFixed(2)),
  };
  log(`relay: ${result.relay_events_per_s} events/s; webhooks: ${result.deliveries_per_s} deliveries/s (${N} delivered once each, in order per order)`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await database.close();
  await target.cleanup();
}
