/**
 * `npm run bench`: starts the OMS server on a fresh database, seeds it over the HTTP API and
 * measures order capture (POST /v1/orders) throughput and latency. See `npm run bench -- --help`.
 *
 * The load generator is a closed loop over node:http with a keep-alive agent: a fixed number of
 * requests in flight, every request with its own body and Idempotency-Key, every latency kept.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_CONCURRENCY, parseBenchArgs, type ScenarioName } from './bench/args.js';
import { createTarget, sendJson, type HttpTarget } from './bench/http.js';
import { runLoad, type PreparedRequest } from './bench/load.js';
import { renderTable, type BenchDocument } from './bench/report.js';
import { orderRequestFactory } from './bench/scenarios.js';
import pg from 'pg';
import { seed, stockRowCount } from './bench/seed.js';
import { freePort, prepareDatabase, ServerProcess, type Database } from './bench/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const opts = parseBenchArgs(process.argv.slice(2));
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const runId = randomBytes(4).toString('hex');
  const resultsDir = path.join(ROOT, 'bench-results');
  mkdirSync(resultsDir, { recursive: true });
  const resultPath = path.join(resultsDir, `${stamp}.json`);
  const serverLogPath = path.join(resultsDir, `${stamp}.server.log`);

  const plan: { scenario: ScenarioName; concurrency: number }[] = opts.scenarios.flatMap((scenario) =>
    (opts.concurrency ?? DEFAULT_CONCURRENCY[scenario]).map((concurrency) => ({ scenario, concurrency })),
  );
  const maxConcurrency = Math.max(32, ...plan.map((p) => p.concurrency));

  const abort = new AbortController();
  let server: ServerProcess | undefined;
  let db: Database | undefined;
  let failure: string | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  let cleaningUp: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaningUp ??= (async () => {
      for (const fn of cleanups.reverse()) {
        try {
          await fn();
        } catch (err) {
          log(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    })());

  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (interrupted) {
      log(`${sig} again: killing server and exiting now`);
      server?.killNow();
      process.exit(130);
    }
    interrupted = true;
    log(`\n${sig}: stopping (Ctrl-C again to force)…`);
    failure = `interrupted by ${sig}`;
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => server?.killNow());

  const doc: BenchDocument = {
    schema: 'oms-bench/1',
    started_at: startedAt.toISOString(),
    finished_at: '',
    complete: false,
    engine: 'pglite',
    database: '',
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: os.availableParallelism(),
      cpu_model: os.cpus()[0]?.model ?? 'unknown',
      total_memory_mb: Math.round(os.totalmem() / 2 ** 20),
      git_commit: gitCommit(),
    },
    config: {
      scenarios: opts.scenarios,
      concurrency: Object.fromEntries(opts.scenarios.map((s) => [s, opts.concurrency ?? DEFAULT_CONCURRENCY[s]])),
      duration_s: opts.durationS,
      warmup_s: opts.warmupS,
      products: opts.products,
      locations: opts.locations,
      transactions: opts.transactions,
      screening: opts.screening,
      routing: opts.locations === 3 ? 'default rule' : opts.defaultRule ? 'default rule (US network)' : 'two-rule policy (US network)',
      rate_per_s: opts.ratePerS ?? null,
      load_generator: `node:http keep-alive ${opts.ratePerS === undefined ? 'closed loop' : `open loop at ${opts.ratePerS}/s`} (in-process, single thread)`,
    },
    server_ready_ms: null,
    seed: null,
    results: [],
    warnings: [],
  };

  try {
    db = await prepareDatabase({ postgres: opts.postgres, keep: opts.keep, stamp }, log);
    cleanups.push(() => db!.cleanup());
    doc.engine = db.engine;
    doc.database = db.description;

    const port = await freePort();
    const adminKey = `oms_${randomBytes(32).toString('base64url')}`;
    log(`starting server (${db.engine}) on 127.0.0.1:${port}, log → ${path.relative(ROOT, serverLogPath)}`);
    server = new ServerProcess({
      cwd: ROOT,
      entry: opts.serverEntry,
      env: { ...db.env, PORT: String(port), HOST: '127.0.0.1', OMS_ADMIN_KEY: adminKey, LOG_LEVEL: 'warn' },
      logPath: serverLogPath,
      verbose: opts.verbose,
    });
    const srv = server;
    cleanups.push(() => srv.stop());
    srv.onUnexpectedExit = (info) => {
      if (interrupted) return; // Ctrl-C reaches the server too (same process group): expected
      failure ??= `server died during the run (${info})`;
      log(`\n${srv.describeExit()}`);
      abort.abort();
    };

    const target = createTarget('127.0.0.1', port, { authorization: `Bearer ${adminKey}`, accept: 'application/json' }, maxConcurrency);
    cleanups.push(async () => target.agent.destroy());

    doc.server_ready_ms = await srv.waitReady(target, 120_000, abort.signal);
    log(`server ready in ${(doc.server_ready_ms / 1000).toFixed(1)} s`);
    if (abort.signal.aborted) throw new Error(failure ?? 'aborted');

    log(`seeding ${opts.locations} locations, ${opts.products} products, ${stockRowCount(opts.products, opts.locations)} stock rows…`);
    doc.seed = await seed(target, { products: opts.products, locations: opts.locations, policy: !opts.defaultRule }, log, abort.signal);
    log(`  seeding total: ${(doc.seed.total_ms / 1000).toFixed(2)} s`);
    await setScreening(target, opts.screening === 'on');
    // --screening both: a second tenant seeded alike screens its orders; the first does not.
    let screened: { authorization: string } | undefined;
    const twoTenants = opts.screening === 'both' || opts.screening === 'both-off';
    // The second tenant's group: screening on, or (both-off) a second group without it.
    const secondGroup = opts.screening === 'both' ? 'screening_on' : 'screening_off_2';
    if (twoTenants) {
      const created = await sendJson(target, 'POST', '/v1/tenants', { name: 'Bench screened' });
      if (created.status !== 201) throw new Error(`second tenant not created: ${created.status} ${created.body}`);
      screened = { authorization: `Bearer ${(JSON.parse(created.body) as { api_key: { key: string } }).api_key.key}` };
      const second = createTarget('127.0.0.1', port, { ...screened, accept: 'application/json' }, maxConcurrency);
      cleanups.push(async () => second.agent.destroy());
      log('seeding the second tenant alike…');
      await seed(second, { products: opts.products, locations: opts.locations, policy: !opts.defaultRule }, log, abort.signal);
      await setScreening(second, opts.screening === 'both');
      log(`  screening off for the first tenant, ${opts.screening === 'both' ? 'on' : 'off too (the noise floor)'} for the second; orders alternate between them`);
    } else {
      log(`  fraud screening ${opts.screening}`);
    }
    if (db?.env.DATABASE_URL) {
      // Autovacuum would analyze the freshly loaded tables within a minute; do it now so the
      // measured plans are the ones a running system has, not those of a table believed empty.
      const client = new pg.Client({ connectionString: db.env.DATABASE_URL });
      await client.connect();
      await client.query('analyze');
      await client.end();
      log('  analyzed the seeded tables');
    }

    for (const { scenario, concurrency } of plan) {
      if (abort.signal.aborted) break;
      const orderOf = orderRequestFactory(scenario, runId, opts.products, opts.locations !== 3, opts.transactions);
      // Odd orders go to the screening tenant (--screening both), with its key.
      const makeRequest = screened === undefined ? orderOf : (seq: number) => (seq % 2 === 1 ? withHeaders(orderOf(seq), screened) : orderOf(seq));
      const groupOf = screened === undefined ? undefined : (seq: number) => (seq % 2 === 1 ? secondGroup : 'screening_off');
      if (opts.warmupS > 0) {
        log(`${scenario} c=${concurrency}: warm-up ${opts.warmupS} s…`);
        const warm = await runLoad({ target, concurrency, ratePerS: opts.ratePerS, durationMs: opts.warmupS * 1000, makeRequest, successStatus: 201, signal: abort.signal });
        if (warm.errors > 0) log(`  warm-up: ${warm.errors} error(s), first: ${warm.errors_by_kind[0]?.kind} ${warm.errors_by_kind[0]?.samples[0] ?? ''}`);
      }
      if (abort.signal.aborted) break;
      log(`${scenario} c=${concurrency}${opts.ratePerS === undefined ? '' : ` at ${opts.ratePerS} orders/s`}: measuring ${opts.durationS} s…`);
      const dbPids = db?.env.DATABASE_URL ? await backendPids(db.env.DATABASE_URL) : undefined;
      const r = await runLoad({
        target,
        concurrency,
        ratePerS: opts.ratePerS,
        durationMs: opts.durationS * 1000,
        makeRequest,
        successStatus: 201,
        groupOf,
        serverPid: srv.pid,
        dbPids,
        signal: abort.signal,
      });
      if (abort.signal.aborted) break; // partial window: not comparable, leave it out
      doc.results.push({ scenario, ...r });
      log(
        `  ${r.throughput_per_s} orders/s, p50 ${r.latency_ms.p50 ?? '-'} ms, p99 ${r.latency_ms.p99 ?? '-'} ms, ` +
          `${r.errors} error(s); client cpu ${r.client_cpu_pct}%, server cpu ${r.server_cpu_pct ?? '-'}%; ` +
          `cpu per order: server ${r.server_cpu_ms_per_success ?? '-'} ms, database ${r.db_cpu_ms_per_success ?? '-'} ms`,
      );
      const off = r.by_group?.screening_off?.latency_ms;
      const on = r.by_group?.[secondGroup]?.latency_ms;
      if (off && on) {
        const added = (k: 'p50' | 'p99') => (on[k] !== null && off[k] !== null ? Math.round((on[k] - off[k]) * 100) / 100 : null);
        log(`  screening off: p50 ${off.p50} ms, p99 ${off.p99} ms; ${secondGroup}: p50 ${on.p50} ms, p99 ${on.p99} ms; difference p50 ${added('p50')} ms, p99 ${added('p99')} ms`);
      }
      if (r.client_cpu_pct > 85) {
        const w = `${scenario} c=${concurrency}: load generator used ${r.client_cpu_pct}% of a core; it may be limiting throughput`;
        doc.warnings.push(w);
        log(`  WARNING: ${w}`);
      }
      if (r.successes === 0) {
        const w = `${scenario} c=${concurrency}: no successful orders`;
        doc.warnings.push(w);
      }
      await sleep(250); // let the server settle between runs
    }
    if (!abort.signal.aborted) doc.complete = true;
  } catch (err) {
    failure ??= err instanceof Error ? err.message : String(err);
  } finally {
    await cleanup();
  }

  doc.finished_at = new Date().toISOString();
  if (failure) doc.failure = failure;
  if (os.availableParallelism() <= 2) doc.warnings.push(`only ${os.availableParallelism()} CPUs: the load generator and the server compete for them`);
  writeFileSync(resultPath, `${JSON.stringify(doc, null, 2)}\n`);

  if (doc.results.length > 0) {
    // The table goes to stdout unless stdout is reserved for the JSON document.
    const out = (m: string): void => (opts.json ? log(m) : void process.stdout.write(`${m}\n`));
    out('');
    out(`engine ${doc.engine}, node ${doc.environment.node}, ${doc.environment.cpus} cpus, ${opts.durationS} s per run`);
    out(renderTable(doc.results));
  }
  for (const w of doc.warnings) log(`warning: ${w}`);
  log(`\nresults written to ${path.relative(ROOT, resultPath)}`);
  if (opts.json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  if (failure) {
    log(`\nbench FAILED: ${failure}`);
    return interrupted ? 130 : 1;
  }
  const anyErrors = doc.results.some((r) => r.errors > 0);
  return anyErrors ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);

/**
 * The PostgreSQL backends serving the benchmark's database (the server's pool is warm by now), so
 * their CPU can be counted per order. The benchmark connects as a client of the same server, so
 * its own connection is left out.
 */
async function backendPids(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    return r.rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

async function setScreening(target: HttpTarget, on: boolean): Promise<void> {
  const res = await sendJson(target, 'PATCH', '/v1/settings', { fraud_screening: on });
  if (res.status !== 200) throw new Error(`fraud_screening not set: ${res.status} ${res.body}`);
}

function withHeaders(request: PreparedRequest, headers: Record<string, string>): PreparedRequest {
  return { ...request, headers: { ...request.headers, ...headers } };
}
