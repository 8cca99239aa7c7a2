import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { claimPendingFulfillmentOrders, releaseCutoff, tenantsWithPendingFulfillmentOrders, transitionFulfillmentOrder } from '../../../modules/fulfillment/index.js';
import { getSettings } from '../../../modules/tenancy/index.js';

const BATCH = 200;

/**
 * The wave job: per tenant, pending fulfillment orders whose release time has come (created at or
 * before the latest wave time that has passed; all of them if the tenant now releases
 * immediately; none under review) become `released`. Claimed with FOR UPDATE SKIP LOCKED, so any
 * number of workers may run it at once.
 */
export async function releaseDueFulfillmentOrders(db: Db, now: Date): Promise<{ handled: number; more: boolean }> {
  let handled = 0;
  let more = false;
  for (const tenantId of await tenantsWithPendingFulfillmentOrders(db)) {
    const settings = await getSettings(db, tenantId);
    const cutoff = releaseCutoff(settings.fulfillment_release, settings.release_waves, now);
    if (!cutoff) continue;
    const reason = settings.fulfillment_release === 'waves' ? `release wave of ${cutoff.toISOString().slice(11, 16)} UTC` : 'release policy is immediate';
    const n = await inTransaction(db, async (tx) => {
      const due = await claimPendingFulfillmentOrders(tx, tenantId, cutoff, BATCH);
      for (const fo of due) await transitionFulfillmentOrder(tx, { tenantId, actorId: 'system:worker' }, fo, 'released', reason, now);
      return due.length;
    });
    handled += n;
    if (n === BATCH) more = true;
  }
  return { handled, more };
}
