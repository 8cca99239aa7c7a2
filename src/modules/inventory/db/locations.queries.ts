import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { locations } from './schema.js';

export type LocationRow = typeof locations.$inferSelect;

export async function insertLocation(db: Db, row: LocationRow): Promise<boolean> {
  const inserted = await db.insert(locations).values(row).onConflictDoNothing().returning({ id: locations.id });
  return inserted.length > 0;
}

/** Callers may name a location by its code or its id. */
export async function findLocationsByCodeOrId(db: Db, tenantId: string, refs: string[]): Promise<LocationRow[]> {
  if (refs.length === 0) return [];
  return db
    .select()
    .from(locations)
    .where(and(eq(locations.tenantId, tenantId), or(inArray(locations.code, refs), inArray(locations.id, refs))));
}

export async function listLocations(db: Db, tenantId: string, afterId: string | undefined, limit: number): Promise<LocationRow[]> {
  return db
    .select()
    .from(locations)
    .where(and(eq(locations.tenantId, tenantId), afterId ? gt(locations.id, afterId) : undefined))
    .orderBy(asc(locations.id))
    .limit(limit);
}

/** Applies the patch and answers the location as it now is (undefined: no such location). */
export async function updateLocation(db: Db, tenantId: string, id: string, patch: Partial<LocationRow>): Promise<LocationRow | undefined> {
  const [row] = await db.update(locations).set(patch).where(and(eq(locations.tenantId, tenantId), eq(locations.id, id))).returning();
  return row;
}
