import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { inventoryMovements, locations } from './schema.js';

export type MovementRow = typeof inventoryMovements.$inferSelect;

export async function insertMovements(db: Db, rows: (typeof inventoryMovements.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(inventoryMovements).values(rows);
}

/** One SKU's ledger, newest first, at one location or all (indexes (tenant, sku, location, id) and (tenant, sku, id)). */
export async function listMovements(db: Db, tenantId: string, sku: string, filter: { locationId?: string | undefined }, page: PageRequest) {
  const k = keyset([inventoryMovements.id], page);
  return db
    .select({
      id: inventoryMovements.id,
      at: inventoryMovements.at,
      sku: inventoryMovements.sku,
      locationId: inventoryMovements.locationId,
      locationCode: locations.code,
      delta: inventoryMovements.delta,
      onHandAfter: inventoryMovements.onHandAfter,
      reason: inventoryMovements.reason,
      reference: inventoryMovements.reference,
      actor: inventoryMovements.actor,
    })
    .from(inventoryMovements)
    .innerJoin(locations, and(eq(locations.tenantId, inventoryMovements.tenantId), eq(locations.id, inventoryMovements.locationId)))
    .where(and(eq(inventoryMovements.tenantId, tenantId), eq(inventoryMovements.sku, sku), filter.locationId ? eq(inventoryMovements.locationId, filter.locationId) : undefined, k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

export type MovementListRow = Awaited<ReturnType<typeof listMovements>>[number];

/**
 * Stock levels at or below their SKU's low-stock threshold (`thresholds`: the SKUs whose threshold
 * is above 0, as the home page counts them (dashboard.queries.ts); every other SKU alerts at 0, out of stock), by SKU × location. The catalog owns the
 * thresholds, so the caller reads them first.
 */
export async function listLowStock(db: Db, tenantId: string, thresholds: Map<string, number>, page: PageRequest) {
  const after = page.after ? sql`and (s.sku, s.location_id) > (${page.after[0]}, ${page.after[1]})` : sql``;
  const rows = await queryRows<{ sku: string; locationId: string; locationCode: string; onHand: number; reserved: number; threshold: number; updatedAt: string | Date }>(db, sql`
    select s.sku, s.location_id as "locationId", l.code as "locationCode", s.on_hand as "onHand", s.reserved,
           coalesce(t.threshold, 0) as threshold, s.updated_at as "updatedAt"
    from stock_levels s
    join locations l on l.tenant_id = s.tenant_id and l.id = s.location_id
    left join unnest(${sql.param([...thresholds.keys()])}::text[], ${sql.param([...thresholds.values()])}::int[]) as t(sku, threshold) on t.sku = s.sku
    where s.tenant_id = ${tenantId} and s.on_hand - s.reserved <= coalesce(t.threshold, 0) ${after}
    order by s.sku, s.location_id
    limit ${page.size + 1}`);
  return rows.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt) }));
}

export type LowStockRow = Awaited<ReturnType<typeof listLowStock>>[number];
