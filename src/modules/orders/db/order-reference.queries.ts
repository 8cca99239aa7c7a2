import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { orders } from './schema.js';
import type { OrderRow } from './orders.queries.js';

/**
 * The orders a person means by what is printed on a receipt or an e-mail: the order's id
 * (`ord_…`), its number (`1042`, `#1042`) or the channel's name for it (`#SH1042`, matched without
 * '#', case-insensitive, on the indexed `search_order_name` of migration 0037). At most `limit`,
 * oldest first: the caller refuses an ambiguous reference rather than guessing.
 */
export async function ordersByReference(db: Db, tenantId: string, reference: string, limit = 5): Promise<OrderRow[]> {
  const typed = reference.trim();
  if (typed === '') return [];
  if (/^ord_[0-9a-z]{26}$/.test(typed)) return db.select().from(orders).where(and(eq(orders.tenantId, tenantId), eq(orders.id, typed)));
  const name = typed.replace(/^#\s*/, '').toLowerCase();
  const probes: SQL[] = [sql`search_order_name = ${name}`];
  if (/^\d{1,15}$/.test(name)) probes.push(eq(orders.number, Number(name)));
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), or(...probes)))
    .orderBy(orders.id)
    .limit(limit);
}

/** The numbers of these orders (id → number), for lists that name orders by id (automation runs); an id not found is absent. */
export async function orderNumbersOf(db: Db, tenantId: string, ids: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: orders.id, number: orders.number }).from(orders).where(and(eq(orders.tenantId, tenantId), inArray(orders.id, unique)));
  return new Map(rows.map((r) => [r.id, r.number]));
}
