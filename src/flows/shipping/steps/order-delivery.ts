import type { Db } from '../../../platform/db/database.js';
import { appendEvents, type Actor, type NewEvent } from '../../../platform/outbox/events.js';
import { linesOfOrders, lockOrder, stockLines, transitionOrder } from '../../../modules/orders/index.js';
import { lockShipment, orderDeliveryStatus, releaseVoidRequest, shipmentStatusesOfOrder, type ShipmentStatus } from '../../../modules/shipping/index.js';

/**
 * When the last shipment of a fully shipped order is delivered, the order becomes `delivered`
 * (called under the order's and the shipment's locks, after scans moved the shipment).
 */
export async function deliverOrderIfDone(tx: Db, actor: Actor, order: NonNullable<Awaited<ReturnType<typeof lockOrder>>>, shipmentId: string, now: Date): Promise<NewEvent | undefined> {
  const lines = await linesOfOrders(tx, actor.tenantId, [order.id]);
  const fullyShipped = stockLines(lines).every((l) => l.quantity - l.cancelled === l.shipped);
  const statuses = (await shipmentStatusesOfOrder(tx, actor.tenantId, order.id)) as ShipmentStatus[];
  if (orderDeliveryStatus(statuses, fullyShipped) !== 'delivered' || order.status !== 'shipped') return undefined;
  return transitionOrder(tx, actor, order, 'delivered', 'every shipment delivered', now, { shipment_id: shipmentId });
}

/**
 * A void that did not happen (the carrier refused it or could not be reached): the void request
 * is cleared and the scans held meanwhile are applied, oldest first, as if they had just arrived
 * (in the caller's transaction).
 */
export async function releaseHeldScans(tx: Db, actor: Actor, shipmentId: string, orderId: string, now: Date): Promise<void> {
  const order = await lockOrder(tx, actor.tenantId, orderId);
  const shipment = await lockShipment(tx, actor.tenantId, shipmentId);
  if (!order || !shipment) return;
  const before = shipment.status;
  const events = await releaseVoidRequest(tx, actor, shipment, now);
  if (shipment.status !== before && shipment.status === 'delivered') {
    const moved = await deliverOrderIfDone(tx, actor, order, shipmentId, now);
    if (moved) events.push(moved);
  }
  await appendEvents(tx, actor, now, events);
}
