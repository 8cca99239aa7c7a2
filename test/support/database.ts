import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../../src/platform/db/database.js';
import { loadMigrations, migrate, type Migration } from '../../src/platform/db/migrate.js';

/**
 * A fresh, migrated database for one test file.
 *
 * With `TEST_DATABASE_URL` (a PostgreSQL server URL) every call clones a migrated template database
 * (`CREATE DATABASE … TEMPLATE`, a file copy: milliseconds instead of re-running migrations), so
 * test files running in parallel processes never see each other's rows. Without it, an in-memory
 * PGlite is opened and migrated.
 */
export type TestDatabase = Database & { dispose(): Promise<void> };

/** Arbitrary, fixed key: serialises template creation across parallel test processes. */
const TEMPLATE_LOCK_KEY = 7423012;
const POOL_SIZE = 20;
/** A dump is only read back by the PGlite version that wrote it. */
const PGLITE_VERSION = (JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function isPostgres(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL);
}

export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  return url ? createPostgresTestDatabase(url, options.poolSize ?? POOL_SIZE) : createPgliteTestDatabase();
}

/**
 * PGlite's initdb costs ~2 s per database. The first test process to need one makes a migrated
 * database and keeps its dump in the temp directory, keyed by the migrations' hash; every other
 * opens from the dump (~0.3 s). Written to a temp name and renamed, so a reader never sees half.
 */
async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const migrations = await loadMigrations();
  const dumpPath = pgliteDumpPath(migrations);
  const cached = await readFile(dumpPath).catch(() => undefined);
  const database = await openPglite(undefined, cached ? { loadDataDir: new Blob([cached]) } : {});
  try {
    if (!cached) {
      await migrate(database, migrations);
      await writeDump(dumpPath, await database.dump());
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  return withDispose(database, () => database.close());
}

/**
 * Fills the empty (or missing) directory `dataDir` with a migrated embedded database, from the
 * dump above: for tests that start `oms` processes on a data directory and are not about its
 * first start, which would otherwise spend seconds in initdb and the migrations.
 */
export async function seedPgliteDataDir(dataDir: string): Promise<void> {
  const migrations = await loadMigrations();
  const dumpPath = pgliteDumpPath(migrations);
  let dump = await readFile(dumpPath).catch(() => undefined);
  if (!dump) {
    const database = await createPgliteTestDatabase();
    await database.dispose();
    dump = await readFile(dumpPath);
  }
  const seeded = new PGlite(dataDir, { loadDataDir: new Blob([dump]) });
  await seeded.waitReady;
  await seeded.close();
}

function pgliteDumpPath(migrations: Migration[]): string {
  return join(tmpdir(), `oms-test-pglite-${PGLITE_VERSION}-${migrationsHash(migrations)}.tar`);
}

async function writeDump(dumpPath: string, dump: Blob): Promise<void> {
  const partial = `${dumpPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, dumpPath);
}

/**
 * A fresh clone of the migrated template on the PostgreSQL server at `serverUrl`, with its own
 * URL (for a server process the test starts: `DATABASE_URL`).
 */
export async function createPostgresTestDatabase(serverUrl: string, poolSize: number): Promise<TestDatabase & { url: string }> {
  const migrations = await loadMigrations();
  const template = `oms_tpl_${migrationsHash(migrations)}`;
  const name = `oms_t_${randomBytes(6).toString('hex')}`;

  await withAdmin(serverUrl, async (admin) => {
    await ensureTemplate(admin, serverUrl, template, migrations);
    await admin.query(`create database ${ident(name)} template ${ident(template)}`);
  });

  const url = withDatabaseName(serverUrl, name);
  let database: Database;
  try {
    database = await openPostgres(url, poolSize);
  } catch (error) {
    await dropDatabase(serverUrl, name);
    throw error;
  }
  const disposable = withDispose(database, async () => {
    try {
      await database.close();
    } finally {
      await dropDatabase(serverUrl, name);
    }
  });
  return { ...disposable, url };
}

/**
 * Creates and migrates the template once per set of migrations. `datistemplate` doubles as the
 * "fully migrated" marker: a template left half-built by a crashed run is dropped and rebuilt.
 */
async function ensureTemplate(admin: pg.Client, serverUrl: string, template: string, migrations: Migration[]): Promise<void> {
  if (await isReadyTemplate(admin, template)) return;
  await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
  try {
    if (await isReadyTemplate(admin, template)) return;
    await admin.query(`drop database if exists ${ident(template)} with (force)`);
    await admin.query(`create database ${ident(template)}`);
    const database = await openPostgres(withDatabaseName(serverUrl, template), 1);
    try {
      await migrate(database, migrations);
    } finally {
      await database.close();
    }
    await admin.query(`alter database ${ident(template)} with is_template true`);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
  }
}

async function isReadyTemplate(admin: pg.Client, template: string): Promise<boolean> {
  const result = await admin.query<{ datistemplate: boolean }>('select datistemplate from pg_database where datname = $1', [template]);
  return result.rows[0]?.datistemplate === true;
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${ident(name)} with (force)`));
}

/** Runs `work` on a connection to the server's `postgres` maintenance database. */
async function withAdmin<T>(serverUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

function migrationsHash(migrations: Migration[]): string {
  const hash = createHash('sha256');
  for (const m of migrations) hash.update(m.version).update('\0').update(m.sql).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function ident(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name: ${name}`);
  return `"${name}"`;
}

function withDispose(database: Database, dispose: () => Promise<void>): TestDatabase {
  let disposed: Promise<void> | undefined;
  return {
    kind: database.kind,
    db: database.db,
    execScript: (sqlText) => database.execScript(sqlText),
    ping: () => database.ping(),
    outage: database.outage,
    close: () => (disposed ??= dispose()),
    dispose: () => (disposed ??= dispose()),
  };
}
