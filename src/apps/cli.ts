#!/usr/bin/env node
import { configureLinkSigning } from '../platform/kernel/link-signing.js';
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { parseSecretKey } from '../platform/kernel/secret-box.js';
import { ConfigError, loadConfig, type Config } from '../platform/config.js';
import { openPglite, openPostgres, type Database } from '../platform/db/database.js';
import { DATA_FILE_MODE, prepareDataDir, restrictDataDir } from '../platform/db/data-dir.js';
import { describeError } from '../platform/logging.js';
import { createMetrics } from '../platform/metrics.js';
import { AuthFailureLimiter } from '../platform/http/auth-failures.js';
import { migrate } from '../platform/db/migrate.js';
import { bootstrapFirstTenant, countUsers, firstAdminSetupToken } from '../modules/tenancy/index.js';
import { buildApp } from './api/app.js';
import { jobsFor } from './worker/jobs.js';
import { startWorkers, type Workers } from './worker/runner.js';
import { useIpCountryReader } from '../flows/capture/steps/screen-order.js';
import { ipCountryReaderFor } from '../modules/risk/index.js';
import { systemClock } from '../platform/kernel/clock.js';
import { importCommand, importUsage, lockDataDir } from './import-command.js';
import { usersCommand, usersUsage } from './users-command.js';
import { demoCommand, demoUsage } from './demo-command.js';
import { carrierSecretsOf } from '../modules/shipping/index.js';
import { closeCpuPool } from '../platform/cpu/pool.js';
import { guardProcess } from './process-guards.js';
import { startMetricsListener } from './api/metrics-endpoint.js';

/** The data directory, 0700 (see platform/db/data-dir.ts); an existing one others could enter is tightened, and said so. */
async function ensureDataDir(dataDir: string): Promise<void> {
  if ((await prepareDataDir(dataDir)).tightened) {
    console.error(JSON.stringify({ level: 'warn', msg: 'the data directory was open to other users; it is now 0700', dataDir }));
  }
}

async function openDatabase(config: Config, command = 'serve'): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.poolSize, { connectTimeoutMs: config.dbConnectTimeoutMs });
  await ensureDataDir(config.dataDir);
  lockDataDir(config.dataDir, command);
  const database = await openPglite(config.dataDir);
  // PGlite's initdb leaves its files 0666 (and a data directory from an older OMS may hold such files).
  const tightened = await restrictDataDir(config.dataDir);
  if (tightened > 0) console.error(JSON.stringify({ level: 'info', msg: 'data directory files made readable by their owner only', files: tightened }));
  return database;
}

async function prepareDatabase(config: Config, command?: string): Promise<Database> {
  const database = await openDatabase(config, command);
  const applied = await migrate(database);
  if (applied.length > 0) console.error(JSON.stringify({ level: 'info', msg: 'migrations applied', applied }));
  return database;
}

/**
 * Without OMS_SECRET_KEY, the key sealing stored secrets is made once and kept (0600) in the data
 * directory, so `npm start` works on a fresh machine. Production sets OMS_SECRET_KEY (the same for
 * every process), so that a copy of the database alone opens no secret.
 */
async function secretKeyOf(config: Config): Promise<Buffer> {
  if (config.secretKey) return config.secretKey;
  const path = join(config.dataDir, 'secret.key');
  await ensureDataDir(config.dataDir);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing) {
    // A key file an older OMS left readable by others is made the owner's alone (a read-only mount stays as it is).
    await chmod(path, DATA_FILE_MODE).catch(() => undefined);
    return parseSecretKey(existing.trim());
  }
  const key = randomBytes(32);
  await writeFile(path, key.toString('hex'), { mode: DATA_FILE_MODE, flag: 'wx' }).catch(() => undefined);
  return parseSecretKey((await readFile(path, 'utf8')).trim());
}

/** Where the first admin is made in the browser: the token is the installation's (ADR 0016). */
function setupUrl(config: Config): string {
  if (!config.secretKey) throw new Error('the secret key is loaded before the setup link is printed');
  return `${config.publicUrl.replace(/\/$/, '')}/setup?token=${firstAdminSetupToken(config.secretKey)}`;
}

