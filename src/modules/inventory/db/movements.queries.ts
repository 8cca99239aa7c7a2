import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { inventoryMovements } from './schema.js';

export type MovementRow = typeof inventoryMovements.$inferSelect;

export async function insertMovements(db: Db, rows: MovementRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(inventoryMovements).values(rows);
}

export async function listMovements(db: Db, tenantId: string, sku: string, beforeId: string | undefined, limit: number): Promise<MovementRow[]> {
  return db
    .select()
    .from(inventoryMovements)
    .where(and(eq(inventoryMovements.tenantId, tenantId), eq(inventoryMovements.sku, sku), beforeId ? lt(inventoryMovements.id, beforeId) : undefined))
    .orderBy(desc(inventoryMovements.id))
    .limit(limit);
}
