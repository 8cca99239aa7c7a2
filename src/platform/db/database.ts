import type { SQL } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { loopTurn } from '../cpu/loop-turn.js';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { DatabaseOutage, DatabaseUnreachable } from './outage.js';

/**
 * One query surface over both engines. Query functions take `Db` (the database or an open
 * transaction) as their first argument and never open a transaction themselves.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<PgQueryResultHKT, any>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Runs a script of several statements (migrations) on one connection; rolls back on error. */
  execScript(sqlText: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Whether this process is in an outage of this database (PostgreSQL: a restart, failover, network cut). */
  readonly outage: DatabaseOutage;
}

// int8 (bigint) columns: counts and sequence numbers stay below 2^53 here, so numbers are safe.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * A pooled connection that cannot stop the process. node-postgres emits 'error' on a client whose
 * connection the server ends; the pool listens only while the client is idle, so a client checked
 * out at that moment (idle inside a transaction, between two statements) had no listener and Node
 * threw the error (57P01 on a PostgreSQL restart). Here every client listens for its whole life:
 * its next statement fails instead, and the pool discards it when it is released. An error while
 * connecting becomes DatabaseUnreachable, whatever the server said (shutting down, starting up,
 * not accepting connections, too many connections).
 */
class PooledClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }

  override connect(): Promise<pg.Client>;
  override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
  override connect(callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): Promise<pg.Client> | void {
    if (!callback) {
      return super.connect().catch((error: unknown) => {
        throw new DatabaseUnreachable(error);
      });
    }
    const done = callback as (err: Error | null, c?: pg.Client) => void;
    super.connect(((error: Error | null, client?: pg.Client) => (error ? done(new DatabaseUnreachable(error)) : done(null, client))) as (err: Error) => void);
  }
}

export interface PostgresOptions {
  /**
   * How long a statement waits for a connection (a new one to open, or a busy pool's to come free)
   * before it fails, and its request answers 503. Unset: it waits as long as it takes.
   */
  connectTimeoutMs?: number;
}

export async function openPostgres(url: string, poolSize: number, options: PostgresOptions = {}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    Client: PooledClient as unknown as new () => pg.ClientBase,
    ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
    // A server gone without closing the socket (a host down, a network cut) is noticed by TCP keepalive.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  const db = drizzlePg(pool) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    outage: new DatabaseOutage(),
    async execScript(sqlText) {
      const client = await pool.connect();
      try {
        await client.query(sqlText);
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
  };
}

/** Embedded PostgreSQL (WASM). `dataDir` undefined means in memory (tests). */
/**
 * The embedded database: in `dataDir`, or in memory. `loadDataDir` starts an in-memory one from a
 * dump (`dumpDataDir`) instead of running initdb (tests: ~0.3 s instead of ~2 s).
 */
export async function openPglite(dataDir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<Database & { dump(): Promise<Blob> }> {
  const client = dataDir ? new PGlite(dataDir) : new PGlite(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  await client.waitReady;
  await client.exec('set standard_conforming_strings = on');
  const db = drizzlePglite(takingTurns(client)) as unknown as Db;
  (db as unknown as Record<symbol, PgliteStatements>)[PGLITE_STATEMENTS] = { ready: new Map(), attempts: 0 };
  return {
    kind: 'pglite',
    db,
    // The embedded database has no connection to lose; its outage never starts.
    outage: new DatabaseOutage(),
    async execScript(sqlText) {
      try {
        await client.exec(sqlText);
      } catch (error) {
        await client.exec('rollback').catch(() => undefined);
        throw error;
      }
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      await client.close();
    },
    dump: () => client.dumpDataDir('none'),
  };
}

/**
 * The PGlite client as the queries see it: every query (in a transaction too) first takes its
 * turn on the event loop when the loop has been busy a few milliseconds (platform/cpu/loop-turn).
 * PGlite's promises resolve without the loop: without this, a long run of queries (an import,
 * a large export) starved every other request for as long as it ran.
 */
function takingTurns<T extends object>(client: T): T {
  return new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (prop === 'query' || prop === 'exec') {
        return async (...args: unknown[]) => {
          await loopTurn();
          return fn.apply(target, args);
        };
      }
      if (prop === 'transaction') return (work: (tx: object) => unknown) => fn.call(target, (tx: object) => work(takingTurns(tx)));
      return fn.bind(target);
    },
  });
}

