import type { Db } from '../../../platform/db/database.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Address } from '../../../platform/http/address.js';
import { ORDER_EDITED, type OrderEdited } from '../../../platform/outbox/event-types.js';
import { appendEvents, type Actor, type NewEvent } from '../../../platform/outbox/events.js';
import { lockSkusForAllocation, reserve } from '../../../modules/inventory/index.js';
import {
  adjustmentsOfOrders,
  allocationStatus,
  appendOrderAdjustments,
  applyEdit,
  canTransition,
  insertOrderLines,
  isEditable,
  linesOfOrders,
  lockedOrder,
  setEditedLines,
  setEditedOrder,
  setLineQuantities,
  setShippingLinePrice,
  transitionOrder,
  unfilledUnits,
  type EditChange,
  type EditOutcome,
  type OrderLineRow,
  type OrderRow,
} from '../../../modules/orders/index.js';
import { ledgerOf, paymentSummary, transactionsOfOrder } from '../../../modules/payments/index.js';
import type { RouteLine } from '../../../modules/routing/index.js';
import { getSettings } from '../../../modules/tenancy/index.js';
import { planReroute } from '../../fulfillment/steps/reject-lines.js';
import { openFulfillmentOrders } from '../../fulfillment/steps/fulfillment-orders.js';
import { cancelUnits, recomputeTotals } from './cancel-units.js';
import { digestOf, editInputs, plannedUnitPrice, stockSkusOfChanges } from './edit-inputs.js';

/** The edit to commit: its changes and what the order was when it began. */
export interface CommittableEdit {
  id: string;
  /** Null: a one-shot edit sent without If-Match edits the order as it is. */
  baseVersion: number | null;
  /** Null: a one-shot edit (PATCH) checks only the version it was sent, if any. */
  baseDigest: string | null;
  changes: EditChange[];
}

export interface CommittedEdit {
  order: OrderRow;
  event: OrderEdited;
}

/** Plays the changes over the order under its lock, or refuses them (422 naming each change's field). */
export function applyOrRefuse(...args: Parameters<typeof applyEdit>): EditOutcome {
  const applied = applyEdit(...args);
  if (applied.ok) return applied.outcome;
  throw refusal(applied.errors, args[2].labelBought);
}

function refusal(errors: FieldError[], labelBought: boolean): DomainError {
  if (labelBought && errors.some((e) => /\.address$/.test(e.field))) return new DomainError('ORDER_EDIT_LABEL_BOUGHT', 'A label is bought for an open shipment of this order: void it first, then change the address.', errors);
  return new DomainError('ORDER_EDIT_INVALID', 'Some changes cannot be made.', errors);
}

/**
 * Commits an edit in the caller's transaction (ADR 0032). Locks in the order every writer of
 * stock follows (re-routing's): the per-SKU allocation locks of the order's SKUs and the new
 * ones, then the order's row, then (in planning) the stock rows. Under the lock the order must
 * still be what the edit began from — same version and digest — else 409 ORDER_EDIT_CONFLICT and
 * nothing is written. Then: the order row (version + 1), units taken off through the cancel path
 * (releasing their reservations and shrinking their fulfillment orders), lines grown and added,
 * the new units planned by the routing rules on locked stock and reserved with the conditional
 * update capture uses (never oversold; short → INVENTORY_INSUFFICIENT unless the tenant takes
 * unfillable orders on hold), fulfillment orders opened or merged (on hold while the order is
 * held), discounts recorded, totals and status derived, one `order.edited` on the timeline.
 */
