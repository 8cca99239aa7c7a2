import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import type { OrderRow } from './orders.queries.js';
import { orders } from './schema.js';

/** The orders with these ids (any status), for read-only reporting such as the accounting export. */
export async function ordersByIds(db: Db, tenantId: string, ids: readonly string[]): Promise<OrderRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(orders).where(and(eq(orders.tenantId, tenantId), inArray(orders.id, [...ids])));
}
