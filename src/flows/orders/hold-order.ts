import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { completeIdempotencyKey, idempotently, type Idempotency, type IdempotentAnswer } from '../../platform/idempotency/idempotency.js';
import type { Actor } from '../../platform/outbox/events.js';
import { holdsOfOrder, lockedOrder, type HoldType } from '../../modules/orders/index.js';
import { actorLabels } from '../../modules/tenancy/index.js';
import { automationActorLabels } from '../automations/steps/actor-labels.js';
import { holdOrder, holdView, lockOrderToRelease, releaseOrderHold, type HoldView } from './steps/holds.js';

/**
 * POST /v1/orders/{id}/holds: places a hold (201), or answers the active hold of that type (200,
 * nothing written). One transaction under the order's row lock; Idempotency-Key replays.
 */
export async function placeOrderHold(db: Db, actor: Actor, orderId: string, input: { type: HoldType; reason: string }, now: Date, idempotency?: Idempotency): Promise<IdempotentAnswer<HoldView, 200 | 201>> {
  return inTransaction(db, async (tx) => {
    let statusCode: 200 | 201 = 201;
    const answer = await idempotently<HoldView, 200 | 201>(tx, actor.tenantId, idempotency, now, 201, async () => {
      const order = await lockedOrder(tx, actor.tenantId, orderId);
      const placed = await holdOrder(tx, actor, order, { orderId, type: input.type, reason: input.reason }, now);
      if (!placed.placed) statusCode = 200;
      return holdView(placed.hold, await holdActorLabels(tx, actor.tenantId, [placed.hold.placedBy]));
    });
    if (answer.replayed || statusCode === 201) return answer;
    // The hold was there already: the key stores 200, so a retry answers what the first request did.
    if (idempotency) await completeIdempotencyKey(tx, actor.tenantId, idempotency.key, 200, answer.body);
    return { ...answer, statusCode };
  });
}

/** DELETE /v1/orders/{id}/holds/{hold_id}: releases the hold with its note; the last one releases the order. */
export async function releaseOrderHoldById(db: Db, actor: Actor, orderId: string, holdId: string, note: string, now: Date, idempotency?: Idempotency): Promise<IdempotentAnswer<HoldView, 200>> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 200 as const, async () => {
      const order = await lockOrderToRelease(tx, actor.tenantId, orderId);
      const { hold } = await releaseOrderHold(tx, actor, order, holdId, note, now);
      return holdView(hold, await holdActorLabels(tx, actor.tenantId, [hold.placedBy, actor.actorId]));
    }),
  );
}

/** GET /v1/orders/{id}/holds: every hold of the order, active and released, newest first. */
export async function orderHoldViews(db: Db, tenantId: string, orderId: string): Promise<HoldView[]> {
  const rows = await holdsOfOrder(db, tenantId, orderId);
  const labels = await holdActorLabels(db, tenantId, rows.flatMap((h) => (h.releasedBy ? [h.placedBy, h.releasedBy] : [h.placedBy])));
  return rows.map((h) => holdView(h, labels));
}

/** Who placed or released holds, in words: a person's e-mail, a key's name, or an automation rule's name (ADR 0038). */
async function holdActorLabels(db: Db, tenantId: string, actors: string[]): Promise<Map<string, string>> {
  const labels = await actorLabels(db, tenantId, actors);
  const automations = await automationActorLabels(db, tenantId, actors.map((actor) => ({ actor, data: {} })));
  actors.forEach((actor, i) => {
    const label = automations[i];
    if (label !== undefined) labels.set(actor, label);
  });
  return labels;
}