export async function commitEdit(tx: Db, actor: Actor, orderId: string, edit: CommittableEdit, reason: string, now: Date, noNotification = false): Promise<CommittedEdit> {
  // Only changes of units touch stock: an edit of notes, tags, address or money takes the order's lock alone.
  const locked = new Set<string>();
  if (edit.changes.some((c) => UNIT_CHANGES.has(c.type))) {
    const seen = await linesOfOrders(tx, actor.tenantId, [orderId]);
    for (const sku of [...seen.map((l) => l.sku), ...(await stockSkusOfChanges(tx, actor.tenantId, edit.changes))]) locked.add(sku);
    await lockSkusForAllocation(tx, actor.tenantId, [...locked].sort());
  }
  const order = await lockedOrder(tx, actor.tenantId, orderId);
  if (!isEditable(order.status)) throw new DomainError('ORDER_NOT_EDITABLE', `An order that is ${order.status} cannot be edited.`, undefined, { current_status: order.status });
  const lines = await linesOfOrders(tx, actor.tenantId, [orderId]);
  if ((edit.baseVersion !== null && order.version !== edit.baseVersion) || (edit.baseDigest !== null && digestOf(order, lines) !== edit.baseDigest)) {
    throw new DomainError('ORDER_EDIT_CONFLICT', `Order ${orderId} changed since edit ${edit.id} began (version ${edit.baseVersion}, now ${order.version}).`, undefined, { base_version: edit.baseVersion, current_version: order.version });
  }
  const inputs = await editInputs(tx, order, lines, edit.changes);
  const outcome = applyOrRefuse(inputs.base, edit.changes, inputs.context);
  // A kit that gained a component between the locks above and this read would plan a SKU whose
  // allocation lock is not held (stock stays safe, the lock order would not): begin again.
  const unlocked = outcome.added.find((a) => !locked.has(a.sku));
  if (unlocked) throw new DomainError('ORDER_EDIT_CONFLICT', `The catalogue changed while edit ${edit.id} was committed (${unlocked.sku} is new to it): preview the edit again and commit.`);
  const baseVersion = order.version;
  const totalBefore = order.totalMinor;

  const fields = {
    shippingAddress: outcome.shippingAddress,
    shippingServiceLevel: outcome.shippingServiceLevel,
    shippingMinor: outcome.shippingPriceMinor ?? order.shippingMinor,
    notes: outcome.notes,
    tags: outcome.tags,
  };
  if (!(await setEditedOrder(tx, actor.tenantId, orderId, order.version, fields, now))) throw new DomainError('ORDER_EDIT_CONFLICT', `Order ${orderId} changed since edit ${edit.id} began.`);
  if (outcome.shippingPriceMinor !== null) await setShippingLinePrice(tx, actor.tenantId, orderId, outcome.shippingPriceMinor, outcome.shippingServiceLevel);

  // Units taken off go the cancel path: released from the unfilled, backordered, then allocated units, fulfillment orders shrunk.
  // The status is derived below, once the lines that replace them are written (a swap of the only line must not cancel the order).
  const why = `order edit ${edit.id}: ${reason}`;
  if (outcome.cancelled.size > 0) await cancelUnits(tx, actor, orderId, { reason: why, lines: [...outcome.cancelled].map(([line_id, quantity]) => ({ line_id, quantity })) }, now, { statusByCaller: true });

  // Grown and new lines: real ids for the new ones.
  const ids = new Map(outcome.lines.filter((l) => l.id.startsWith('new:')).map((l) => [l.id, newId('oln')]));
  const idOf = (id: string) => ids.get(id) ?? id;
  const stored = new Map(lines.map((l) => [l.id, l]));
  await setEditedLines(
    tx,
    actor.tenantId,
    outcome.lines.filter((l) => {
      const s = stored.get(l.id);
      return s !== undefined && (s.quantity !== l.quantity || s.discountMinor !== l.discountMinor || s.taxMinor !== l.taxMinor || (l.priceShareMinor ?? null) !== s.priceShareMinor);
    }).map((l) => ({ ...l, priceShareMinor: l.priceShareMinor ?? null })),
  );
  await insertOrderLines(
    tx,
    outcome.lines
      .filter((l) => ids.has(l.id))
      .map((l) => ({ tenantId: actor.tenantId, id: idOf(l.id), orderId, lineNo: l.lineNo, sku: l.sku, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, allocated: 0, backordered: 0, cancelled: 0, shipped: 0, parentLineId: l.parentLineId === null ? null : idOf(l.parentLineId), priceShareMinor: l.priceShareMinor ?? null, discountMinor: l.discountMinor, taxMinor: l.taxMinor })),
  );
  await appendOrderAdjustments(
    tx,
    actor.tenantId,
    orderId,
    outcome.discounts.map((d) => ({
      kind: 'discount' as const,
      lineNo: outcome.lines.find((l) => l.id === d.lineId)?.lineNo ?? null,
      shippingLine: null,
      title: d.title,
      code: d.code,
      source: `edit:${edit.id}`,
      rate: null,
      jurisdiction: null,
      serviceLevel: null,
      orderLevel: d.orderLevel,
      amountMinor: d.amountMinor,
    })),
  );

  const current = await linesOfOrders(tx, actor.tenantId, [orderId]);
  const stock = await planAndReserve(tx, actor, { ...order, ...fields }, current, outcome, idOf, inputs.policies, now);
  const events: NewEvent[] = [...stock.events];

  // Totals over the live units as they are now (the cancel path's recomputation); the ledger's balance says what is due or owed.
  const totals = await recomputeTotals(tx, { ...order, shippingMinor: fields.shippingMinor }, current, await adjustmentsOfOrders(tx, actor.tenantId, [orderId]));
  const after = await lockedOrder(tx, actor.tenantId, orderId);
  const target = allocationStatus(current, unfilledUnits(current) > 0);
  if (after.status !== target && canTransition(after.status, target)) {
    const moved = await transitionOrder(tx, actor, after, target, why, now);
    if (moved) events.push(moved);
  }
  const summary = paymentSummary(ledgerOf(await transactionsOfOrder(tx, actor.tenantId, orderId)), totals.total);
  const event: OrderEdited = {
    edit_id: edit.id,
    reason,
    base_version: baseVersion,
    version: after.version,
    changes: outcome.records.map((r) => ({ ...r, ...(r.line_id ? { line_id: idOf(r.line_id) } : {}), ...(isLineRef(r.after) ? { after: { ...r.after, line_id: idOf(r.after.line_id) } } : {}) })),
    money: { currency: order.currency, total_before: totalBefore, total_after: totals.total, delta: totals.total - totalBefore, balance: summary.balanceMinor, amount_due: Math.max(0, -summary.balanceMinor), refund_owed: Math.max(0, summary.balanceMinor) },
    stock: { allocations: stock.allocations, backorders: stock.backorders, cancelled: [...outcome.cancelled].map(([line_id, quantity]) => ({ line_id, quantity })) },
    ...(noNotification ? { no_notification: true } : {}),
  };
  events.push({ type: ORDER_EDITED, aggregateType: 'order', aggregateId: orderId, data: event as unknown as Record<string, unknown> });
  await appendEvents(tx, actor, now, events);
  return { order: after, event };
}

