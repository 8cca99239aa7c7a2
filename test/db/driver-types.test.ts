import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The two drivers (PGlite's client and node-postgres) hand back every column type the migrations
 * use as the same JavaScript value: one set of expectations, run on each engine. The API tests run
 * on the embedded database only (docs/adr/0020), so a difference in how a driver reads a type would
 * otherwise show only in production on PostgreSQL.
 */
let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.dispose());

test('each column type the schema uses reads back as the same value on both drivers', async () => {
  const result = (await database.db.execute(sql`
    select 'it''s 日本語 😀'::text as text, ''::text as empty_text, null::text as null_text,
           2147483647::int as int, (-42)::integer as integer, 9007199254740991::bigint as bigint, 7::smallint as smallint,
           true as boolean, '{"a":[1,"b",null],"n":1.5,"s":"x"}'::jsonb as jsonb, '[]'::jsonb as jsonb_array,
           '2026-11-26'::date as date, '2026-11-26 14:03:04.567+00'::timestamptz as timestamptz,
           '\\x00ff10'::bytea as bytea, 12.50::numeric(12,2) as numeric, array['a','b,c',null]::text[] as text_array
  `)) as unknown as { rows: Record<string, unknown>[] };
  const row = result.rows[0];
  assert.ok(row, 'one row');
  assert.deepEqual(
    { ...row, bytea: row.bytea instanceof Uint8Array ? [...row.bytea] : row.bytea },
    {
      text: "it's 日本語 😀",
      empty_text: '',
      null_text: null,
      int: 2147483647,
      integer: -42,
      bigint: 9007199254740991,
      smallint: 7,
      boolean: true,
      jsonb: { a: [1, 'b', null], n: 1.5, s: 'x' },
      jsonb_array: [],
      date: '2026-11-26',
      timestamptz: '2026-11-26 14:03:04.567+00',
      bytea: [0, 255, 16],
      numeric: '12.50',
      text_array: ['a', 'b,c', null],
    },
    `as read on ${database.kind}`,
  );
});
