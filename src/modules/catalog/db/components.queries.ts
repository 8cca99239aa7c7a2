import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import type { KitComponent } from '../domain/kits.js';
import { productComponents, products } from './schema.js';

/** The components of each given kit SKU, in the order they were defined; plain products are absent. */
export async function componentsOfKits(db: Db, tenantId: string, kitSkus: string[]): Promise<Map<string, KitComponent[]>> {
  const out = new Map<string, KitComponent[]>();
  if (kitSkus.length === 0) return out;
  const rows = await db
    .select({ kitSku: productComponents.kitSku, sku: productComponents.componentSku, quantity: productComponents.quantity })
    .from(productComponents)
    .where(and(eq(productComponents.tenantId, tenantId), inArray(productComponents.kitSku, [...new Set(kitSkus)])))
    .orderBy(asc(productComponents.kitSku), asc(productComponents.position));
  for (const r of rows) out.set(r.kitSku, [...(out.get(r.kitSku) ?? []), { sku: r.sku, quantity: r.quantity }]);
  return out;
}

/** The kits that use this SKU as a component. */
export async function kitsUsing(db: Db, tenantId: string, sku: string): Promise<string[]> {
  const rows = await db
    .select({ kitSku: productComponents.kitSku })
    .from(productComponents)
    .where(and(eq(productComponents.tenantId, tenantId), eq(productComponents.componentSku, sku)))
    .orderBy(asc(productComponents.kitSku));
  return rows.map((r) => r.kitSku);
}

/**
 * Locks the existing products among these SKUs, in SKU order: two kit definitions naming each
 * other then run one after the other, so the second sees the first and nesting is refused.
 */
export async function lockProducts(db: Db, tenantId: string, skus: string[]): Promise<string[]> {
  if (skus.length === 0) return [];
  const rows = await db
    .select({ sku: products.sku })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), inArray(products.sku, [...new Set(skus)])))
    .orderBy(asc(products.sku))
    .for('update');
  return rows.map((r) => r.sku);
}

/** Replaces a kit's components (an empty list makes the product plain again). */
export async function replaceComponents(db: Db, tenantId: string, kitSku: string, components: KitComponent[]): Promise<void> {
  await db.delete(productComponents).where(and(eq(productComponents.tenantId, tenantId), eq(productComponents.kitSku, kitSku)));
  if (components.length === 0) return;
  await db.insert(productComponents).values(components.map((c, position) => ({ tenantId, kitSku, componentSku: c.sku, position, quantity: c.quantity })));
}
