import type { Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { initialStatus, type ReleasePolicy } from '../domain/release-policy.js';
import {
  insertFulfillmentOrders,
  lockFulfillmentOrdersOfOrder,
  setFulfillmentLineQuantities,
  type FulfillmentOrderLineRow,
  type FulfillmentOrderRow,
} from '../db/fulfillment-orders.queries.js';

/** Units of one order line a location was allocated. */
export interface FulfillmentAllocation {
  lineId: string;
  sku: string;
  locationId: string;
  /** For the event only. */
  locationCode?: string;
  quantity: number;
}

/**
 * Makes allocated units a location's work: one fulfillment order per order × location. With
 * `mergeIntoOpen`, units for a location that already has a `pending` or `released` fulfillment
 * order of this order are added to it (the location has not accepted its content yet); otherwise
 * a new one is created, `released` or `pending` by the tenant's release policy, or `on_hold` when
 * the order is `held` (ADR 0025). Returns the events
 * (fulfillment_order.created / .lines_added) for the caller to append.
 */
export async function createFulfillmentOrders(
  tx: Db,
  actor: Actor,
  orderId: string,
  allocations: readonly FulfillmentAllocation[],
  policy: ReleasePolicy,
  now: Date,
  options: { mergeIntoOpen?: boolean; held?: boolean } = {},
): Promise<NewEvent[]> {
  const byLocation = new Map<string, FulfillmentAllocation[]>();
  for (const a of allocations) if (a.quantity > 0) byLocation.set(a.locationId, [...(byLocation.get(a.locationId) ?? []), a]);
  if (byLocation.size === 0) return [];
  const events: NewEvent[] = [];
  const open = options.mergeIntoOpen ? (await lockFulfillmentOrdersOfOrder(tx, actor.tenantId, orderId)).filter((f) => f.status === 'pending' || f.status === 'on_hold' || f.status === 'released') : [];
  const rows: FulfillmentOrderRow[] = [];
  const lines: FulfillmentOrderLineRow[] = [];
  const status = options.held ? 'on_hold' : initialStatus(policy);
  for (const [locationId, group] of byLocation) {
    const summed = new Map<string, { orderLineId: string; sku: string; quantity: number }>();
    for (const a of group) {
      const key = `${a.lineId}\u0000${a.sku}`;
      summed.set(key, { orderLineId: a.lineId, sku: a.sku, quantity: (summed.get(key)?.quantity ?? 0) + a.quantity });
    }
    const added = [...summed.values()];
    const location = group[0]?.locationCode ?? locationId;
    const existing = open.find((f) => f.locationId === locationId);
    if (existing) {
      const merged = added.map((l) => ({ ...l, quantity: l.quantity + (existing.lines.find((e) => e.orderLineId === l.orderLineId && e.sku === l.sku)?.quantity ?? 0) }));
      await setFulfillmentLineQuantities(tx, actor.tenantId, existing.id, merged, now);
      events.push({
        type: 'fulfillment_order.lines_added',
        aggregateType: 'fulfillment_order',
        aggregateId: existing.id,
        data: { order_id: orderId, location, lines: added.map((l) => ({ order_line_id: l.orderLineId, sku: l.sku, quantity: l.quantity })) },
      });
      continue;
    }
    const id = newId('ful');
    rows.push({ tenantId: actor.tenantId, id, orderId, locationId, status, version: 1, rejectReason: null, releasedAt: status === 'released' ? now : null, createdAt: now, updatedAt: now });
    lines.push(...added.map((l) => ({ tenantId: actor.tenantId, fulfillmentOrderId: id, orderLineId: l.orderLineId, sku: l.sku, quantity: l.quantity })));
    events.push({
      type: 'fulfillment_order.created',
      aggregateType: 'fulfillment_order',
      aggregateId: id,
      data: { order_id: orderId, location, location_id: locationId, status, release_policy: policy, lines: added.map((l) => ({ order_line_id: l.orderLineId, sku: l.sku, quantity: l.quantity })) },
    });
  }
  await insertFulfillmentOrders(tx, rows, lines);
  return events;
}
