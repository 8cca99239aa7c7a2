import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { returnExchanges, returns } from './schema.js';

export type ExchangeRow = typeof returnExchanges.$inferSelect;

/** False when the return already has its exchange (the unique index). */
export async function insertExchange(db: Db, row: ExchangeRow): Promise<boolean> {
  const rows = await db.insert(returnExchanges).values(row).onConflictDoNothing().returning({ id: returnExchanges.id });
  return rows.length === 1;
}

export async function exchangesOfReturns(db: Db, tenantId: string, returnIds: string[]): Promise<ExchangeRow[]> {
  if (returnIds.length === 0) return [];
  return db.select().from(returnExchanges).where(and(eq(returnExchanges.tenantId, tenantId), inArray(returnExchanges.returnId, returnIds)));
}

/** The exchange whose replacement is this order (the link from the new order back to the return). */
export async function exchangeOfReplacement(db: Db, tenantId: string, orderId: string): Promise<ExchangeRow | undefined> {
  const [row] = await db.select().from(returnExchanges).where(and(eq(returnExchanges.tenantId, tenantId), eq(returnExchanges.replacementOrderId, orderId)));
  return row;
}

/**
 * Claims instant exchanges that are due and whose return has not moved (requested, approved): marks
 * them overdue (once) and answers them, across tenants, `limit` at a time. SKIP LOCKED lets any
 * number of workers run it.
 */
export async function claimOverdueExchanges(db: Db, now: Date, limit: number): Promise<ExchangeRow[]> {
  const due = db
    .select({ tenantId: returnExchanges.tenantId, id: returnExchanges.id })
    .from(returnExchanges)
    .innerJoin(returns, and(eq(returns.tenantId, returnExchanges.tenantId), eq(returns.id, returnExchanges.returnId)))
    .where(and(isNotNull(returnExchanges.dueAt), isNull(returnExchanges.overdueAt), lte(returnExchanges.dueAt, now), inArray(returns.status, ['requested', 'approved'])))
    .orderBy(asc(returnExchanges.dueAt))
    .limit(limit)
    .for('update', { of: returnExchanges, skipLocked: true });
  const picked = await due;
  if (picked.length === 0) return [];
  return db
    .update(returnExchanges)
    .set({ overdueAt: now })
    .where(sql`(${returnExchanges.tenantId}, ${returnExchanges.id}) in (${sql.join(picked.map((p) => sql`(${p.tenantId}, ${p.id})`), sql`, `)})`)
    .returning();
}