async function serve(config: Config, options: { api: boolean; workers: boolean }): Promise<void> {
  config = { ...config, secretKey: await secretKeyOf(config) };
  const database = await prepareDatabase(config);
  // The first tenant and its key are made by the API process, which prints the key; a worker only works.
  const boot = options.api ? await bootstrapFirstTenant(database.db, new Date(), config.adminKey) : undefined;
  if (boot?.generatedKey) {
    // Printed once, to the terminal only: the database keeps nothing but its hash.
    process.stdout.write(
      `\n  First start: created tenant ${boot.tenantId} and an admin API key (shown only now):\n\n    ${boot.generatedKey}\n\n` +
        `  Try: curl -H "Authorization: Bearer ${boot.generatedKey}" http://localhost:${config.port}/v1/orders\n\n` +
        `  Console: open http://localhost:${config.port}/\n` +
        `  Demo data (locations, products, stock, carriers, ~40 orders in every state): stop the server and run\n` +
        `    npx oms demo\n` +
        `  or, while it runs: curl -X POST -H "Authorization: Bearer ${boot.generatedKey}" http://localhost:${config.port}/v1/demo\n\n`,
    );
  }
  if (options.api && (await countUsers(database.db)) === 0) {
    // People sign in to the console with a staff account; until the first exists, say how to make it.
    process.stdout.write(
      `\n  No one can sign in to the console yet. Create the first admin in the browser:\n\n    ${setupUrl(config)}\n\n` +
        `  (or with the server stopped: npx oms users create --email you@shop.test --role admin)\n\n`,
    );
  }
  // One set of metrics per process: the API's requests and what its workers relay (orders captured).
  const metrics = createMetrics();
  const app = await buildApp({ database, config, logger: { level: config.logLevel }, metrics });
  guardProcess(process, app.log, database.outage, (code) => process.exit(code));
  const jobs = jobsFor({ config, log: app.log, engine: database.kind, metrics });
  const workers: Workers | undefined = options.workers ? startWorkers(database.db, systemClock, app.log, jobs, { outage: database.outage }) : undefined;
  const metricsListener: Server | undefined = config.metricsListen
    ? await startMetricsListener({ ...config.metricsListen, token: config.metricsToken, db: database.db, metrics, authFailures: new AuthFailureLimiter(), log: app.log })
    : undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    metricsListener?.close();
    await workers?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  if (!options.api) {
    app.log.info({ database: database.kind, jobs: jobs.map((j) => j.name), metrics: config.metricsListen }, 'OMS worker is running');
    return;
  }
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: database.kind, docs: `http://localhost:${config.port}/docs`, workers: options.workers, metrics: config.metricsListen }, 'OMS is serving');
}

async function main(argv: string[]): Promise<void> {
  // Everything the OMS writes (the embedded database, secret.key, import rejects) is its owner's only.
  process.umask(0o077);
  const [command = 'serve', ...flags] = argv;
  const config = loadConfig();
  // Every command that captures orders (serve, worker, import, demo) screens them with this reader.
  if (['serve', 'worker', 'import', 'demo'].includes(command)) useIpCountryReader(ipCountryReaderFor(config.ipCountryDb, (message) => process.stderr.write(`${message}\n`)));
  switch (command) {
    case 'serve':
      await serve(config, { api: true, workers: !flags.includes('--no-workers') });
      break;
    case 'worker':
      await serve(config, { api: false, workers: true });
      break;
    case 'migrate': {
      const database = await prepareDatabase(config);
      await database.close();
      break;
    }
    case 'import':
      // An imported order may be held for verification: its link is signed (ADR 0031).
      configureLinkSigning(await secretKeyOf(config), config.publicUrl);
      process.exitCode = await importCommand(flags, () => prepareDatabase(config, 'import'));
      break;
    case 'users':
      process.exitCode = await usersCommand(flags, config, () => prepareDatabase(config, 'users'));
      break;
    case 'setup-link':
      // Reads only the secret key: it works while `oms serve` holds the embedded database.
      console.log(setupUrl({ ...config, secretKey: await secretKeyOf(config) }));
      break;
    case 'demo': {
      const secretKey = await secretKeyOf(config);
      process.exitCode = await demoCommand(flags, () => prepareDatabase(config, 'demo'), {
        secretKey,
        secrets: carrierSecretsOf({ ...config, secretKey }),
        adminKey: config.adminKey,
        consoleUrl: `http://localhost:${config.port}/`,
      });
      // Packing cartonizes on the CPU pool: its threads would keep the process alive.
      await closeCpuPool();
      break;
    }
    default:
      console.error(`Usage: oms <serve|worker|migrate|import|users|demo|setup-link>\n  serve    run the API and the background jobs (embedded PGlite in OMS_DATA_DIR, or DATABASE_URL); --no-workers: the API only\n  worker   run only the background jobs (several processes may share one PostgreSQL)\n  migrate  apply database migrations and exit\n  setup-link  print the link that makes the first admin in the console (until a user exists)\n${importUsage.replace(/^Usage: oms /, '  ')}\n${usersUsage.replace(/^Usage: oms users <create\|list\|reset-link>\n/, '')}\n${demoUsage.replace(/^Usage: oms /, '  ')}`);
      process.exit(2);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `oms: ${error.message}` : describeError(error));
  process.exit(1);
});
