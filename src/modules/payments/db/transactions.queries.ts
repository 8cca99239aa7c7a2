import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { orderTransactions } from './schema.js';

export type TransactionRow = typeof orderTransactions.$inferSelect;

/** An order's ledger, oldest first (ids sort by creation). */
export async function transactionsOfOrder(db: Db, tenantId: string, orderId: string): Promise<TransactionRow[]> {
  return transactionsOfOrders(db, tenantId, [orderId]);
}

/** The ledgers of a page of orders in one query (the order views' payment summaries). */
export async function transactionsOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<TransactionRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .select()
    .from(orderTransactions)
    .where(and(eq(orderTransactions.tenantId, tenantId), inArray(orderTransactions.orderId, orderIds)))
    .orderBy(asc(orderTransactions.orderId), asc(orderTransactions.id));
}

/** Appends one row; the caller holds the order's lock and has checked the rules against the ledger. */
export async function insertTransaction(db: Db, row: TransactionRow): Promise<void> {
  await db.insert(orderTransactions).values(row);
}
