import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';

/** The SKUs whose low-stock threshold is above zero, with it (the others alert only when out of stock). */
export async function lowStockThresholds(db: Db, tenantId: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ sku: string; threshold: number }>(db, sql`select sku, low_stock_threshold as threshold from products where tenant_id = ${tenantId} and low_stock_threshold > 0`);
  return new Map(rows.map((r) => [r.sku, r.threshold]));
}

/** Whether some product can be cartonized and rated: it has a weight and all three dimensions. */
export async function hasShippableProduct(db: Db, tenantId: string): Promise<boolean> {
  const rows = await queryRows<{ sku: string }>(
    db,
    sql`select sku from products where tenant_id = ${tenantId} and weight_grams is not null and length_mm is not null and width_mm is not null and height_mm is not null limit 1`,
  );
  return rows.length > 0;
}
