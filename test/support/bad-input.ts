import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/database.js';
import type { TestApp } from './app.js';

type Response = Awaited<ReturnType<TestApp['call']>>;
type Method = Parameters<TestApp['call']>[0];

/** The tables a bad request must never touch; the snapshot also covers any table added later. */
export const OWNED_TABLES = [
  'events', 'orders', 'order_lines', 'reservations', 'stock_levels', 'inventory_movements',
  'products', 'locations', 'idempotency_keys', 'api_keys', 'tenants',
  'fulfillment_orders', 'fulfillment_order_lines', 'order_holds',
];

export type Snapshot = Record<string, { rows: number; digest: string }>;

/** Row count and a digest of every row of every table: catches inserts, updates and deletes. */
export async function snapshot(t: TestApp): Promise<Snapshot> {
  const tables = await queryRows<{ name: string }>(t.database.db, sql`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`);
  const out: Snapshot = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ rows: number | string; digest: string }>(
      t.database.db,
      sql`select count(*) as rows, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as digest from ${sql.identifier(name)} x`,
    );
    out[name] = { rows: Number(row?.rows), digest: String(row?.digest) };
  }
  for (const table of OWNED_TABLES) assert.ok(out[table], `snapshot is missing table ${table}`);
  return out;
}

export interface ProblemExpectation {
  status: number;
  code?: string;
  /** A field that `errors` must name. */
  field?: string;
  /** Every error names `field`: no noise from the other branches of a union. */
  only?: boolean;
}

export function isProblem(res: Response): boolean {
  return String(res.headers['content-type'] ?? '').startsWith('application/problem+json');
}

/** Asserts an RFC 9457 problem+json answer with the given status (and code / field when given). */
export function assertProblem(res: Response, expected: ProblemExpectation): Record<string, unknown> {
  const context = `${res.statusCode} ${res.body.slice(0, 600)}`;
  assert.equal(res.statusCode, expected.status, context);
  assert.ok(isProblem(res), `content-type ${res.headers['content-type']}: ${context}`);
  const body = res.json() as Record<string, unknown>;
  for (const key of ['type', 'title', 'detail'] as const) assert.equal(typeof body[key], 'string', `${key} missing: ${context}`);
  assert.ok((body.detail as string).length > 0, context);
  assert.equal(body.status, res.statusCode, context);
  if (expected.code) assert.equal(body.code, expected.code, context);
  if (expected.field) {
    const errors = body.errors as { field: unknown; message: unknown }[] | undefined;
    assert.ok(Array.isArray(errors) && errors.length > 0, `errors missing: ${context}`);
    for (const e of errors) assert.ok(typeof e.field === 'string' && typeof e.message === 'string' && e.message.length > 0, context);
    assert.ok(errors.some((e) => e.field === expected.field), `no error names ${expected.field}: ${context}`);
    if (expected.only) assert.ok(errors.every((e) => e.field === expected.field), `errors other than ${expected.field}: ${context}`);
  }
  return body;
}

export interface BadRequestCase extends ProblemExpectation {
  name: string;
  method?: Method;
  url?: string;
  /** An object is sent as JSON; a string or Buffer is sent raw. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sends the raw request without the test client's defaults (no content-type added). */
  raw?: boolean;
}

export function send(t: TestApp, c: BadRequestCase, defaults: { method: Method; url: string }): Promise<Response> {
  const method = c.method ?? defaults.method;
  const url = c.url ?? defaults.url;
  if (c.raw) {
    return t.app.inject({ method, url, headers: { authorization: `Bearer ${t.rootKey}`, ...c.headers }, payload: c.body as string });
  }
  return t.call(method, url, c.body, c.headers ? { headers: c.headers } : {});
}

/** Sends the case, asserts the problem, and asserts that no table changed. */
export async function expectRefusedWithoutWrites(t: TestApp, c: BadRequestCase, defaults: { method: Method; url: string }): Promise<void> {
  const before = await snapshot(t);
  const res = await send(t, c, defaults);
  assertProblem(res, c);
  assert.deepEqual(await snapshot(t), before, 'a refused request changed the database');
}