const UNIT_CHANGES = new Set<EditChange['type']>(['add_line', 'remove_line', 'change_quantity', 'change_variant']);

const isLineRef = (value: unknown): value is { line_id: string } => typeof value === 'object' && value !== null && typeof (value as { line_id?: unknown }).line_id === 'string';

/**
 * The units the edit adds, planned by the tenant's routing rules over locked stock (the same
 * `routeLines` as capture, through re-routing's `planReroute`) and reserved with the conditional
 * update; what no location can fill is backordered when the SKU allows it, else refused — or left
 * unfilled (the order on hold) when the tenant takes unfillable orders, as capture does.
 */
async function planAndReserve(
  tx: Db,
  actor: Actor,
  order: OrderRow,
  lines: OrderLineRow[],
  outcome: EditOutcome,
  idOf: (id: string) => string,
  policies: Map<string, { backorderable: boolean }>,
  now: Date,
): Promise<{ events: NewEvent[]; allocations: OrderEdited['stock']['allocations']; backorders: OrderEdited['stock']['backorders'] }> {
  if (outcome.added.length === 0) return { events: [], allocations: [], backorders: [] };
  const byId = new Map(lines.map((l) => [l.id, l]));
  const planLines: RouteLine[] = outcome.added.map((a) => {
    const line = byId.get(idOf(a.lineId)) as OrderLineRow;
    return { lineId: line.id, sku: line.sku, quantity: a.quantity, backorderable: policies.get(line.sku)?.backorderable ?? false, unitPriceMinor: plannedUnitPrice(line) };
  });
  const plan = await planReroute(tx, actor.tenantId, { ...order, shippingAddress: order.shippingAddress as (Address & Record<string, unknown>) | null }, planLines, new Map(), now);
  if (plan.shortages.length > 0 && !(await getSettings(tx, actor.tenantId)).accept_unfillable_orders_on_hold) {
    const changeOf = new Map(outcome.added.map((a) => [idOf(a.lineId), a.change]));
    throw new DomainError(
      'INVENTORY_INSUFFICIENT',
      `Not enough stock for ${plan.shortages.map((s) => s.sku).join(', ')}.`,
      plan.shortages.map((s) => ({ field: `changes[${changeOf.get(s.lineId) ?? 0}].quantity`, message: `only ${s.available} of ${s.sku} available, ${s.requested} requested` })),
      { short_skus: plan.shortages.map((s) => ({ sku: s.sku, requested: s.requested, available: s.available })) },
    );
  }
  await reserve(tx, actor.tenantId, plan.allocations.map((a) => ({ orderId: order.id, orderLineId: a.lineId, sku: a.sku, locationId: a.locationId, quantity: a.quantity })), now);
  for (const a of plan.allocations) (byId.get(a.lineId) as OrderLineRow).allocated += a.quantity;
  for (const b of plan.backorders) (byId.get(b.lineId) as OrderLineRow).backordered += b.quantity;
  await setLineQuantities(tx, actor.tenantId, lines.filter((l) => plan.allocations.some((a) => a.lineId === l.id) || plan.backorders.some((b) => b.lineId === l.id)));
  // New units join an open fulfillment order at their location, or open one (on hold while the order is held).
  const events = await openFulfillmentOrders(tx, actor, order.id, plan.allocations.map((a) => ({ lineId: a.lineId, sku: a.sku, locationId: a.locationId, locationCode: a.locationCode, quantity: a.quantity })), now);
  return {
    events,
    allocations: plan.allocations.map((a) => ({ line_id: a.lineId, sku: a.sku, location: a.locationCode, quantity: a.quantity })),
    backorders: plan.backorders.map((b) => ({ line_id: b.lineId, sku: b.sku, quantity: b.quantity })),
  };
}
