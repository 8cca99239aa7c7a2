import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { returnShipping } from './schema.js';

/** How a return's goods come back (migration 0044, ADR 0023): one row per return. */
export type ReturnShippingRow = typeof returnShipping.$inferSelect;

export async function returnShippingOf(db: Db, tenantId: string, returnId: string): Promise<ReturnShippingRow | undefined> {
  const [row] = await db.select().from(returnShipping).where(and(eq(returnShipping.tenantId, tenantId), eq(returnShipping.returnId, returnId)));
  return row;
}

export async function returnShippingOfReturns(db: Db, tenantId: string, returnIds: string[]): Promise<ReturnShippingRow[]> {
  if (returnIds.length === 0) return [];
  return db.select().from(returnShipping).where(and(eq(returnShipping.tenantId, tenantId), inArray(returnShipping.returnId, returnIds)));
}

/** The return whose parcel carries this tracking number, if any. */
export async function returnShippingByTracking(db: Db, tenantId: string, trackingNumber: string): Promise<ReturnShippingRow | undefined> {
  const [row] = await db.select().from(returnShipping).where(and(eq(returnShipping.tenantId, tenantId), eq(returnShipping.trackingNumber, trackingNumber)));
  return row;
}

/** Inserts the return's one arrangement; false when it already has one (the unique index decides a race). */
export async function insertReturnShipping(db: Db, row: ReturnShippingRow): Promise<boolean> {
  const rows = await db.insert(returnShipping).values(row).onConflictDoNothing().returning({ id: returnShipping.id });
  return rows.length === 1;
}

export async function updateReturnParcel(db: Db, tenantId: string, id: string, patch: Partial<Pick<ReturnShippingRow, 'parcelStatus' | 'lastEventAt' | 'deliveredAt' | 'trackingNumber'>>): Promise<void> {
  await db.update(returnShipping).set(patch).where(and(eq(returnShipping.tenantId, tenantId), eq(returnShipping.id, id)));
}
