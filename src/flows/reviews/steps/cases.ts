import type { Db } from '../../../platform/db/database.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { activeHoldsOfOrders, releaseHold, type OrderHoldRow, type OrderRow } from '../../../modules/orders/index.js';
import { addReviewDetails, closeCase, findOpenCase, isCaseKind, openCase, openCasesOfOrders, requestVerification, voidVerificationsOfCase, type CaseKind, type ReviewDetails } from '../../../modules/reviews/index.js';

/**
 * The review queue's side of holds (ADR 0031), run in the transaction that placed or released
 * them, under the order's row lock. Answers the events for the caller to append.
 */

/** A hold as its placer saw it, with what it knows for the reviewer (screening: score, rules, sentences). */
export interface HoldForReview {
  hold: OrderHoldRow;
  /** False: the hold was already active. */
  placed: boolean;
  review?: ReviewDetails | undefined;
}

const caseOrderOf = (order: OrderRow) => {
  const country = (order.shippingAddress as { country?: unknown } | null)?.country;
  return { id: order.id, totalMinor: order.totalMinor, currency: order.currency, shippingCountry: typeof country === 'string' ? country.toUpperCase() : null };
};

/**
 * Opens a review case for each fraud_review, address_review or verification hold just placed
 * (`review.opened`), and a verification link for a verification case (`verification.requested`).
 * A hold that was already active adds the details to its open case.
 */
export async function openCasesForHolds(tx: Db, actor: Actor, order: OrderRow, holds: HoldForReview[], now: Date): Promise<NewEvent[]> {
  const events: NewEvent[] = [];
  for (const { hold, placed, review } of holds) {
    if (!isCaseKind(hold.type)) continue;
    if (!placed) {
      if (review) await fillReviewDetails(tx, actor.tenantId, order.id, hold.type, review);
      continue;
    }
    const opened = await openCase(tx, actor, caseOrderOf(order), { id: hold.id, kind: hold.type, reason: hold.reason }, review ?? {}, now);
    if (opened.event) events.push(opened.event);
    if (opened.opened && hold.type === 'verification') events.push((await requestVerification(tx, actor, opened.case, now)).event);
  }
  return events;
}

/**
 * For the screening flow: adds a decision's score, matched rules, sentences and details to the
 * order's open case of that kind (when they are known only after the hold was placed). Answers
 * false when no case of that kind is open. Call it in the transaction that placed the hold.
 */
export async function fillReviewDetails(tx: Db, tenantId: string, orderId: string, kind: CaseKind, details: ReviewDetails): Promise<boolean> {
  const open = await findOpenCase(tx, tenantId, orderId, kind);
  if (open) await addReviewDetails(tx, open, details);
  return open !== undefined;
}

/** A hold released by hand (DELETE …/holds/{id}) closes its open case as approved, with the note as the reason. */
export async function closeCaseOfReleasedHold(tx: Db, actor: Actor, hold: OrderHoldRow, note: string, now: Date): Promise<NewEvent[]> {
  if (!isCaseKind(hold.type)) return [];
  const open = await findOpenCase(tx, actor.tenantId, hold.orderId, hold.type);
  if (!open || open.holdId !== hold.id) return [];
  await voidVerificationsOfCase(tx, actor.tenantId, open.id, now);
  return [(await closeCase(tx, actor, open.id, { resolution: 'approved', reason: `hold released: ${note}` }, now)).event];
}

/**
 * A cancelled order has nothing left to hold back: its active holds end (`order.released`, each
 * with the cancel reason) and its open cases close as `cancelled`, their links void. Called by the
 * cancel step once the order is cancelled (any route: API, channel webhook, a rejected review).
 */
export async function endHoldsOfCancelledOrder(tx: Db, actor: Actor, order: OrderRow, reason: string, now: Date): Promise<NewEvent[]> {
  const events: NewEvent[] = [];
  const note = `order cancelled: ${reason}`.slice(0, 500);
  for (const hold of await activeHoldsOfOrders(tx, actor.tenantId, [order.id])) {
    events.push((await releaseHold(tx, actor, order, hold.id, note, now)).event);
  }
  for (const open of await openCasesOfOrders(tx, actor.tenantId, [order.id])) {
    await voidVerificationsOfCase(tx, actor.tenantId, open.id, now);
    events.push((await closeCase(tx, actor, open.id, { resolution: 'cancelled', reason: note }, now)).event);
  }
  return events;
}
