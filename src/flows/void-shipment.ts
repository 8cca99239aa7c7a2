import type { Db } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import { DomainError } from '../platform/errors.js';
import { appendEvents, type Actor, type NewEvent } from '../platform/outbox/events.js';
import { lockFulfillmentOrder, transitionFulfillmentOrder } from '../modules/fulfillment/index.js';
import { restoreAfterVoid } from '../modules/inventory/index.js';
import { addShippedUnits, allocationStatus, linesOfOrders, lockOrder, transitionOrder, unfilledUnits } from '../modules/orders/index.js';
import { adapterFor, findCarrier, findShipment, lockShipment, markVoided, shipmentView, type SecretSource } from '../modules/shipping/index.js';
import { carrierProblem } from './ship-fulfillment-order.js';

/**
 * POST /v1/shipments/{id}/void: the carrier is asked to void (refund) the label first; then, in
 * one transaction, the shipment is voided, the units go back on hand and are reserved for their
 * order lines again, the fulfillment order is packed again and the order's status follows its
 * lines. Only a label the carrier has not scanned can be voided.
 */
export async function voidShipment(db: Db, actor: Actor, id: string, reason: string, now: Date, secrets: SecretSource) {
  const seen = await findShipment(db, actor.tenantId, id);
  if (!seen) throw new DomainError('SHIPMENT_NOT_FOUND', `No shipment ${id}.`);
  if (seen.status !== 'label_created') throw new DomainError('SHIPMENT_NOT_VOIDABLE', `A shipment that is ${seen.status} cannot be voided.`, undefined, { current_status: seen.status });
  const carrier = await findCarrier(db, actor.tenantId, seen.carrier);
  if (carrier) {
    const answer = await adapterFor(db, carrier, secrets)
      .void({ carrierShipmentId: seen.carrierShipmentId ?? undefined, trackingNumbers: seen.packages.map((p) => p.trackingNumber) })
      .catch((error: unknown) => {
        throw carrierProblem(error, seen.carrier);
      });
    if (!answer.voided) throw new DomainError('CARRIER_REFUSED', `Carrier ${seen.carrier} did not void the label${answer.reason ? `: ${answer.reason}` : ''}.`);
  }
  return inTransaction(db, async (tx) => {
    const order = await lockOrder(tx, actor.tenantId, seen.orderId);
    const fo = await lockFulfillmentOrder(tx, actor.tenantId, seen.fulfillmentOrderId);
    const shipment = await lockShipment(tx, actor.tenantId, id);
    if (!order || !fo || !shipment) throw new DomainError('SHIPMENT_NOT_FOUND', `No shipment ${id}.`);
    const events: NewEvent[] = [await markVoided(tx, actor, shipment, reason, now)];
    const units = fo.lines.filter((l) => l.quantity > 0).map((l) => ({ orderLineId: l.orderLineId, sku: l.sku, quantity: l.quantity }));
    await restoreAfterVoid(tx, actor, order.id, fo.locationId, units, id, now);
    await addShippedUnits(tx, actor.tenantId, units.map((u) => ({ id: u.orderLineId, delta: -u.quantity })));
    await transitionFulfillmentOrder(tx, actor, fo, 'packed', `label ${shipment.trackingNumber} voided: ${reason}`, now, { shipment_id: id });
    const lines = await linesOfOrders(tx, actor.tenantId, [order.id]);
    const unfilled = unfilledUnits(lines) > 0 && lines.every((l) => l.backordered === 0) && order.status === 'on_hold';
    const moved = await transitionOrder(tx, actor, order, allocationStatus(lines, unfilled), `label ${shipment.trackingNumber} voided`, now, { shipment_id: id });
    if (moved) events.push(moved);
    await appendEvents(tx, actor, now, events);
    return shipmentView(shipment);
  });
}
