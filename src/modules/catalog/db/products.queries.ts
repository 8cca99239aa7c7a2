import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
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

export async function findProducts(db: Db, tenantId: string, skus: string[]): Promise<ProductRow[]> {
  if (skus.length === 0) return [];
  return db.select().from(products).where(and(eq(products.tenantId, tenantId), inArray(products.sku, skus)));
}

export async function listProducts(db: Db, tenantId: string, afterSku: string | undefined, limit: number): Promise<ProductRow[]> {
  return db
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), afterSku === undefined ? undefined : gt(products.sku, afterSku)))
    .orderBy(asc(products.sku))
    .limit(limit);
}
