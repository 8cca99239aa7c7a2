import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { deleteOldest } from '../../../platform/db/retention.js';
import { channelOrderVersions, channelWebhookDeliveries } from './webhook-receipts.schema.js';

export type ChannelOrderVersionRow = typeof channelOrderVersions.$inferSelect;
export type WebhookDeliveryRow = typeof channelWebhookDeliveries.$inferSelect;

/**
 * Claims a delivery key for the caller's transaction: undefined when it is new (the caller applies
 * the delivery and settles it), the earlier row when it was applied before. A concurrent claim of
 * the same key waits on the unique index until the first transaction ends, so a delivery and its
 * redelivery arriving together are applied once.
 */
export async function claimWebhookDelivery(tx: Db, tenantId: string, channelId: string, deliveryKey: string, now: Date): Promise<WebhookDeliveryRow | undefined> {
  const claimed = await tx
    .insert(channelWebhookDeliveries)
    .values({ tenantId, channelId, deliveryKey, receivedAt: now, outcome: 'pending', orderId: null })
    .onConflictDoNothing()
    .returning({ key: channelWebhookDeliveries.deliveryKey });
  if (claimed.length > 0) return undefined;
  const [earlier] = await tx.select().from(channelWebhookDeliveries).where(and(eq(channelWebhookDeliveries.tenantId, tenantId), eq(channelWebhookDeliveries.channelId, channelId), eq(channelWebhookDeliveries.deliveryKey, deliveryKey)));
  if (!earlier) throw new Error('webhook delivery conflict without a stored delivery');
  return earlier;
}

/** What the claimed delivery did, for the answer to its redeliveries. */
export async function settleWebhookDelivery(tx: Db, tenantId: string, channelId: string, deliveryKey: string, outcome: string, orderId: string | null): Promise<void> {
  await tx
    .update(channelWebhookDeliveries)
    .set({ outcome, orderId })
    .where(and(eq(channelWebhookDeliveries.tenantId, tenantId), eq(channelWebhookDeliveries.channelId, channelId), eq(channelWebhookDeliveries.deliveryKey, deliveryKey)));
}

/** Deliveries received before `before`, oldest first, at most `limit` per call. */
export function deleteOldWebhookDeliveries(db: Db, before: Date, limit: number): Promise<number> {
  const d = channelWebhookDeliveries;
  return deleteOldest(db, d, [d.tenantId, d.channelId, d.deliveryKey], d.receivedAt, before, limit);
}

/**
 * The version record of a platform order, locked for the caller's transaction (created empty the
 * first time): deliveries for the same order are decided one after the other.
 */
export async function lockOrderVersion(tx: Db, tenantId: string, channelId: string, externalId: string, now: Date): Promise<ChannelOrderVersionRow> {
  await tx.insert(channelOrderVersions).values({ tenantId, channelId, externalId, version: null, status: null, deleted: false, deletionReportedAt: null, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(channelOrderVersions)
    .where(and(eq(channelOrderVersions.tenantId, tenantId), eq(channelOrderVersions.channelId, channelId), eq(channelOrderVersions.externalId, externalId)))
    .for('update');
  if (!row) throw new Error('channel order version vanished under its lock');
  return row;
}

export async function saveOrderVersion(tx: Db, row: ChannelOrderVersionRow): Promise<void> {
  await tx
    .update(channelOrderVersions)
    .set({ version: row.version, status: row.status, deleted: row.deleted, deletionReportedAt: row.deletionReportedAt, updatedAt: row.updatedAt })
    .where(and(eq(channelOrderVersions.tenantId, row.tenantId), eq(channelOrderVersions.channelId, row.channelId), eq(channelOrderVersions.externalId, row.externalId)));
}
