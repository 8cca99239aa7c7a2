import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Db } from './database.js';

/**
 * The retention jobs' one delete (webhook log, channel delivery ids, automation runs): at most
 * `limit` rows of `table` whose `age` column is before `before` (and `where`, e.g. "finished"),
 * oldest first, across tenants, taken FOR UPDATE SKIP LOCKED so that two workers pruning at once
 * take different rows. `key`: the table's primary key columns. Answers how many were deleted. The
 * module whose table it is calls it from its own db/ (it names the table and the condition).
 */
export async function deleteOldest(db: Db, table: PgTable, key: readonly [AnyColumn, ...AnyColumn[]], age: AnyColumn, before: Date, limit: number, where?: SQL): Promise<number> {
  const columns = sql.join(key.map((c) => sql.identifier(c.name)), sql`, `);
  const rows = await queryRows<{ one: number }>(db, sql`
    delete from ${table}
    where (${columns}) in (
      select ${columns} from ${table}
      where ${sql.identifier(age.name)} < ${before}${where ? sql` and ${where}` : sql``}
      order by ${sql.identifier(age.name)}
      limit ${limit}
      for update skip locked)
    returning 1 as one`);
  return rows.length;
}
