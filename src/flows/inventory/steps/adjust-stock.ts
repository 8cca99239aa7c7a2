import type { Db } from '../../../platform/db/database.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { appendEvents, type Actor, type NewEvent } from '../../../platform/outbox/events.js';
import { findStockPolicies } from '../../../modules/catalog/index.js';
import { adjustStock, batchField, reserve, stockAlerts, type AdjustmentField, type AdjustmentInput, type AvailabilityChange } from '../../../modules/inventory/index.js';
import { openFulfillmentOrders } from '../../fulfillment/steps/fulfillment-orders.js';
import { allocationStatus, unfilledUnits, linesOfOrders, lockBackorderedLines, lockOrder, setLineQuantities, transitionOrder, type OrderLineRow } from '../../../modules/orders/index.js';

export interface AdjustmentOutcome {
  sku: string;
  location: string;
  delta: number;
  on_hand: number;
  reserved: number;
  available: number;
}

/**
 * Applies stock adjustments all-or-nothing (adjustments by API, receipts of inbound shipments).
 * Stock that arrives at a location that ships to customers fills waiting backorders for that SKU,
 * oldest first, in the same transaction (the caller's).
 */
export async function applyAdjustments(tx: Db, actor: Actor, inputs: AdjustmentInput[], now: Date, fieldOf: AdjustmentField = batchField): Promise<{ adjustments: AdjustmentOutcome[]; backorders_allocated: number }> {
  const skus = [...new Set(inputs.map((a) => a.sku))];
  const products = new Map((await findStockPolicies(tx, actor.tenantId, skus)).map((p) => [p.sku, p]));
  const unknown: FieldError[] = inputs.flatMap((a, i) => (products.has(a.sku) ? [] : [{ field: fieldOf(i, 'sku'), message: `no product with SKU ${a.sku}` }]));
  if (unknown.length > 0) throw new DomainError('PRODUCT_UNKNOWN_SKU', 'Some SKUs are not in the catalog.', unknown);
  const kits: FieldError[] = inputs.flatMap((a, i) => (products.get(a.sku)?.components.length ? [{ field: fieldOf(i, 'sku'), message: `${a.sku} is a kit and holds no stock of its own; adjust its components` }] : []));
  if (kits.length > 0) throw new DomainError('PRODUCT_IS_KIT', 'Kits hold no stock; adjust their components.', kits);
  const threshold = (sku: string) => products.get(sku)?.lowStockThreshold;

  const { results, changes } = await adjustStock(tx, actor, inputs, now, fieldOf);
  const events: NewEvent[] = results.map((r, i) => ({
    type: 'inventory.adjusted',
    aggregateType: 'stock',
    aggregateId: `${r.sku}@${r.locationId}`,
    data: { sku: r.sku, location: r.locationCode, delta: r.delta, on_hand: r.onHand, reason: (inputs[i] as AdjustmentInput).reason },
  }));
  const finalLevels = new Map(results.map((r) => [`${r.locationId}\u0000${r.sku}`, r]));
  const allChanges: AvailabilityChange[] = [...changes];
  let filled = 0;
  for (const level of finalLevels.values()) {
    const arrived = results.some((r) => r.sku === level.sku && r.locationId === level.locationId && r.delta > 0);
    if (!arrived || !level.fillsOrders) continue;
    let available = level.onHand - level.reserved;
    if (available <= 0) continue;
    const waiting = await lockBackorderedLines(tx, actor.tenantId, level.sku, 1000);
    for (const line of waiting) {
      if (available <= 0) break;
      const got = await fillBackorder(tx, actor, line, level.locationId, level.locationCode, Math.min(available, line.backordered), now, events, allChanges);
      filled += got;
      available -= got;
    }
  }
  events.push(
    ...stockAlerts(allChanges, threshold).map((a) => ({
      type: a.type,
      aggregateType: 'stock',
      aggregateId: `${a.sku}@${a.locationId}`,
      data: { sku: a.sku, location_id: a.locationId, available: a.available, threshold: a.threshold },
    })),
  );
  await appendEvents(tx, actor, now, events);
  return {
    adjustments: results.map((r) => ({ sku: r.sku, location: r.locationCode, delta: r.delta, on_hand: r.onHand, reserved: r.reserved, available: r.onHand - r.reserved })),
    backorders_allocated: filled,
  };
}

async function fillBackorder(
  tx: Db,
  actor: Actor,
  line: OrderLineRow,
  locationId: string,
  locationCode: string,
  qty: number,
  now: Date,
  events: NewEvent[],
  changes: AvailabilityChange[],
): Promise<number> {
  const order = await lockOrder(tx, actor.tenantId, line.orderId);
  // Holding is orthogonal to allocation (ADR 0025): a held order, and an on_hold one with backordered
  // lines beside its unfilled ones, still gets the stock; its new fulfillment order waits on_hold.
  if (!order || order.status === 'cancelled') return 0;
  changes.push(...(await reserve(tx, actor.tenantId, [{ orderId: order.id, orderLineId: line.id, sku: line.sku, locationId, quantity: qty }], now)));
  line.allocated += qty;
  line.backordered -= qty;
  await setLineQuantities(tx, actor.tenantId, [line]);
  const lines = (await linesOfOrders(tx, actor.tenantId, [order.id])).map((l) => (l.id === line.id ? line : l));
  const allocation = { line_id: line.id, sku: line.sku, location: locationCode, quantity: qty };
  // The units go to the order's not yet accepted fulfillment order at that location, or a new one.
  events.push(...(await openFulfillmentOrders(tx, actor, order.id, [{ lineId: line.id, sku: line.sku, locationId, locationCode, quantity: qty }], now)));
  const moved = await transitionOrder(tx, actor, order, allocationStatus(lines, unfilledUnits(lines) > 0), 'backorder filled by stock received', now, { allocations: [allocation] });
  events.push(moved ?? { type: 'order.backorder_allocated', aggregateType: 'order', aggregateId: order.id, data: { allocations: [allocation], reason: 'backorder filled by stock received' } });
  return qty;
}
