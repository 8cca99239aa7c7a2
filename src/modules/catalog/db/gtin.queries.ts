import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { products } from './schema.js';

/**
 * The spellings a GTIN may be stored in: a UPC-A (12), EAN-13 and GTIN-14 of the same item differ
 * only by leading zeros, and a GTIN-8 is stored as 8 digits.
 */
function gtinSpellings(code: string): string[] {
  if (!/^\d{8,14}$/.test(code)) return [];
  const bare = code.replace(/^0+/, '');
  return [...new Set([8, 12, 13, 14].filter((n) => bare.length <= n).map((n) => bare.padStart(n, '0')))];
}

/** Products whose GTIN equals one of `codes` (UPC/EAN/GTIN-14 compared regardless of leading zeros). */
export async function findProductsByGtin(db: Db, tenantId: string, codes: string[]): Promise<{ sku: string; gtin: string }[]> {
  const spellings = [...new Set(codes.flatMap(gtinSpellings))];
  if (spellings.length === 0) return [];
  const rows = await db
    .select({ sku: products.sku, gtin: products.gtin })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), isNotNull(products.gtin), inArray(products.gtin, spellings)));
  return rows.map((r) => ({ sku: r.sku, gtin: r.gtin as string }));
}
