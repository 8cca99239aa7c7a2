import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';

/**
 * SKUs with a location whose available quantity (on hand − reserved) is at or below the SKU's
 * low-stock threshold, out of stock counting too: where the stock alerts (domain/stock-alerts.ts)
 * leave things. `thresholds` are the SKUs with a threshold above zero; any other SKU's is zero.
 */
export async function countLowStockSkus(db: Db, tenantId: string, thresholds: Map<string, number>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct s.sku)::int as n
        from stock_levels s
        left join unnest(${sql.param([...thresholds.keys()])}::text[], ${sql.param([...thresholds.values()])}::int[]) as t(sku, threshold) on t.sku = s.sku
        where s.tenant_id = ${tenantId} and s.on_hand - s.reserved <= coalesce(t.threshold, 0)`,
  );
  return row?.n ?? 0;
}

/** What the first-shipment checklist asks of inventory: a ship-from location with an address, and stock. */
export async function inventorySetup(db: Db, tenantId: string): Promise<{ locationWithAddress: boolean; stocked: boolean }> {
  const [row] = await queryRows<{ located: boolean; stocked: boolean }>(
    db,
    sql`select exists (select 1 from locations where tenant_id = ${tenantId} and active and ships_to_customers and address is not null) as located,
               exists (select 1 from stock_levels where tenant_id = ${tenantId} and on_hand > 0) as stocked`,
  );
  return { locationWithAddress: row?.located ?? false, stocked: row?.stocked ?? false };
}
