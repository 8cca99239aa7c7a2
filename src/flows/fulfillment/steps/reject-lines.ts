import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents, type Actor, type NewEvent } from '../../../platform/outbox/events.js';
import { findStockPolicies } from '../../../modules/catalog/index.js';
import { lockSkusForAllocation, lockStockForPlanning, release, reserve, resolveLocations, writeOffAvailable, type StockSnapshotRow } from '../../../modules/inventory/index.js';
import {
  canTransitionFulfillment,
  insertFulfillmentOrders,
  lockFulfillmentOrder,
  lockFulfillmentOrdersOfOrder,
  setFulfillmentLineQuantities,
  splitRejection,
  transitionFulfillmentOrder,
  type FulfillmentOrder,
  type FulfillmentStatus,
  type FoLine,
} from '../../../modules/fulfillment/index.js';
import { allocationStatus, unfilledUnits, canTransition as canTransitionOrder, linesOfOrders, lockOrder, setLineQuantities, transitionOrder, type OrderLineRow, type OrderRow } from '../../../modules/orders/index.js';
import type { Plan, RouteLine } from '../../../modules/routing/index.js';
import type { Address } from '../../../platform/http/address.js';
import { loadRoutingSetup, routeLines } from '../../routing/steps/routing.js';
import { openFulfillmentOrders, visibleFulfillmentOrder, type FulfillmentScope } from './fulfillment-orders.js';

export interface RerouteOutcome {
  fulfillmentOrderId: string;
  rejected: FoLine[];
  plan: Plan;
}

/**
 * Where the units a location gave back go now: the tenant's routing rules (the same path as
 * capture, `routeLines`) over locked stock, never to a location that already rejected (or had
 * cancelled) that order line. Lines with the same exclusions are planned together; what one group
 * takes is no longer available to the next.
 */
