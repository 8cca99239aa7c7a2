import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { replaceReturnPolicy, replaceReturnReasons, returnSettingsOf, type ReturnPolicy, type ReturnReason } from '../../modules/returns/index.js';
import { resolveLocations } from '../../modules/inventory/index.js';

/** GET /v1/return-reasons, /v1/return-policy: the tenant's, or the defaults. */
export const readReturnSettings = (db: Db, tenantId: string) => returnSettingsOf(db, tenantId);

/** PUT /v1/return-reasons: replaces the list; `return_settings.reasons_changed` records before and after. */
export async function putReturnReasons(db: Db, actor: Actor, reasons: ReturnReason[], now: Date): Promise<{ reasons: ReturnReason[] }> {
  return inTransaction(db, async (tx) => {
    const { event } = await replaceReturnReasons(tx, actor, reasons, now);
    await appendEvents(tx, actor, now, [event]);
    return { reasons };
  });
}

/** PUT /v1/return-policy: replaces the policy (its return locations must exist: 422 naming the field). */
export async function putReturnPolicy(db: Db, actor: Actor, policy: ReturnPolicy, now: Date): Promise<ReturnPolicy> {
  return inTransaction(db, async (tx) => {
    await resolveLocations(tx, actor.tenantId, policy.return_locations, (i) => `return_locations[${i}]`);
    const { event } = await replaceReturnPolicy(tx, actor, policy, now);
    await appendEvents(tx, actor, now, [event]);
    return policy;
  });
}
