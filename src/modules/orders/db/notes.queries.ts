import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { orderNotes } from './schema.js';

export type OrderNoteRow = typeof orderNotes.$inferSelect;

export async function insertOrderNote(db: Db, row: OrderNoteRow): Promise<void> {
  await db.insert(orderNotes).values(row);
}

/** The notes of some orders, each order's oldest first (one query for a whole page of orders). */
export async function notesOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<OrderNoteRow[]> {
  if (orderIds.length === 0) return [];
  return db.select().from(orderNotes).where(and(eq(orderNotes.tenantId, tenantId), inArray(orderNotes.orderId, orderIds))).orderBy(asc(orderNotes.orderId), asc(orderNotes.id));
}
