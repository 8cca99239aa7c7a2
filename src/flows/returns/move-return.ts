import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { appendEvents, type Actor, type NewEvent } from '../../platform/outbox/events.js';
import { lockOrder, type OrderRow } from '../../modules/orders/index.js';
import { canTransition, findReturn, lockReturn, transitionReturn, type ReturnRow } from '../../modules/returns/index.js';
import { keepItems } from './steps/keep-item.js';
import { returnLocationFor } from './steps/return-location.js';
import { returnViews, type ReturnViewJson } from './steps/return-view.js';

export type ReturnMove =
  | { to: 'approved'; location?: string | undefined; note?: string | undefined }
  | { to: 'declined'; reason: string }
  | { to: 'cancelled'; reason?: string | undefined }
  | { to: 'in_transit'; trackingNumber?: string | undefined };

/**
 * approve / decline / cancel / in transit: lock the return, move it through the one write path
 * (illegal moves 409 RETURN_ILLEGAL_TRANSITION), append `return.<to>` with who, when and why.
 * Approval chooses where the parcel goes: the `location` given, else the nearest active location of
 * the policy's `return_locations` to the customer (422 RETURN_LOCATION_REQUIRED when there is none);
 * a return under the keep-the-item threshold is settled at once (steps/keep-item.ts, ADR 0023).
 * Approval locks the order first, like every returns flow that may move the order's status.
 */
export async function moveReturn(db: Db, actor: Actor, returnId: string, move: ReturnMove, now: Date): Promise<ReturnViewJson> {
  return inTransaction(db, async (tx) => {
    const seen = move.to === 'approved' ? await findReturn(tx, actor.tenantId, returnId) : undefined;
    const order = seen ? await lockOrder(tx, actor.tenantId, seen.orderId) : undefined;
    const ret = await lockReturn(tx, actor.tenantId, returnId);
    if (!ret) throw new DomainError('RETURN_NOT_FOUND', `No return ${returnId}.`);
    const events = await apply(tx, actor, ret, move, now, order);
    await appendEvents(tx, actor, now, events);
    const [view] = await returnViews(tx, actor.tenantId, [ret]);
    return view as ReturnViewJson;
  });
}

async function apply(tx: Db, actor: Actor, ret: ReturnRow, move: ReturnMove, now: Date, order: OrderRow | undefined): Promise<NewEvent[]> {
  switch (move.to) {
    case 'approved': {
      // The move is refused before a location is looked for: an illegal move is 409 whatever the body says.
      if (!canTransition(ret.status, 'approved')) return [await transitionReturn(tx, actor, ret, 'approved', '', now)];
      const location = await returnLocationFor(tx, actor.tenantId, order, move.location);
      const approved = await transitionReturn(tx, actor, ret, 'approved', move.note ?? 'approved', now, { location_id: location.id, ...(location.reason ? { location_reason: location.reason } : {}) }, { locationId: location.id });
      return ret.eligibility.keep_item && order ? [approved, ...(await keepItems(tx, actor, ret, order, now))] : [approved];
    }
    case 'declined':
      return [await transitionReturn(tx, actor, ret, 'declined', move.reason, now)];
    case 'cancelled':
      return [await transitionReturn(tx, actor, ret, 'cancelled', move.reason ?? 'cancelled', now)];
    case 'in_transit':
      return [await transitionReturn(tx, actor, ret, 'in_transit', 'parcel on its way', now, { tracking_number: move.trackingNumber ?? null }, { trackingNumber: move.trackingNumber ?? null })];
  }
}