export async function planReroute(tx: Db, tenantId: string, order: OrderRow, lines: RouteLine[], excluded: Map<string, Set<string>>, now: Date, options: { overrideHolds?: boolean | undefined } = {}): Promise<Plan> {
  const plan: Plan = { allocations: [], backorders: [], shortages: [], explanation: [] };
  if (lines.length === 0) return plan;
  const [snapshot, setup] = await Promise.all([lockStockForPlanning(tx, tenantId, [...new Set(lines.map((l) => l.sku))]), loadRoutingSetup(tx, tenantId, now)]);
  const taken = new Map<string, number>();
  const groups = new Map<string, RouteLine[]>();
  for (const line of lines) {
    const key = [...(excluded.get(line.lineId) ?? [])].sort().join(',');
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const routed = { channel: order.channel, currency: order.currency, tags: order.tags, shipping_address: order.shippingAddress as Address | null };
  for (const [key, group] of groups) {
    const skip = new Set(key === '' ? [] : key.split(','));
    const stock: StockSnapshotRow[] = snapshot.map((s) => ({ ...s, available: s.available - (taken.get(`${s.location_id}\u0000${s.sku}`) ?? 0) }));
    const part = routeLines(routed, group, setup, stock, { excludeLocationIds: skip, ...(options.overrideHolds ? { overrideHolds: true } : {}) });
    for (const a of part.allocations) taken.set(`${a.locationId}\u0000${a.sku}`, (taken.get(`${a.locationId}\u0000${a.sku}`) ?? 0) + a.quantity);
    plan.allocations.push(...part.allocations);
    plan.backorders.push(...part.backorders);
    plan.shortages.push(...part.shortages);
    plan.explanation.push(...part.explanation);
  }
  return plan;
}

/** Statuses from which an operator's cancel gives the units back at once (the location has not started). */
export const givesBackOnCancel: FulfillmentStatus[] = ['pending', 'on_hold', 'released', 'accepted', 'cancel_requested'];

/**
 * Takes the locks of a re-route in the one order every writer follows, so none deadlocks: the
 * per-SKU allocation locks of all the order's SKUs (as receipts and locked captures do first),
 * then the order (as cancels do), then the fulfillment order, then every stock row of those SKUs
 * in (location, sku) order — before anything is released or re-planned.
 */
export async function lockOrderAndFulfillment(tx: Db, tenantId: string, id: string, scope: FulfillmentScope): Promise<{ order: OrderRow; fo: FulfillmentOrder }> {
  const seen = await visibleFulfillmentOrder(tx, tenantId, id, scope);
  const skus = [...new Set((await linesOfOrders(tx, tenantId, [seen.orderId])).map((l) => l.sku))];
  await lockSkusForAllocation(tx, tenantId, skus);
  const order = await lockOrder(tx, tenantId, seen.orderId);
  const fo = await lockFulfillmentOrder(tx, tenantId, id);
  if (!order || !fo) throw new DomainError('FULFILLMENT_ORDER_NOT_FOUND', `No fulfillment order ${id}.`);
  await lockStockForPlanning(tx, tenantId, skus);
  return { order, fo };
}

/**
 * A location gives back all or some units of a fulfillment order, inside the caller's transaction
 * (the API, or a short pick). The units' reservations at that location are released; for
 * `not_in_stock` the location's available for those SKUs becomes zero (on hand lowered to what is
 * still reserved, with a ledger row); then the units are re-routed (planReroute), reserved and
 * given to new or open fulfillment orders. What nobody can fill is backordered when the SKU
 * allows it, else the order goes on hold — the order never loses a line.
 */
export async function rejectFulfillmentLines(
  tx: Db,
  actor: Actor,
  fulfillmentOrderId: string,
  reason: string,
  lines: { sku: string; quantity: number }[] | undefined,
  now: Date,
  scope: FulfillmentScope = {},
): Promise<RerouteOutcome> {
  const { order, fo } = await lockOrderAndFulfillment(tx, actor.tenantId, fulfillmentOrderId, scope);
  if (!canTransitionFulfillment(fo.status, 'rejected')) {
    throw new DomainError('FULFILLMENT_ILLEGAL_TRANSITION', `A fulfillment order that is ${fo.status} cannot be rejected.`, undefined, { current_status: fo.status, requested_status: 'rejected' });
  }
  const split = splitRejection(fo.lines, lines);
  if (split.errors.length > 0) throw new DomainError('FULFILLMENT_LINE_UNKNOWN', 'Some lines cannot be rejected as asked.', split.errors);
  const wire = (ls: FoLine[]) => ls.map((l) => ({ order_line_id: l.orderLineId, sku: l.sku, quantity: l.quantity }));
  if (split.whole) {
    await transitionFulfillmentOrder(tx, actor, fo, 'rejected', reason, now, { lines: wire(split.rejected) });
  } else {
    // The rejected part becomes its own (rejected) fulfillment order at this location: the record
    // of who refused which units, which later re-routes exclude.
    const partId = newId('ful');
    const part = { ...fo, id: partId, version: 1, createdAt: now, updatedAt: now, lines: [] };
    await insertFulfillmentOrders(
      tx,
      [{ tenantId: actor.tenantId, id: partId, orderId: fo.orderId, locationId: fo.locationId, status: fo.status, version: 1, rejectReason: null, releasedAt: fo.releasedAt, createdAt: now, updatedAt: now }],
      split.rejected.map((l) => ({ tenantId: actor.tenantId, fulfillmentOrderId: partId, orderLineId: l.orderLineId, sku: l.sku, quantity: l.quantity })),
    );
    await setFulfillmentLineQuantities(tx, actor.tenantId, fo.id, split.kept, now);
    fo.version += 1;
    await transitionFulfillmentOrder(tx, actor, part, 'rejected', reason, now, { split_from: fo.id, lines: wire(split.rejected) });
    await appendEvents(tx, actor, now, [
      { type: 'fulfillment_order.lines_rejected', aggregateType: 'fulfillment_order', aggregateId: fo.id, data: { order_id: fo.orderId, reason, lines: wire(split.rejected), rejected_as: partId, who: actor.actorId } },
    ]);
  }
  // Release first, so what is still reserved at the location afterwards belongs to other orders.
  await giveBack(tx, actor, order, fo.locationId, split.rejected, now);
  if (reason === 'not_in_stock') {
    const [location] = await resolveLocations(tx, actor.tenantId, [fo.locationId], () => 'location');
    const offs = await writeOffAvailable(tx, actor, fo.locationId, split.rejected.map((l) => l.sku), 'rejected_not_in_stock', fo.id, now);
    const events: NewEvent[] = offs.map((o) => ({
      type: 'inventory.adjusted',
      aggregateType: 'stock',
      aggregateId: `${o.sku}@${o.locationId}`,
      data: { sku: o.sku, location: location?.code, delta: o.delta, on_hand: o.onHandAfter, reason: 'rejected_not_in_stock', reference: fo.id },
    }));
    await appendEvents(tx, actor, now, events);
  }
  return reroute(tx, actor, order, fo, split.rejected, `rejected by location: ${reason}`, now);
}

/** Releases the units' reservations at the location and takes them off the order lines' allocation. */
export async function giveBack(tx: Db, actor: Actor, order: OrderRow, locationId: string, units: FoLine[], now: Date): Promise<void> {
  const perLine = new Map<string, number>();
  for (const u of units) perLine.set(u.orderLineId, (perLine.get(u.orderLineId) ?? 0) + u.quantity);
  if (perLine.size > 0) await release(tx, actor.tenantId, order.id, perLine, now, locationId);
}

/** Plans, reserves and hands out again the units given back; updates the order's lines and status. */
export async function reroute(tx: Db, actor: Actor, order: OrderRow, fo: FulfillmentOrder, units: FoLine[], why: string, now: Date): Promise<RerouteOutcome> {
  const orderLines = await linesOfOrders(tx, actor.tenantId, [order.id]);
  const perLine = new Map<string, number>();
  for (const u of units) perLine.set(u.orderLineId, (perLine.get(u.orderLineId) ?? 0) + u.quantity);
  // The units given back are no longer allocated; they are planned again below.
  for (const line of orderLines) line.allocated -= perLine.get(line.id) ?? 0;
  const excluded = await refusingLocations(tx, actor.tenantId, order.id);
  for (const lineId of perLine.keys()) excluded.set(lineId, new Set([...(excluded.get(lineId) ?? []), fo.locationId]));
  const plan = await allocateUnits(tx, actor, order, orderLines, perLine, excluded, why, now, {
    event: (allocations, p) => ({ type: 'order.rerouted', aggregateType: 'order', aggregateId: order.id, data: { reason: why, fulfillment_order_id: fo.id, units: units.map((u) => ({ line_id: u.orderLineId, sku: u.sku, quantity: u.quantity })), allocations, backorders: p.backorders, shortages: p.shortages, explanation: p.explanation } }),
  });
  return { fulfillmentOrderId: fo.id, rejected: units, plan };
}

/** Every location that refused (or had cancelled) an order line: out of the running for it. */
export async function refusingLocations(tx: Db, tenantId: string, orderId: string): Promise<Map<string, Set<string>>> {
  const excluded = new Map<string, Set<string>>();
  for (const other of await lockFulfillmentOrdersOfOrder(tx, tenantId, orderId)) {
    if (other.status !== 'rejected' && other.status !== 'cancelled') continue;
    for (const l of other.lines) excluded.set(l.orderLineId, new Set([...(excluded.get(l.orderLineId) ?? []), other.locationId]));
  }
  return excluded;
}

type AllocationView = { line_id: string; sku: string; location: string; quantity: number };

/**
 * Plans `perLine` units of the order (line id → units neither allocated nor backordered) by the
 * tenant's routing rules over locked stock (planReroute), reserves them, hands them to new or open
 * fulfillment orders, stores the lines and moves the order's status. The caller holds the locks in
 * lockOrderAndFulfillment's order and gives the event that says why; `overrideHolds`: a person
 * released the order, so a rule's hold queue passes to the next rule instead of holding it again.
 */
export async function allocateUnits(
  tx: Db,
  actor: Actor,
  order: OrderRow,
  orderLines: OrderLineRow[],
  perLine: Map<string, number>,
  excluded: Map<string, Set<string>>,
  why: string,
  now: Date,
  options: { event: (allocations: AllocationView[], plan: Plan) => NewEvent; overrideHolds?: boolean },
): Promise<Plan> {
  const byId = new Map(orderLines.map((l) => [l.id, l]));
  const policies = new Map((await findStockPolicies(tx, actor.tenantId, [...new Set(orderLines.map((l) => l.sku))])).map((p) => [p.sku, p]));
  const planLines: RouteLine[] = [...perLine].flatMap(([lineId, quantity]) => {
    const line = byId.get(lineId);
    return line && quantity > 0 ? [{ lineId, sku: line.sku, quantity, backorderable: policies.get(line.sku)?.backorderable ?? false, unitPriceMinor: line.unitPriceMinor }] : [];
  });
  const plan = await planReroute(tx, actor.tenantId, order, planLines, excluded, now, { overrideHolds: options.overrideHolds });
  await reserve(tx, actor.tenantId, plan.allocations.map((a) => ({ orderId: order.id, orderLineId: a.lineId, sku: a.sku, locationId: a.locationId, quantity: a.quantity })), now);
  const touched = new Map<string, OrderLineRow>();
  for (const lineId of perLine.keys()) {
    const line = byId.get(lineId);
    if (line) touched.set(lineId, line);
  }
  for (const a of plan.allocations) {
    const line = touched.get(a.lineId);
    if (line) line.allocated += a.quantity;
  }
  for (const b of plan.backorders) {
    const line = touched.get(b.lineId);
    if (line) line.backordered += b.quantity;
  }
  await setLineQuantities(tx, actor.tenantId, [...touched.values()]);
  const events = await openFulfillmentOrders(
    tx,
    actor,
    order.id,
    plan.allocations.map((a) => ({ lineId: a.lineId, sku: a.sku, locationId: a.locationId, locationCode: a.locationCode, quantity: a.quantity })),
    now,
  );
  const allocations = plan.allocations.map((a) => ({ line_id: a.lineId, sku: a.sku, location: a.locationCode, quantity: a.quantity }));
  events.push(options.event(allocations, plan));
  const unfilled = unfilledUnits(orderLines) > 0;
  const target = allocationStatus(orderLines, unfilled);
  if (canTransitionOrder(order.status, target)) {
    const why2 = unfilled ? `${why}; no other location can fill ${plan.shortages.map((s) => s.sku).join(', ')} and it is not backorderable` : why;
    const moved = await transitionOrder(tx, actor, order, target, why2, now, { allocations, backorders: plan.backorders, shortages: plan.shortages });
    if (moved) events.push(moved);
  }
  await appendEvents(tx, actor, now, events);
  return plan;
}
