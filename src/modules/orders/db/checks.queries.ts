import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { orderChecks } from './checks.schema.js';

export type OrderChecksRow = typeof orderChecks.$inferSelect;

export async function insertOrderChecks(db: Db, row: OrderChecksRow): Promise<void> {
  await db.insert(orderChecks).values(row);
}

/** The checks of some orders (one query for a whole page of orders). */
export async function checksOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<OrderChecksRow[]> {
  if (orderIds.length === 0) return [];
  return db.select().from(orderChecks).where(and(eq(orderChecks.tenantId, tenantId), inArray(orderChecks.orderId, orderIds)));
}
