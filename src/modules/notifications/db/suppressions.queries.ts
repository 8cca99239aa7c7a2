import { and, eq, inArray, sql } from 'drizzle-orm';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import type { Db } from '../../../platform/db/database.js';
import { notifications, notificationSuppressions, type BounceKind, type SuppressionRow } from './schema.js';

/** Suppression list entries are kept lower-cased: `Ada@Example.test` and `ada@example.test` are one mailbox to us. */
export const suppressionKey = (address: string) => address.trim().toLowerCase();

/** Adds an address (a second bounce for it changes nothing). Answers whether it was new. */
export async function addSuppression(db: Db, row: Omit<SuppressionRow, 'address'> & { address: string }): Promise<boolean> {
  const inserted = await db
    .insert(notificationSuppressions)
    .values({ ...row, address: suppressionKey(row.address) })
    .onConflictDoNothing()
    .returning({ address: notificationSuppressions.address });
  return inserted.length > 0;
}

/** Of these addresses, the suppressed ones (keyed lower-cased) with why. */
export async function suppressedAmong(db: Db, tenantId: string, addresses: string[]): Promise<Map<string, SuppressionRow>> {
  const keys = [...new Set(addresses.map(suppressionKey))];
  if (keys.length === 0) return new Map();
  const rows = await db.select().from(notificationSuppressions).where(and(eq(notificationSuppressions.tenantId, tenantId), inArray(notificationSuppressions.address, keys)));
  return new Map(rows.map((r) => [r.address, r]));
}

/** A tenant's suppression list in address order, a keyset page. */
export async function listSuppressions(db: Db, tenantId: string, page: PageRequest): Promise<SuppressionRow[]> {
  const k = keyset([notificationSuppressions.address], page, 'by_key');
  return db
    .select()
    .from(notificationSuppressions)
    .where(and(eq(notificationSuppressions.tenantId, tenantId), k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

/** Removes an address from the list; answers the entry removed, if there was one. */
export async function removeSuppression(db: Db, tenantId: string, address: string): Promise<SuppressionRow | undefined> {
  const [row] = await db
    .delete(notificationSuppressions)
    .where(and(eq(notificationSuppressions.tenantId, tenantId), eq(notificationSuppressions.address, suppressionKey(address))))
    .returning();
  return row;
}

/** Records on a message what came back for it. A complaint or hard bounce is not overwritten by a later soft bounce. */
export async function recordBounce(db: Db, tenantId: string, id: string, kind: BounceKind, detail: string, at: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ bounce: kind, bounceDetail: detail.slice(0, 1000), bouncedAt: at })
    .where(and(eq(notifications.tenantId, tenantId), eq(notifications.id, id), kind === 'soft_bounce' ? sql`coalesce(${notifications.bounce}, 'soft_bounce') = 'soft_bounce'` : undefined));
}
