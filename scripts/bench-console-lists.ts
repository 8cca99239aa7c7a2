/**
 * `npm run bench:lists [-- --orders 1000000 --requests 200 --reuse]`: every list and search the
 * operator console makes, timed through the real HTTP app (buildApp + app.inject, auth included)
 * against PostgreSQL holding a million orders. The target (issue 13): p99 < 100 ms each.
 *
 * The data is written straight into a throw-away database `oms_bench_lists` on
 * postgres://postgres@127.0.0.1:5432 (OMS_BENCH_PG_URL to change) with generate_series, not
 * through the API (capture's own speed is `npm run bench`): N orders over the last year (1–3 lines
 * each, four channels, 97% shipped/delivered/closed/cancelled and the newest 3% mostly waiting),
 * shipments with tracking numbers for a third of the shipped ones, 10,000 SKUs × 4 locations of
 * stock with thresholds, 300,000 ledger movements (20,000 of them one hot SKU's). `--reuse` skips
 * the load when the database is already there. Inputs (numbers, names, e-mails, phones, tracking
 * numbers, SKUs) are sampled from the loaded rows, a different one per request. `--load-only`
 * loads and stops (then time with `--reuse` when the machine is quiet); `--only TEXT` times only the
 * requests whose name contains TEXT.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../src/apps/api/app.js';
import { loadConfig } from '../src/platform/config.js';
import { openPostgres } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createMetrics } from '../src/platform/metrics.js';
import { bootstrapFirstTenant } from '../src/modules/tenancy/index.js';

const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
const ADMIN = 'oms_bench_lists_admin_key_00000000000000000000000';
const { values } = parseArgs({ options: { orders: { type: 'string', default: '1000000' }, requests: { type: 'string', default: '200' }, reuse: { type: 'boolean', default: false }, 'load-only': { type: 'boolean', default: false }, only: { type: 'string' } } });
const N = Number(values.orders);
const REQUESTS = Number(values.requests);
const BASE_URL = process.env.OMS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'oms_bench_lists';
const benchUrl = (() => {
  const u = new URL(BASE_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();
const SKUS = 10_000;
const LOCATIONS = ['BL-EAST', 'BL-WEST', 'BL-CENTRAL', 'BL-STORE'];
// 100 first names and 4,800 last names, drawn independently: a full name is shared by about two
// orders in a thousand customers' worth, a first name by 1% of orders (as "John" or "Maria" would be).
const cross = (a: string[], b: string[]) => a.flatMap((x) => b.map((y) => x + y));
const FIRST = cross(['Al', 'Be', 'Ca', 'Da', 'El', 'Fa', 'Ga', 'Ha', 'Is', 'Jo'], ['ma', 'ric', 'na', 'vid', 'len', 'tima', 'bri', 'nna', 'la', 'seph']);
const LAST = cross(
  cross(['Har', 'Mon', 'Cal', 'Bren', 'Dov', 'Fen', 'Gar', 'Hol', 'Kes', 'Lan', 'Mar', 'Nor', 'Pem', 'Ros', 'Sal', 'Tam', 'Var', 'Wes', 'Yar', 'Zel'], ['ting', 'ley', 'ford', 'wick', 'mond', 'ber', 'ton', 'dale', 'worth', 'ring', 'sey', 'land', 'more', 'cott', 'bury', 'field', 'man', 'son', 'well', 'by']),
  ['', 'e', 's', 'er', 'son', 'ton', 'ard', 'ell', 'ing', 'ish', 'ock', 'um'],
);

async function exists(admin: pg.Client): Promise<boolean> {
  return (await admin.query('select 1 from pg_database where datname = $1', [DB_NAME])).rowCount === 1;
}

async function timedStep<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = Date.now();
  const out = await fn();
  log(`  ${label}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
  return out;
}

/** The whole data set, in SQL: orders, lines, reservations, shipments, stock, thresholds, movements. */
async function load(c: pg.Client, tenantId: string, channels: string[], locations: string[]): Promise<void> {
  const t = tenantId;
  await timedStep('products + stock levels', async () => {
    await c.query(
      `insert into products (tenant_id, sku, name, price_minor, currency, weight_grams, length_mm, width_mm, height_mm, backorderable, low_stock_threshold, created_at, updated_at)
       select $1, 'BENCH-' || lpad(s::text, 5, '0'), 'Bench product ' || s, 1000 + s % 5000, 'USD', 500, 100, 100, 100, true, case when s % 2 = 0 then 10 else 0 end, now(), now()
       from generate_series(0, ${SKUS - 1}) s`,
      [t],
    );
    await c.query(
      `insert into stock_levels (tenant_id, sku, location_id, on_hand, reserved, updated_at)
       select $1, 'BENCH-' || lpad(s::text, 5, '0'), l, (s * 7919 + li * 104729) % 400, 0, now()
       from generate_series(0, ${SKUS - 1}) s, unnest($2::text[]) with ordinality as loc(l, li)`,
      [t, locations],
    );
  });
  const batch = 100_000;
  for (let from = 1; from <= N; from += batch) {
    const to = Math.min(N, from + batch - 1);
    await timedStep(`orders ${from}–${to} with lines`, async () => {
      await c.query(
        `insert into orders (tenant_id, id, number, channel, external_id, channel_order_name, status, version, currency, placed_at, customer_email, customer,
                             shipping_address, billing_address, shipping_service_level, shipping_minor, subtotal_minor, total_minor, notes, tags, created_by, created_at, updated_at, ship_by)
         select $1, 'ord_' || lpad(i::text, 26, '0'), i, ($2::text[])[1 + i % 4], 'EXT-' || i,
                case i % 4 when 1 then '#' || (1000 + i) when 2 then '112-' || lpad((i * 7919 % 10000000)::text, 7, '0') || '-' || lpad(i::text, 7, '0') when 3 then (50000 + i)::text end,
                st, 1, 'USD', at, lower(fn || '.' || ln || i || '@example.com'),
                jsonb_build_object('email', lower(fn || '.' || ln || i || '@example.com'), 'name', fn || ' ' || ln, 'phone', phone),
                jsonb_build_object('name', fn || ' ' || ln, 'line1', i || ' Main St', 'city', 'Springfield', 'region', 'IL', 'postal_code', '62701', 'country', 'US', 'phone', phone),
                null, 'standard', 500, sub, sub + 500, null,
                case when r % 100 < 5 then '{vip}'::text[] when r % 100 < 7 then '{gift}'::text[] when r % 100 < 8 then '{wholesale,vip}'::text[] else '{}'::text[] end,
                'bench', at, at, (at + interval '2 days')::date
         from (
           select i, r, at, sub, ($3::text[])[1 + h % ${FIRST.length}] as fn, ($4::text[])[1 + (h / ${FIRST.length}) % ${LAST.length}] as ln,
                  '+1 (' || (200 + h % 800) || ') ' || lpad(((h / 800) % 1000)::text, 3, '0') || '-' || lpad((i % 10000)::text, 4, '0') as phone,
                  case when i > ${Math.floor(N * 0.97)} then
                         case when r < 500 then 'allocated' when r < 650 then 'in_fulfillment' when r < 750 then 'backordered' when r < 820 then 'partially_allocated'
                              when r < 860 then 'on_hold' when r < 900 then 'partially_shipped' else 'shipped' end
                       else
                         case when r < 20 then 'cancelled' when r < 25 then 'backordered' when r < 28 then 'allocated' when r < 30 then 'on_hold'
                              when r < 100 then 'shipped' when r < 120 then 'closed' else 'delivered' end
                  end as st
           from (select i, (i * 2654435761) % 1000 as r, (i * 2246822519) % 4294967291 as h, now() - ((${N} - i) * interval '31 seconds') as at, 1000 + (i * 37) % 20000 as sub
                 from generate_series(${from}::bigint, ${to}::bigint) i) g
         ) o`,
        [t, channels, FIRST, LAST],
      );
      await c.query(
        `insert into order_lines (tenant_id, id, order_id, line_no, sku, quantity, unit_price_minor, allocated, backordered, cancelled, shipped)
         select $1, 'oln_' || lpad((o.number * 4 + ln)::text, 26, '0'), o.id, ln, 'BENCH-' || lpad(((o.number * 31 + ln * 7919) % ${SKUS})::text, 5, '0'), q, 1000,
                case when o.status in ('cancelled', 'backordered', 'on_hold') or (o.status = 'partially_allocated' and ln = 1) then 0 else q end,
                case when o.status = 'backordered' or (o.status = 'partially_allocated' and ln = 1) then q else 0 end,
                case when o.status = 'cancelled' then q else 0 end,
                case when o.status in ('shipped', 'delivered', 'closed') or (o.status = 'partially_shipped' and ln = 1) then q else 0 end
         from orders o, generate_series(1, 1 + (o.number % 3)::int) ln, lateral (select 1 + ((o.number + ln) % 3)::int as q) qq
         where o.tenant_id = $1 and o.number between ${from} and ${to}`,
        [t],
      );
    });
  }
  await timedStep('reservations of waiting orders', () =>
    c.query(
      `insert into reservations (tenant_id, id, order_id, order_line_id, sku, location_id, quantity, created_at)
       select l.tenant_id, 'res_' || substr(l.id, 5), l.order_id, l.id, l.sku, ($2::text[])[1 + (length(l.id) + ascii(right(l.id, 1))) % 4], l.allocated - l.shipped, now()
       from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
       where l.tenant_id = $1 and o.status in ('allocated', 'in_fulfillment', 'partially_allocated', 'partially_shipped') and l.allocated > l.shipped`,
      [t, locations],
    ),
  );
  await timedStep('shipments (a third of shipped orders) with parcels', async () => {
    const ship = `jsonb_build_object('name', 'East DC', 'line1', '1 Port St', 'city', 'Newark', 'region', 'NJ', 'postal_code', '07102', 'country', 'US')`;
    await c.query(
      `insert into shipments (tenant_id, id, order_id, fulfillment_order_id, location_id, carrier, service, service_name, service_level, status, tracking_number, amount_minor, currency,
                              billable_weight_grams, ship_date, ship_from, ship_to, reference, rates, chosen_reason, created_by, created_at, updated_at)
       select tenant_id, 'shp_' || lpad(number::text, 26, '0'), id, 'ful_' || lpad(number::text, 26, '0'), $2, 'ups', 'ground', 'UPS Ground', 'standard',
              case when status = 'delivered' then 'delivered' else 'in_transit' end, '1ZBENCH' || lpad(number::text, 11, '0'), 899, 'USD', 1000, created_at::date,
              ${ship}, shipping_address, id, '[]'::jsonb, 'bench', 'bench', created_at, created_at
       from orders where tenant_id = $1 and status in ('shipped', 'delivered', 'closed', 'partially_shipped') and number % 3 = 0`,
      [t, locations[0]],
    );
    await c.query(
      `insert into shipment_packages (tenant_id, shipment_id, seq, tracking_number, weight_grams, billable_weight_grams, length_mm, width_mm, height_mm)
       select tenant_id, id, 1, tracking_number, 1000, 1000, 300, 200, 100 from shipments where tenant_id = $1`,
      [t],
    );
  });
  await timedStep('300,000 ledger movements', () =>
    c.query(
      `insert into inventory_movements (tenant_id, id, sku, location_id, delta, on_hand_after, reason, reference, actor, at)
       select $1, 'mov_' || lpad(j::text, 26, '0'), case when j % 15 = 0 then 'BENCH-00001' else 'BENCH-' || lpad(((j * 7919) % ${SKUS})::text, 5, '0') end,
              ($2::text[])[1 + j % 4], case when j % 3 = 0 then 20 else -1 end, j % 300, case when j % 3 = 0 then 'received' else 'shipped' end,
              case when j % 3 = 0 then null else 'shp_' || lpad(j::text, 26, '0') end, 'bench', now() - ((300000 - j) * interval '100 seconds')
       from generate_series(1::bigint, 300000) j`,
      [t, locations],
    ),
  );
  await c.query(`select setval('order_number_seq', ${N + 1}, false)`);
  // Vacuum, not only analyze: what autovacuum does to a freshly loaded table in production (it is off
  // on some development servers). Without the visibility map every index-only scan reads the heap.
  await timedStep('vacuum (analyze)', () => c.query('vacuum (analyze)'));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  const reuse = values.reuse && (await exists(admin));
  if (!reuse) {
    await admin.query(`drop database if exists ${DB_NAME}`);
    await admin.query(`create database ${DB_NAME}`);
  }
  await admin.end();

  const database = await openPostgres(benchUrl, 8);
  await migrate(database);
  const config = { ...loadConfig({}), secretKey: randomBytes(32) };
  const app = await buildApp({ database, config, metrics: createMetrics() });
  await app.ready();
  const call = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN}` } });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json() as { data: unknown[] };
  };
  const post = async (url: string, body: unknown) => {
    const res = await app.inject({ method: 'POST', url, payload: body as Record<string, unknown>, headers: { authorization: `Bearer ${ADMIN}` } });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json() as { id: string; name: string };
  };

  const c = new pg.Client({ connectionString: benchUrl });
  await c.connect();
  if (!reuse) {
    log(`loading ${N.toLocaleString('en')} orders into ${DB_NAME}`);
    const boot = await bootstrapFirstTenant(database.db, new Date(), ADMIN);
    if (!boot) throw new Error('the bench database was not empty');
    const locations = [];
    for (const code of LOCATIONS) locations.push((await post('/v1/locations', { code, name: code, type: 'warehouse', priority: 1 })).id);
    const channels = ['web'];
    for (const [type, name] of [['shopify', 'Bench Shopify'], ['amazon', 'Bench Amazon'], ['woocommerce', 'Bench Woo']]) {
      channels.push((await post('/v1/channels', { type, name, ...(type === 'amazon' ? {} : { secret: 'bench-secret-0123456789' }) })).id);
    }
    const start = Date.now();
    await load(c, boot.tenantId, channels, locations);
    log(`loaded in ${((Date.now() - start) / 1000).toFixed(0)} s`);
  }
  const sizes = (await c.query(`select relname, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class where relname in ('orders', 'order_lines', 'shipments') order by 1`)).rows;
  const counts = (await c.query(`select (select count(*) from orders) as orders, (select count(*) from order_lines) as lines, (select count(*) from shipments) as shipments`)).rows[0];
  log(`rows: ${JSON.stringify(counts)}; sizes: ${sizes.map((r) => `${r.relname} ${r.size}`).join(', ')}`);
  if (values['load-only']) {
    await Promise.all([c.end(), app.close()]);
    await database.close();
    return;
  }

  // Inputs sampled from the data, a different one per request.
  const sample = (await c.query(`select number, channel_order_name, customer_email, customer ->> 'name' as name, customer ->> 'phone' as phone from orders tablesample bernoulli (0.1) where channel_order_name like '#%' limit ${REQUESTS}`)).rows as { number: string; channel_order_name: string; customer_email: string; name: string; phone: string }[];
  const tracking = (await c.query(`select tracking_number from shipments tablesample bernoulli (0.5) limit ${REQUESTS}`)).rows.map((r: { tracking_number: string }) => r.tracking_number);
  await c.end();
  const pick = <T>(list: T[], i: number): T => list[i % list.length] as T;
  const sku = (i: number) => `BENCH-${String((i * 37) % SKUS).padStart(5, '0')}`;
  const q = (text: string) => `/v1/orders?q=${encodeURIComponent(text)}`;
  const firstAndThree = (name: string) => name.slice(0, name.indexOf(' ') + 4);

  const cases: [string, (i: number) => string][] = [
    ['list, newest first', () => '/v1/orders'],
    ['list, next page (cursor)', () => '/v1/orders?cursor=' + Buffer.from(`ord_${String(N - 500).padStart(26, '0')}`).toString('base64url')],
    ['status = backordered', () => '/v1/orders?status=backordered'],
    ['status: allocated, backordered, on_hold', () => '/v1/orders?status=allocated&status=backordered&status=on_hold'],
    ['channel by name', () => `/v1/orders?channel=${encodeURIComponent('Bench Shopify')}`],
    ['tag = vip', () => '/v1/orders?tag=vip'],
    ['has_backorder = true', () => '/v1/orders?has_backorder=true'],
    ['late = true', () => '/v1/orders?late=true'],
    ['sort = -total', () => '/v1/orders?sort=-total'],
    ['sort = ship_by', () => '/v1/orders?sort=ship_by'],
    ['q: order number', (i) => q(pick(sample, i).number)],
    ['q: #name (Shopify)', (i) => q(pick(sample, i).channel_order_name)],
    ['q: e-mail', (i) => q(pick(sample, i).customer_email)],
    ['q: phone (last 10 digits)', (i) => q(pick(sample, i).phone.replace(/\D/g, '').slice(-10))],
    ['q: tracking number', (i) => q(pick(tracking, i).toLowerCase())],
    ['q: SKU', (i) => q(sku(i))],
    ['q: first name + 3 letters ("Alma Har")', (i) => q(firstAndThree(pick(sample, i).name))],
    ['q: last name (7 letters)', (i) => q(pick(sample, i).name.split(' ')[1]?.slice(0, 7) ?? 'Harting')],
    ['q: first name only (1% of orders)', (i) => q(pick(sample, i).name.split(' ')[0] ?? 'Alma')],
    ['status + q: first name + 3 letters', (i) => `/v1/orders?status=delivered&q=${encodeURIComponent(firstAndThree(pick(sample, i).name))}`],
    ['movements (hot SKU, 20,000 rows)', () => '/v1/inventory/BENCH-00001/movements'],
    ['movements (SKU × location)', (i) => `/v1/inventory/${sku(i)}/movements?location=${pick(LOCATIONS, i)}`],
    ['stock alerts', () => '/v1/stock-alerts'],
    ['shipments by tracking number', (i) => `/v1/shipments?tracking_number=${pick(tracking, i)}`],
  ];

  const rows: string[] = [];
  for (const [name, url] of cases.filter(([n]) => values.only === undefined || n.includes(values.only))) {
    for (let i = 0; i < 10; i++) await call(url(i + 1000)); // warm-up
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const start = process.hrtime.bigint();
      const body = await call(url(i));
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      found += body.data.length;
    }
    times.sort((a, b) => a - b);
    const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(times, p).toFixed(1));
    const row = `| ${name} | ${p50} | ${p95} | ${p99} | ${(found / REQUESTS).toFixed(1)} |`;
    rows.push(row);
    log(row);
  }
  process.stdout.write(`\n| request (${REQUESTS} each, limit 50) | p50 ms | p95 ms | p99 ms | rows per answer |\n|---|---:|---:|---:|---:|\n${rows.join('\n')}\n`);
  await app.close();
  await database.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