/** Runs a raw SQL statement built with Drizzle's `sql` template and returns its rows. */
export async function queryRows<T>(db: Db, statement: SQL): Promise<T[]> {
  return ((await db.execute(statement)) as unknown as { rows: T[] }).rows;
}

interface DrizzleSession {
  session: {
    prepareQuery(query: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: boolean): { execute(): Promise<unknown> };
    client: { exec(sql: string): Promise<{ rows: unknown[] }[]> };
  };
}

/**
 * PGlite plans every parameterised query anew and cannot keep named protocol-level statements,
 * so on PGlite a named statement is `PREPARE`d once per database and run as `EXECUTE name(…)`
 * with its parameters as quoted literals (measured: 0.18 ms against 0.51 ms for a capture CTE).
 * Several requests may race to prepare the same statement (one of them inside a transaction), so
 * each attempt prepares under its own suffixed name; the first to finish is remembered.
 */
interface PgliteStatements {
  ready: Map<string, string>;
  attempts: number;
}

const PGLITE_STATEMENTS = Symbol('oms.pgliteStatements');

/** Transactions opened by `inTransaction` inherit the database's PGlite statement cache. */
export function inheritStatementCache(from: Db, to: Db): void {
  const state = (from as unknown as Record<symbol, PgliteStatements | undefined>)[PGLITE_STATEMENTS];
  if (state) (to as unknown as Record<symbol, PgliteStatements>)[PGLITE_STATEMENTS] = state;
}

/** A PostgreSQL literal. standard_conforming_strings is on (set when PGlite opens): only ' is special. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return quote(`{${value.map(arrayElement).join(',')}}`);
  if (value instanceof Date) return quote(value.toISOString());
  if (typeof value === 'object') return quote(JSON.stringify(value));
  return quote(String(value));
}

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function quote(text: string): string {
  if (text.includes('\u0000')) throw new Error('NUL cannot be sent to PostgreSQL');
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A named statement with constant SQL text and positional parameters, for the capture path.
 *
 * PostgreSQL keeps it prepared per connection: parsed once and, after a few runs, planned once.
 * Measured on the 2-core machine: planning a capture statement cost ≈0.5 ms against ≈0.1 ms to
 * execute it, and building SQL through the query builder took a large share of the server's CPU,
 * so the hot statements are written once as text. It runs on whichever connection `db` holds
 * (the pool, or an open transaction).
 */
export function preparedStatement<Row>(name: string, text: string): (db: Db, params: unknown[]) => Promise<Row[]> {
  return async (db, params) => {
    const session = (db as unknown as DrizzleSession).session;
    const pglite = (db as unknown as Record<symbol, PgliteStatements | undefined>)[PGLITE_STATEMENTS];
    if (!pglite) {
      const prepared = session.prepareQuery({ sql: text, params }, undefined, name, false);
      return ((await prepared.execute()) as { rows: Row[] }).rows;
    }
    const args = params.length > 0 ? `(${params.map(literal).join(', ')})` : '';
    const ready = pglite.ready.get(name);
    if (ready) return (await session.client.exec(`execute ${ready}${args}`))[0]?.rows as Row[];
    const attempt = `${name}_${++pglite.attempts}`;
    const results = await session.client.exec(`prepare ${attempt} as ${text}; execute ${attempt}${args}`);
    if (!pglite.ready.has(name)) pglite.ready.set(name, attempt);
    return results[results.length - 1]?.rows as Row[];
  };
}
