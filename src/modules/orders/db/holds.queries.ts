import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { orderHolds } from './schema.js';

export type OrderHoldRow = typeof orderHolds.$inferSelect;

/**
 * Inserts an active hold unless the order already has one of that type (and queue): answers the
 * row inserted, or undefined when one was there (the caller then reads it). The partial unique
 * index `order_holds_active` decides, so two requests placing the same hold at once store one.
 */
export async function insertActiveHold(db: Db, row: OrderHoldRow): Promise<OrderHoldRow | undefined> {
  const [inserted] = await db
    .insert(orderHolds)
    .values(row)
    .onConflictDoNothing({ target: [orderHolds.tenantId, orderHolds.orderId, orderHolds.type, orderHolds.queue], where: isNull(orderHolds.releasedAt) })
    .returning();
  return inserted;
}

export async function findActiveHold(db: Db, tenantId: string, orderId: string, type: string, queue: string): Promise<OrderHoldRow | undefined> {
  const [row] = await db
    .select()
    .from(orderHolds)
    .where(and(eq(orderHolds.tenantId, tenantId), eq(orderHolds.orderId, orderId), eq(orderHolds.type, type as OrderHoldRow['type']), eq(orderHolds.queue, queue), isNull(orderHolds.releasedAt)));
  return row;
}

export async function findHold(db: Db, tenantId: string, id: string): Promise<OrderHoldRow | undefined> {
  const [row] = await db.select().from(orderHolds).where(and(eq(orderHolds.tenantId, tenantId), eq(orderHolds.id, id)));
  return row;
}

/**
 * Releases an active hold: a conditional update, so of two releases of one hold only one changes
 * the row (the other gets undefined and answers 409). Answers the released row.
 */
export async function markHoldReleased(db: Db, tenantId: string, id: string, by: string, at: Date, note: string): Promise<OrderHoldRow | undefined> {
  const [row] = await db
    .update(orderHolds)
    .set({ releasedBy: by, releasedAt: at, releaseNote: note })
    .where(and(eq(orderHolds.tenantId, tenantId), eq(orderHolds.id, id), isNull(orderHolds.releasedAt)))
    .returning();
  return row;
}

/** The active holds of some orders, oldest first (one query for a page of orders). */
export async function activeHoldsOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<OrderHoldRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .select()
    .from(orderHolds)
    .where(and(eq(orderHolds.tenantId, tenantId), inArray(orderHolds.orderId, orderIds), isNull(orderHolds.releasedAt)))
    .orderBy(asc(orderHolds.orderId), asc(orderHolds.id));
}

/** Every hold of an order, active and released, newest first. */
export async function holdsOfOrder(db: Db, tenantId: string, orderId: string): Promise<OrderHoldRow[]> {
  return db.select().from(orderHolds).where(and(eq(orderHolds.tenantId, tenantId), eq(orderHolds.orderId, orderId))).orderBy(desc(orderHolds.id));
}

/** Whether the order has an active hold (fulfillment orders are then created on_hold). */
export async function isOrderHeld(db: Db, tenantId: string, orderId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(orderHolds)
    .where(and(eq(orderHolds.tenantId, tenantId), eq(orderHolds.orderId, orderId), isNull(orderHolds.releasedAt)))
    .limit(1);
  return row !== undefined;
}
