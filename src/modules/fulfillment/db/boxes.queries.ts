import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { boxes } from './boxes.schema.js';

export type BoxRow = typeof boxes.$inferSelect;

/** Creates or replaces a box; answers whether it was new. */
export async function upsertBox(db: Db, row: BoxRow): Promise<{ created: boolean; row: BoxRow }> {
  const [saved] = await db
    .insert(boxes)
    .values(row)
    .onConflictDoUpdate({
      target: [boxes.tenantId, boxes.code],
      set: {
        innerLengthMm: row.innerLengthMm,
        innerWidthMm: row.innerWidthMm,
        innerHeightMm: row.innerHeightMm,
        maxWeightGrams: row.maxWeightGrams,
        tareGrams: row.tareGrams,
        costMinor: row.costMinor,
        currency: row.currency,
        updatedAt: row.updatedAt,
      },
    })
    .returning({ ...getTableColumns(boxes), inserted: sql<boolean>`(xmax = 0)` });
  const { inserted, ...result } = saved as BoxRow & { inserted: boolean };
  return { created: inserted, row: result };
}

export async function findBox(db: Db, tenantId: string, code: string): Promise<BoxRow | undefined> {
  const [row] = await db.select().from(boxes).where(and(eq(boxes.tenantId, tenantId), eq(boxes.code, code)));
  return row;
}

/** By code (platform/db/keyset.ts). */
export async function listBoxes(db: Db, tenantId: string, page: PageRequest): Promise<BoxRow[]> {
  const k = keyset([boxes.code], page, 'by_key');
  return db
    .select()
    .from(boxes)
    .where(and(eq(boxes.tenantId, tenantId), k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

/** The whole catalogue, for cartonization (a tenant has tens of boxes, not thousands). */
export async function allBoxes(db: Db, tenantId: string): Promise<BoxRow[]> {
  return db.select().from(boxes).where(eq(boxes.tenantId, tenantId)).orderBy(asc(boxes.code));
}

export async function deleteBox(db: Db, tenantId: string, code: string): Promise<BoxRow | undefined> {
  const [row] = await db.delete(boxes).where(and(eq(boxes.tenantId, tenantId), eq(boxes.code, code))).returning();
  return row;
}
