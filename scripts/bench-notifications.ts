/**
 * `npm run bench:notifications [-- --messages N --concurrency C --batch B --dkim --postgres]`:
 * how fast customer e-mail leaves the OMS over SMTP, and what rendering each template costs.
 *
 * 1. Rendering: every shipped template rendered (Liquid → subject, HTML, text) R times with the
 *    same sample order; mean and p99 per template.
 * 2. Sending: N messages queued in a fresh database (PGlite by default, a throw-away PostgreSQL
 *    database with --postgres), then the `notifications` job (lease, send over pooled SMTP,
 *    settle) run in rounds until nothing is due, to a real SMTP server (smtp-server) on 127.0.0.1
 *    in this process; it checks that the server got N distinct Message-IDs. With --dkim every
 *    message is signed (RSA 2048). Server, sender and database share this process and 2 cores.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { sendNotifications } from '../src/flows/notifications/jobs/notifications.js';
import { DEFAULT_TEMPLATES, queueNotifications, renderMessage, smtpMailer, TEMPLATE_NAMES, type NewNotification } from '../src/modules/notifications/index.js';
import { bootstrapFirstTenant } from '../src/modules/tenancy/index.js';
import { openPglite, openPostgres, queryRows } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import { newId } from '../src/platform/kernel/ids.js';
import { prepareDatabase } from './bench/server.js';

const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '5' },
    batch: { type: 'string', default: '50' },
    renders: { type: 'string', default: '300' },
    dkim: { type: 'boolean', default: false },
    postgres: { type: 'boolean', default: false },
  },
});
const N = Number(values.messages);
const concurrency = Number(values.concurrency);
const batch = Number(values.batch);
const renders = Number(values.renders);

// A sample order as the subscriber composes it (see the notifications README, "Template data").
const SAMPLE = {
  shop: { name: 'Acme & Sons' },
  customer: { name: 'Ada Lovelace', first_name: 'Ada', email: 'ada@customers.test' },
  order: {
    id: 'ord_bench',
    number: 1042,
    name: '#1042',
    placed_at: '2026-11-26T14:03:00Z',
    currency: 'USD',
    total: '92.50 USD',
    lines: Array.from({ length: 5 }, (_, i) => ({ sku: `SKU-${i}`, title: `Enamel mug no. ${i}`, quantity: i + 1, total: `${(12.5 * (i + 1)).toFixed(2)} USD` })),
    shipping_address: { name: 'Ada Lovelace', line1: '12 Analytical Way', line2: null, city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' },
  },
  verification: { url: 'https://oms.test/verify/vfl_x.1.sig', expires_at: '2026-12-04 10:00' },
  shipment: { carrier: 'ups', carrier_name: 'UPS', service: 'ground', tracking_numbers: ['1Z999AA10123456784'], tracking_url: 'https://track.test/1Z999AA10123456784', promised_delivery_date: '2026-12-01' },
};

const rendering: Record<string, { mean_ms: number; p99_ms: number; html_bytes: number }> = {};
for (const name of TEMPLATE_NAMES) {
  const times: number[] = [];
  let htmlBytes = 0;
  for (let i = 0; i < renders; i++) {
    const t0 = performance.now();
    const out = await renderMessage(DEFAULT_TEMPLATES[name], SAMPLE);
    times.push(performance.now() - t0);
    htmlBytes = Buffer.byteLength(out.html);
  }
  times.sort((a, b) => a - b);
  // The first renders compile and warm up: the mean is over all of them, as a fresh worker sees.
  rendering[name] = { mean_ms: Number((times.reduce((a, b) => a + b, 0) / times.length).toFixed(3)), p99_ms: Number((times[Math.floor(times.length * 0.99)] ?? 0).toFixed(3)), html_bytes: htmlBytes };
  log(`render ${name}: mean ${rendering[name].mean_ms} ms, p99 ${rendering[name].p99_ms} ms, ${htmlBytes} bytes of HTML`);
}

const messageIds = new Set<string>();
let accepted = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (c: Buffer) => {
      if (head.length < 8192) head += c.toString('latin1');
    });
    stream.on('end', () => {
      accepted++;
      const id = /^Message-ID: (<[^>]+>)/im.exec(head)?.[1];
      if (id) messageIds.add(id);
      callback();
    });
  },
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;

const target = await prepareDatabase({ postgres: values.postgres ?? false, keep: false, stamp: `ntf${Date.now()}` }, log);
const database = target.env.DATABASE_URL ? await openPostgres(target.env.DATABASE_URL, 8) : await openPglite(target.env.OMS_DATA_DIR as string);
const dkim = values.dkim
  ? { domainName: 'acme-shop.test', keySelector: 'bench', privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }
  : undefined;
const mailer = smtpMailer(smtpUrl, { dkim });
try {
  await migrate(database);
  const { db } = database;
  const now = new Date();
  const boot = await bootstrapFirstTenant(db, now, `oms_bench_${randomBytes(16).toString('hex')}`);
  if (!boot) throw new Error('database not empty');
  const rendered = await renderMessage(DEFAULT_TEMPLATES.order_confirmation, SAMPLE);
  log(`queueing ${N} messages on ${target.engine}…`);
  for (let i = 0; i < N; i += 500) {
    const rows: NewNotification[] = [];
    for (let j = i; j < Math.min(N, i + 500); j++) {
      rows.push({ tenantId: boot.tenantId, id: newId('ntf'), eventId: `evt_bench_${j}`, template: 'order_confirmation', channel: 'email', recipient: `customer-${j}@customers.test`, orderId: null, subject: rendered.subject, html: rendered.html, textBody: rendered.text, nextAttemptAt: now, createdAt: now });
    }
    await inTransaction(db, (tx) => queueNotifications(tx, rows));
  }
  await db.execute(sql`analyze`);

  const t0 = performance.now();
  let handled = 0;
  for (let round = 0; round < 100_000; round++) {
    const r = await sendNotifications(db, new Date(), { mailer, fromAddress: 'orders@acme-shop.test', batch, concurrency, bounce: { domain: 'bounces.acme-shop.test', key: randomBytes(32) } });
    handled += r.handled;
    if (!r.more) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  const [sent] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from notifications where status = 'sent'`);
  if (accepted !== N || messageIds.size !== N || sent?.n !== N) throw new Error(`server accepted ${accepted} messages, ${messageIds.size} distinct Message-IDs, ${sent?.n} rows sent; expected ${N}`);
  const result = { engine: target.engine, messages: N, concurrency, batch, dkim: Boolean(dkim), messages_per_s: Math.round(handled / seconds), send_s: Number(seconds.toFixed(2)), rendering };
  log(`sending: ${result.messages_per_s} messages/s (${N} over SMTP${dkim ? ', DKIM-signed' : ''}, each once)`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  mailer.close();
  server.close();
  await database.close();
  await target.cleanup();
}
