import { and, asc, eq, gt } from 'drizzle-orm';
import { preparedStatement, type Db } from '../../../platform/db/database.js';
import { products } from './schema.js';

export type ProductRow = typeof products.$inferSelect;

export async function upsertProduct(db: Db, row: typeof products.$inferInsert): Promise<{ created: boolean }> {
  const [result] = await db
    .insert(products)
    .values(row)
    .onConflictDoUpdate({
      target: [products.tenantId, products.sku],
      set: {
        name: row.name,
        priceMinor: row.priceMinor,
        currency: row.currency,
        weightGrams: row.weightGrams,
        lengthMm: row.lengthMm,
        widthMm: row.widthMm,
        heightMm: row.heightMm,
        backorderable: row.backorderable,
        lowStockThreshold: row.lowStockThreshold,
        gtin: row.gtin,
        updatedAt: row.updatedAt,
      },
    })
    .returning({ createdAt: products.createdAt, updatedAt: products.updatedAt });
  return { created: result !== undefined && result.createdAt.getTime() === result.updatedAt.getTime() };
}

export async function findProduct(db: Db, tenantId: string, sku: string): Promise<ProductRow | undefined> {
  const [row] = await db.select().from(products).where(and(eq(products.tenantId, tenantId), eq(products.sku, sku)));
  return row;
}

/** What capture and stock moves need of a product: that it exists, and its stock policy. */
export interface StockPolicy {
  sku: string;
  backorderable: boolean;
  lowStockThreshold: number;
}

const selectStockPolicies = preparedStatement<StockPolicy>(
  'catalog_stock_policies',
  'select sku, backorderable, low_stock_threshold as "lowStockThreshold" from products where tenant_id = $1 and sku = any($2::text[])',
);

export async function findStockPolicies(db: Db, tenantId: string, skus: string[]): Promise<StockPolicy[]> {
  if (skus.length === 0) return [];
  return selectStockPolicies(db, [tenantId, skus]);
}

export async function listProducts(db: Db, tenantId: string, afterSku: string | undefined, limit: number): Promise<ProductRow[]> {
  return db
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), afterSku === undefined ? undefined : gt(products.sku, afterSku)))
    .orderBy(asc(products.sku))
    .limit(limit);
}
