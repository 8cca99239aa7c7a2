import type { SQL } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';

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
}

// int8 (bigint) columns: counts and sequence numbers stay below 2^53 here, so numbers are safe.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  const db = drizzlePg(pool) as unknown as Db;
  return {
    kind: 'postgres',
    db,
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
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client) as unknown as Db;
  return {
    kind: 'pglite',
    db,
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
  };
}

/** Runs a raw SQL statement built with Drizzle's `sql` template and returns its rows. */
export async function queryRows<T>(db: Db, statement: SQL): Promise<T[]> {
  return ((await db.execute(statement)) as unknown as { rows: T[] }).rows;
}

interface DrizzleSession {
  session: { prepareQuery(query: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: boolean): { execute(): Promise<unknown> } };
}

/**
 * A named statement with constant SQL text and positional parameters, for the capture path.
 *
 * PostgreSQL keeps it prepared per connection: parsed once and, after a few runs, planned once.
 * Measured on the 2-core machine: planning a capture statement cost ≈0.5 ms against ≈0.1 ms to
 * execute it, and building SQL through the query builder took a large share of the server's CPU,
 * so the hot statements are written once as text. It runs on whichever connection `db` holds
 * (the pool, or an open transaction). PGlite ignores the name.
 */
export function preparedStatement<Row>(name: string, text: string): (db: Db, params: unknown[]) => Promise<Row[]> {
  return async (db, params) => {
    const prepared = (db as unknown as DrizzleSession).session.prepareQuery({ sql: text, params }, undefined, name, false);
    return ((await prepared.execute()) as { rows: Row[] }).rows;
  };
}
