import { and, asc, eq, inArray } from 'drizzle-orm';
import { preparedStatement, type Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
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
        hsCode: row.hsCode,
        countryOfOrigin: row.countryOfOrigin,
        customsDescription: row.customsDescription,
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

/**
 * What capture and stock moves need of a product: that it exists, its stock policy, and for a kit
 * its components (empty for a plain product) and list price (to split a kit's price over them).
 * The components of any kit asked for are answered too, so one read explodes an order's kits.
 */
export interface StockPolicy {
  sku: string;
  backorderable: boolean;
  lowStockThreshold: number;
  priceMinor: number;
  /** The catalogue price's currency (price signals compare only in the same currency). */
  currency: string;
  components: { sku: string; quantity: number }[];
}

const selectStockPolicies = preparedStatement<StockPolicy>(
  'catalog_stock_policies',
  `select p.sku, p.backorderable, p.low_stock_threshold as "lowStockThreshold", p.price_minor::float8 as "priceMinor", p.currency,
          coalesce((select json_agg(json_build_object('sku', c.component_sku, 'quantity', c.quantity) order by c.position)
                    from product_components c where c.tenant_id = p.tenant_id and c.kit_sku = p.sku), '[]'::json) as components
   from products p
   where p.tenant_id = $1
     and p.sku = any($2::text[] || array(select c.component_sku from product_components c where c.tenant_id = $1 and c.kit_sku = any($2::text[])))`,
);

export async function findStockPolicies(db: Db, tenantId: string, skus: string[]): Promise<StockPolicy[]> {
  if (skus.length === 0) return [];
  const rows = await selectStockPolicies(db, [tenantId, skus]);
  return rows.map((r) => ({ ...r, priceMinor: Number(r.priceMinor), components: typeof r.components === 'string' ? (JSON.parse(r.components) as StockPolicy['components']) : r.components }));
}

/** By SKU (platform/db/keyset.ts). */
export async function listProducts(db: Db, tenantId: string, page: PageRequest): Promise<ProductRow[]> {
  const k = keyset([products.sku], page, 'by_key');
  return db
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

/** A product's physical data for cartonization: one unit's size (mm) and weight (g); null when unknown. */
export interface PhysicalProduct {
  sku: string;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
  weightGrams: number | null;
}

export async function findPhysical(db: Db, tenantId: string, skus: string[]): Promise<PhysicalProduct[]> {
  if (skus.length === 0) return [];
  return db
    .select({ sku: products.sku, lengthMm: products.lengthMm, widthMm: products.widthMm, heightMm: products.heightMm, weightGrams: products.weightGrams })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), inArray(products.sku, [...new Set(skus)])));
}

/** What a customs declaration needs of a product: what it is, where it was made, its list price and unit weight. */
export interface CustomsProduct {
  sku: string;
  name: string;
  customsDescription: string | null;
  hsCode: string | null;
  countryOfOrigin: string | null;
  priceMinor: number;
  currency: string;
  weightGrams: number | null;
}

export async function findCustomsData(db: Db, tenantId: string, skus: string[]): Promise<CustomsProduct[]> {
  if (skus.length === 0) return [];
  return db
    .select({
      sku: products.sku,
      name: products.name,
      customsDescription: products.customsDescription,
      hsCode: products.hsCode,
      countryOfOrigin: products.countryOfOrigin,
      priceMinor: products.priceMinor,
      currency: products.currency,
      weightGrams: products.weightGrams,
    })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), inArray(products.sku, [...new Set(skus)])))
    .orderBy(asc(products.sku));
}

/** Product names by SKU, for what customers read (messages, packing slips); unknown SKUs are absent. */
export async function productNamesOf(db: Db, tenantId: string, skus: string[]): Promise<Map<string, string>> {
  if (skus.length === 0) return new Map();
  const rows = await db.select({ sku: products.sku, name: products.name }).from(products).where(and(eq(products.tenantId, tenantId), inArray(products.sku, [...new Set(skus)])));
  return new Map(rows.map((r) => [r.sku, r.name]));
}
