import { asc, Column, desc, gt, is, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * Keyset pagination: the one way every list pages (the HTTP side, cursors and `next_cursor`, is
 * `platform/http/pagination.ts`).
 *
 * The convention: a list is ordered by a unique key and pages by "rows after the last key seen".
 * - Records are listed **newest first**, keyed by their id: ids are time-sortable (`kernel/ids.ts`),
 *   so `id desc` is `(created_at, id) desc` served by the `(tenant_id, id)` index alone.
 * - Entries a tenant names by a code (products by SKU, boxes by code, stock by SKU × location) are
 *   listed **by that key**, ascending, as their routes say.
 * - The exceptions say so in their route summary and here: `oldest_first` for the work queues
 *   whose published order is oldest first (fulfillment orders, shipments).
 * A query fetches `size + 1` rows; the extra row tells `page()` that another page exists.
 */
export type KeysetOrder = 'newest_first' | 'by_key' | 'oldest_first';

/** The page a request asks for. */
export interface PageRequest {
  /** Rows per page. */
  size: number;
  /** The key of the last row of the previous page (one value per key column); absent on the first page. */
  after?: readonly string[] | undefined;
}

export interface Keyset {
  where: SQL | undefined;
  orderBy: SQL[];
  limit: number;
}

/**
 * The WHERE condition, ORDER BY and LIMIT of one page over the key columns (the last one unique,
 * usually the id): `(k1, …, id) < (…)` newest first, `>` otherwise.
 */
/** A key column, or an expression an index is built on (e.g. `coalesce(ship_by, 'infinity')`). */
export type KeyColumn = AnyColumn | SQL;

export function keyset(columns: readonly [KeyColumn, ...KeyColumn[]], page: PageRequest, order: KeysetOrder = 'newest_first'): Keyset {
  const descending = order === 'newest_first';
  return {
    where: page.after === undefined ? undefined : afterKey(columns, page.after, descending),
    orderBy: columns.map((c) => (descending ? desc(c) : asc(c))),
    limit: page.size + 1,
  };
}

function afterKey(columns: readonly [KeyColumn, ...KeyColumn[]], key: readonly string[], descending: boolean): SQL {
  if (key.length !== columns.length) throw new Error(`a keyset cursor has ${key.length} value(s) for ${columns.length} column(s)`);
  const [first] = columns;
  if (columns.length === 1 && is(first, Column)) return descending ? lt(first, key[0]) : gt(first, key[0]);
  if (columns.length === 1) return descending ? sql`${first} < ${key[0]}` : sql`${first} > ${key[0]}`;
  const cols = sql.join(columns.map((c) => sql`${c}`), sql`, `);
  const values = sql.join(key.map((v) => sql`${v}`), sql`, `);
  return descending ? sql`(${cols}) < (${values})` : sql`(${cols}) > (${values})`;
}
