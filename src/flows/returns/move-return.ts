import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { findLocationsByCodeOrId, resolveLocations } from '../../modules/inventory/index.js';
import { canTransition, lockReturn, returnSettingsOf, transitionReturn, type ReturnRow } from '../../modules/returns/index.js';
import { returnViews, type ReturnViewJson } from './steps/return-view.js';

export type ReturnMove =
  | { to: 'approved'; location?: string | undefined; note?: string | undefined }
  | { to: 'declined'; reason: string }
  | { to: 'cancelled'; reason?: string | undefined }
  | { to: 'in_transit'; trackingNumber?: string | undefined };

/**
 * approve / decline / cancel / in transit: lock the return, move it through the one write path
 * (illegal moves 409 RETURN_ILLEGAL_TRANSITION), append `return.<to>` with who, when and why.
 * Approval chooses where the parcel goes: the `location` given, else the first active location of
 * the policy's `return_locations` (422 RETURN_LOCATION_REQUIRED when there is none).
 */
export async function moveReturn(db: Db, actor: Actor, returnId: string, move: ReturnMove, now: Date): Promise<ReturnViewJson> {
  return inTransaction(db, async (tx) => {
    const ret = await lockReturn(tx, actor.tenantId, returnId);
    if (!ret) throw new DomainError('RETURN_NOT_FOUND', `No return ${returnId}.`);
    const event = await apply(tx, actor, ret, move, now);
    await appendEvents(tx, actor, now, [event]);
    const [view] = await returnViews(tx, actor.tenantId, [ret]);
    return view as ReturnViewJson;
  });
}

async function apply(tx: Db, actor: Actor, ret: ReturnRow, move: ReturnMove, now: Date) {
  switch (move.to) {
    case 'approved': {
      // The move is refused before a location is looked for: an illegal move is 409 whatever the body says.
      if (!canTransition(ret.status, 'approved')) return transitionReturn(tx, actor, ret, 'approved', '', now);
      const locationId = await returnLocation(tx, actor.tenantId, move.location);
      return transitionReturn(tx, actor, ret, 'approved', move.note ?? 'approved', now, { location_id: locationId }, { locationId });
    }
    case 'declined':
      return transitionReturn(tx, actor, ret, 'declined', move.reason, now);
    case 'cancelled':
      return transitionReturn(tx, actor, ret, 'cancelled', move.reason ?? 'cancelled', now);
    case 'in_transit':
      return transitionReturn(tx, actor, ret, 'in_transit', 'parcel on its way', now, { tracking_number: move.trackingNumber ?? null }, { trackingNumber: move.trackingNumber ?? null });
  }
}

async function returnLocation(tx: Db, tenantId: string, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    const [found] = await resolveLocations(tx, tenantId, [given], () => 'location');
    return (found as { id: string }).id;
  }
  const { policy } = await returnSettingsOf(tx, tenantId);
  const candidates = await findLocationsByCodeOrId(tx, tenantId, policy.return_locations);
  const first = policy.return_locations.map((code) => candidates.find((l) => l.code === code && l.active)).find((l) => l !== undefined);
  if (!first) throw new DomainError('RETURN_LOCATION_REQUIRED', 'Name the location that receives this return.', [{ field: 'location', message: 'is required: the return policy lists no active location that accepts returns' }]);
  return first.id;
}
