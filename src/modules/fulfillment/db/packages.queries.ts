import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { packageLines, packages } from './packages.schema.js';

export type PackageRow = typeof packages.$inferSelect;
export type PackageLineRow = typeof packageLines.$inferSelect;
export type Package = PackageRow & { lines: { sku: string; quantity: number }[] };

export async function insertPackages(db: Db, rows: PackageRow[], lines: PackageLineRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(packages).values(rows);
  if (lines.length > 0) await db.insert(packageLines).values(lines);
}

/** The packages of a fulfillment order, in the order they were made, with their lines. */
export async function packagesOf(db: Db, tenantId: string, fulfillmentOrderId: string): Promise<Package[]> {
  const rows = await db
    .select()
    .from(packages)
    .where(and(eq(packages.tenantId, tenantId), eq(packages.fulfillmentOrderId, fulfillmentOrderId)))
    .orderBy(asc(packages.id));
  if (rows.length === 0) return [];
  const lines = await db
    .select()
    .from(packageLines)
    .where(and(eq(packageLines.tenantId, tenantId), inArray(packageLines.packageId, rows.map((r) => r.id))))
    .orderBy(asc(packageLines.packageId), asc(packageLines.sku));
  return rows.map((r) => ({ ...r, lines: lines.filter((l) => l.packageId === r.id).map((l) => ({ sku: l.sku, quantity: l.quantity })) }));
}
