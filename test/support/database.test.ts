// test-files: database server (the test database helper: a clone of the migrated template on the server)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { loadMigrations } from '../../src/platform/db/migrate.js';
import { createTestDatabase, isPostgres, type TestDatabase } from './database.js';

async function rows<T>(database: TestDatabase, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

describe('createTestDatabase', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.dispose();
  });

  it('opens the engine TEST_DATABASE_URL asks for', () => {
    assert.equal(database.kind, isPostgres() ? 'postgres' : 'pglite');
  });

  it('has every migration applied', async () => {
    const applied = await rows<{ version: string }>(database, sql`select version from schema_migrations order by version`);
    const expected = (await loadMigrations()).map((m) => m.version);
    assert.deepEqual(
      applied.map((r) => r.version),
      expected,
    );
    const tables = await rows<{ regclass: string | null }>(database, sql`select to_regclass('stock_levels')::text as regclass`);
    assert.equal(tables[0]?.regclass, 'stock_levels');
  });

  it('gives each caller its own database', async () => {
    const other = await createTestDatabase();
    try {
      await database.execScript('create table test_support_isolation (id int)');
      const seen = await rows<{ regclass: string | null }>(other, sql`select to_regclass('test_support_isolation')::text as regclass`);
      assert.equal(seen[0]?.regclass ?? null, null);
    } finally {
      await other.dispose();
    }
  });
});
