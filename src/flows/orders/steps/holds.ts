import type { Db } from '../../../platform/db/database.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { lockFulfillmentOrdersOfOrder, transitionFulfillmentOrder, type FulfillmentStatus } from '../../../modules/fulfillment/index.js';
import { lockSkusForAllocation } from '../../../modules/inventory/index.js';
import { linesOfOrders, lockedOrder, placeHold, stockLines, releaseHold, type HoldRequest, type OrderHoldRow, type OrderRow, type PlacedHold, type ReleasedHold } from '../../../modules/orders/index.js';
import { getSettings } from '../../../modules/tenancy/index.js';
import { allocateUnits, refusingLocations } from '../../fulfillment/steps/reject-lines.js';
import type { ReviewDetails } from '../../../modules/reviews/index.js';
import { closeCaseOfReleasedHold, openCasesForHolds } from '../../reviews/steps/cases.js';

/**
 * Holding and releasing an order with its fulfillment orders (ADR 0025): the function other flows
 * call (capture's routing hold, fraud and address review, verification). The caller has locked the
 * order (`lockOrder`) in its transaction; every writer of holds and of a held order's fulfillment
 * orders takes that lock first, then the fulfillment orders', so a hold and a release never
 * interleave and no fulfillment order is released while a hold is active.
 */

/** Fulfillment orders a hold moves to on_hold: their location has not taken them yet. */
const holdsBack: FulfillmentStatus[] = ['pending', 'released'];
/** Fulfillment orders a hold does not stop: the location accepted or started them (cancel them to stop them). */
const inProgress: FulfillmentStatus[] = ['accepted', 'picking', 'packed', 'cancel_requested'];

/**
 * Places a hold; a new one moves the order's pending and released fulfillment orders to on_hold.
 * Appends `order.held`, and for a fraud_review, address_review or verification hold opens its
 * review case (`review.opened`, ADR 0031) with `review` (the screening decision's score, rules,
 * sentences), in the same transaction.
 */
export async function holdOrder(tx: Db, actor: Actor, order: OrderRow, request: HoldRequest, now: Date, review?: ReviewDetails): Promise<PlacedHold> {
  const placed = await placeHold(tx, actor, order, request, now);
  if (!placed.event) {
    await appendEvents(tx, actor, now, await openCasesForHolds(tx, actor, order, [{ ...placed, review }], now));
    return placed;
  }
  const reason = `order held (${request.type}): ${request.reason}`;
  const fos = await lockFulfillmentOrdersOfOrder(tx, actor.tenantId, order.id);
  const held: string[] = [];
  for (const fo of fos.filter((f) => holdsBack.includes(f.status))) {
    await transitionFulfillmentOrder(tx, actor, fo, 'on_hold', reason, now, { hold_id: placed.hold.id });
    held.push(fo.id);
  }
  const started = fos.filter((f) => inProgress.includes(f.status)).map((f) => f.id);
  placed.event.data = { ...placed.event.data, fulfillment_orders_held: held, fulfillment_orders_in_progress: started };
  await appendEvents(tx, actor, now, [placed.event, ...(await openCasesForHolds(tx, actor, order, [{ ...placed, review }], now))]);
  return placed;
}

/**
 * Locks an order whose hold may be released, in the order every re-planning writer follows
 * (lockOrderAndFulfillment): its SKUs' allocation locks, then the order. A release may plan the
 * order's units again (below), so it must not hold the order's lock while waiting for a SKU's.
 */
export async function lockOrderToRelease(tx: Db, tenantId: string, orderId: string): Promise<OrderRow> {
  const skus = [...new Set((await linesOfOrders(tx, tenantId, [orderId])).map((l) => l.sku))];
  await lockSkusForAllocation(tx, tenantId, skus);
  return lockedOrder(tx, tenantId, orderId);
}

/**
 * Releases a hold. When it was the last, the order is released: its on_hold fulfillment orders go
 * to their locations by the tenant's release policy (`immediate`: released now; `waves`: pending,
 * for the next wave; `review`: pending, for someone to release), and units that were never
 * planned (a routing rule's hold queue keeps them unallocated) are routed now, hold queues passed
 * over (`overrideHolds`): allocated, else backordered, else left on_hold as capture would.
 * Appends `order.released`. The caller locked the order with `lockOrderToRelease`.
 */
export async function releaseOrderHold(tx: Db, actor: Actor, order: OrderRow, holdId: string, note: string, now: Date): Promise<ReleasedHold> {
  const released = await releaseHold(tx, actor, order, holdId, note, now);
  const moved: string[] = [];
  if (released.remaining.length === 0) {
    const fos = (await lockFulfillmentOrdersOfOrder(tx, actor.tenantId, order.id)).filter((f) => f.status === 'on_hold');
    if (fos.length > 0) {
      const policy = (await getSettings(tx, actor.tenantId)).fulfillment_release;
      const to = policy === 'immediate' ? 'released' : 'pending';
      for (const fo of fos) {
        await transitionFulfillmentOrder(tx, actor, fo, to, `order released (last hold ${released.hold.type} released): ${note}`, now, { hold_id: holdId, release_policy: policy });
        if (to === 'released') moved.push(fo.id);
      }
    }
  }
  released.event.data = { ...released.event.data, fulfillment_orders_released: moved };
  // A review hold released by hand closes its case as approved (a case's own close closed it first).
  await appendEvents(tx, actor, now, [released.event, ...(await closeCaseOfReleasedHold(tx, actor, released.hold, note, now))]);
  if (released.remaining.length === 0) await planUnplannedUnits(tx, actor, order, `order released (last hold ${released.hold.type} released): ${note}`, holdId, now);
  return released;
}

/** Routes the units of a released order that are neither allocated nor backordered (none: nothing written). */
async function planUnplannedUnits(tx: Db, actor: Actor, order: OrderRow, why: string, holdId: string, now: Date): Promise<void> {
  if (order.status === 'cancelled') return;
  const lines = await linesOfOrders(tx, actor.tenantId, [order.id]);
  // Kits carry no stock: their components' lines are planned (stockLines).
  const perLine = new Map(stockLines(lines).map((l) => [l.id, l.quantity - l.cancelled - l.allocated - l.backordered] as const).filter(([, n]) => n > 0));
  if (perLine.size === 0) return;
  await allocateUnits(tx, actor, order, lines, perLine, await refusingLocations(tx, actor.tenantId, order.id), why, now, {
    overrideHolds: true,
    event: (allocations, plan) => ({ type: 'order.rerouted', aggregateType: 'order', aggregateId: order.id, data: { reason: why, hold_id: holdId, allocations, backorders: plan.backorders, shortages: plan.shortages, explanation: plan.explanation } }),
  });
}

/** A hold as the API shows it. `labels`: actor → a person's e-mail or a key's name (tenancy's `actorLabels`); the actor itself where absent. */
export function holdView(h: OrderHoldRow, labels: Map<string, string> = new Map()) {
  return {
    id: h.id,
    order_id: h.orderId,
    type: h.type,
    queue: h.queue || null,
    reason: h.reason,
    active: h.releasedAt === null,
    placed_by: h.placedBy,
    placed_by_label: labels.get(h.placedBy) ?? h.placedBy,
    placed_at: h.placedAt.toISOString(),
    released_by: h.releasedBy,
    released_by_label: h.releasedBy === null ? null : (labels.get(h.releasedBy) ?? h.releasedBy),
    released_at: h.releasedAt?.toISOString() ?? null,
    release_note: h.releaseNote,
  };
}

export type HoldView = ReturnType<typeof holdView>;
