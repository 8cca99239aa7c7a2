import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { canTransition, type ReturnStatus } from '../domain/lifecycle.js';
import { updateReturn, type ReturnRow } from '../db/returns.queries.js';

/**
 * The one write path for a return's status: checks the transition table (409
 * RETURN_ILLEGAL_TRANSITION), compare-and-sets on version, and returns `return.<to>` with who moved
 * it, from where to where and why, for the caller to append in the same transaction. The row passed
 * in is updated in place.
 */
export async function transitionReturn(
  tx: Db,
  actor: Actor,
  ret: ReturnRow,
  to: ReturnStatus,
  reason: string,
  now: Date,
  data: Record<string, unknown> = {},
  patch: { locationId?: string; trackingNumber?: string | null } = {},
): Promise<NewEvent> {
  if (!canTransition(ret.status, to)) {
    throw new DomainError('RETURN_ILLEGAL_TRANSITION', `A return that is ${ret.status} cannot become ${to}.`, undefined, { current_status: ret.status, requested_status: to });
  }
  if (!(await updateReturn(tx, actor.tenantId, ret, { status: to, ...patch }, now))) throw new DomainError('RETURN_CONCURRENT_UPDATE');
  const from = ret.status;
  Object.assign(ret, { status: to, version: ret.version + 1, updatedAt: now }, patch);
  return { type: `return.${to}`, aggregateType: 'return', aggregateId: ret.id, data: { ...data, order_id: ret.orderId, from, to, reason, who: actor.actorId } };
}
