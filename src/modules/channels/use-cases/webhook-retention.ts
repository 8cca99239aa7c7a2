import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { deleteOldWebhookDeliveries } from '../db/webhook-receipts.queries.js';

/**
 * How long a Shopify / WooCommerce delivery id is remembered. Shopify retries a failed delivery
 * for up to 48 hours (WooCommerce does not retry); a redelivery after this is still ordered by its
 * signed version, so it cannot undo anything newer.
 */
export const WEBHOOK_DELIVERY_RETENTION_DAYS = 7;

/** Job `channel-webhook-retention`: forgets delivery ids older than the retention, 1,000 per transaction. */
export async function pruneWebhookDeliveries(db: Db, now: Date): Promise<{ handled: number; more: boolean }> {
  const batch = 1_000;
  const before = new Date(now.getTime() - WEBHOOK_DELIVERY_RETENTION_DAYS * 86_400_000);
  const handled = await inTransaction(db, (tx) => deleteOldWebhookDeliveries(tx, before, batch));
  return { handled, more: handled === batch };
}
