import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { preparedStatement } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * Named statements carry any value intact on both engines (on PGlite they travel as quoted
 * literals, so quoting is what is under test there), inside and outside transactions.
 */
let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.dispose());

const echo = preparedStatement<{ a: string | null; b: string[]; c: unknown; d: number; e: string }>(
  'test_echo',
  'select $1::text as a, $2::text[] as b, $3::jsonb as c, $4::int as d, $5::timestamptz::text as e',
);

const nasty = [
  "it's",
  "'); drop table events; --",
  'back\\slash and \\\' mixed',
  '"double" quotes',
  'braces {a,b} and commas, NULL',
  'unicode: 日本語 😀 é',
  '$1 $$ dollar',
  '',
];

test('values round-trip unchanged through a named statement', async () => {
  for (const text of nasty) {
    const [row] = await echo(database.db, [text, [text, 'x', 'NULL'], { text, n: [1, 2] }, 42, new Date('2026-11-26T14:03:00Z')]);
    assert.equal(row?.a, text);
    assert.deepEqual(row?.b, [text, 'x', 'NULL']);
    assert.deepEqual(row?.c, { text, n: [1, 2] });
    assert.equal(row?.d, 42);
    assert.match(row?.e ?? '', /^2026-11-26 14:03:00/);
  }
  const [nulls] = await echo(database.db, [null, [null, 'y'], null, 0, new Date(0)]);
  assert.equal(nulls?.a, null);
  assert.deepEqual(nulls?.b, [null, 'y']);
});

test('named statements work inside transactions, concurrently, and after a rollback', async () => {
  await assert.rejects(
    inTransaction(database.db, async (tx) => {
      await echo(tx, ['in tx', [], {}, 1, new Date()]);
      throw new Error('roll back');
    }),
    /roll back/,
  );
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => inTransaction(database.db, async (tx) => (await echo(tx, [`t${i}`, [], {}, i, new Date()]))[0]?.d)),
  );
  assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});
