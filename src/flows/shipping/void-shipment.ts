import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { appendEvents, type Actor, type NewEvent } from '../../platform/outbox/events.js';
import { lockFulfillmentOrder, transitionFulfillmentOrder } from '../../modules/fulfillment/index.js';
import { restoreAfterVoid } from '../../modules/inventory/index.js';
import { addShippedUnits, allocationStatus, linesOfOrders, lockOrder, transitionOrder, unfilledUnits } from '../../modules/orders/index.js';
import { adapterFor, findCarrier, lockShipment, markVoided, requestVoid, shipmentView, type SecretSource } from '../../modules/shipping/index.js';
import { carrierProblem } from './steps/ship-fulfillment.js';
import { releaseHeldScans } from './steps/order-delivery.js';

/**
 * POST /v1/shipments/{id}/void, in three steps so a tracking scan racing the carrier call cannot
 * leave a label voided at the carrier on a shipment the OMS thinks is moving (issue #4):
 * 1. a short transaction marks the void request (`label_created` only, 409 otherwise, nothing is
 *    asked of the carrier); scans arriving from now on are recorded but held;
 * 2. the carrier is asked to void (refund) the label, outside any transaction; when it refuses or
 *    cannot be reached the request is cleared, the held scans are applied, and the carrier's
 *    answer is the response;
 * 3. one transaction voids the shipment, puts the units back on hand and reserves them for their
 *    order lines again, packs the fulfillment order again and lets the order's status follow its
 *    lines.
 */
export async function voidShipment(db: Db, actor: Actor, id: string, reason: string, now: Date, secrets: SecretSource) {
  const seen = await inTransaction(db, async (tx) => {
    const shipment = await lockShipment(tx, actor.tenantId, id);
    if (!shipment) throw new DomainError('SHIPMENT_NOT_FOUND', `No shipment ${id}.`);
    await requestVoid(tx, actor, shipment, now);
    return shipment;
  });
  const carrier = await findCarrier(db, actor.tenantId, seen.carrier);
  if (carrier) {
    const release = () => inTransaction(db, (tx) => releaseHeldScans(tx, actor, id, seen.orderId, now));
    const answer = await adapterFor(db, carrier, secrets)
      .void({ carrierShipmentId: seen.carrierShipmentId ?? undefined, trackingNumbers: seen.packages.map((p) => p.trackingNumber) })
      .catch(async (error: unknown) => {
        await release();
        throw carrierProblem(error, seen.carrier);
      });
    if (!answer.voided) {
      await release();
      throw new DomainError('CARRIER_REFUSED', `Carrier ${seen.carrier} did not void the label${answer.reason ? `: ${answer.reason}` : ''}.`);
    }
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
