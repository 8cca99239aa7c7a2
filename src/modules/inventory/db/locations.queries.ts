import { and, eq, inArray, or } from 'drizzle-orm';
import { preparedStatement, type Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
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

/** Newest first (platform/db/keyset.ts). */
export async function listLocations(db: Db, tenantId: string, page: PageRequest): Promise<LocationRow[]> {
  const k = keyset([locations.id], page);
  return db
    .select()
    .from(locations)
    .where(and(eq(locations.tenantId, tenantId), k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

/** Applies the patch and answers the location as it now is (undefined: no such location). */
export async function updateLocation(db: Db, tenantId: string, id: string, patch: Partial<LocationRow>): Promise<LocationRow | undefined> {
  const [row] = await db.update(locations).set(patch).where(and(eq(locations.tenantId, tenantId), eq(locations.id, id))).returning();
  return row;
}

export interface RoutingLocationRow {
  id: string;
  code: string;
  type: LocationRow['type'];
  groups: string[];
  serves_countries: string[];
  channels: string[];
  ships_to_customers: boolean;
  priority: number;
  daily_capacity: number | null;
  safety_stock: number;
  latitude: number | null;
  longitude: number | null;
}

const activeForRouting = preparedStatement<RoutingLocationRow>(
  'inventory_routing_locations',
  `select id, code, type, groups, serves_countries, channels, ships_to_customers, priority, daily_capacity, safety_stock, latitude, longitude
   from locations where tenant_id = $1 and active order by id`,
);

/** Every active location with what routing rules filter and rank by. */
export async function routingLocations(db: Db, tenantId: string): Promise<RoutingLocationRow[]> {
  return activeForRouting(db, [tenantId]);
}
