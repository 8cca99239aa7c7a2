import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { appendEvents, type Actor, type NewEvent } from '../../platform/outbox/events.js';
import { lockOrder } from '../../modules/orders/index.js';
import {
  eventsOfShipments,
  findCarrierById,
  findShipment,
  lockShipment,
  recordTracking,
  shipmentIdOfTrackingNumber,
  shipmentView,
  trackingUpdatesFromEvent,
  verifyEasyPostSignature,
  webhookSecretOf,
  type SecretSource,
  type TrackingUpdate,
} from '../../modules/shipping/index.js';
import { trackReturnParcel } from '../returns/steps/track-return-parcel.js';
import { deliverOrderIfDone } from './steps/order-delivery.js';

/**
 * One scan, in one transaction: recorded on the shipment, applied if it moves it forward (held
 * while a void is in progress), and when the last shipment of a fully shipped order is delivered,
 * the order becomes `delivered`. The order is locked first (the global lock order: order,
 * fulfillment order, shipment).
 */
async function applyScan(db: Db, actor: Actor, shipmentId: string, orderId: string, update: Omit<TrackingUpdate, 'trackingNumber'>, source: 'carrier' | 'manual', now: Date) {
  return inTransaction(db, async (tx) => {
    const order = await lockOrder(tx, actor.tenantId, orderId);
    const shipment = await lockShipment(tx, actor.tenantId, shipmentId);
    if (!order || !shipment) throw new DomainError('SHIPMENT_NOT_FOUND', `No shipment ${shipmentId}.`);
    const before = shipment.status;
    const outcome = await recordTracking(tx, actor, shipment, update, source, now);
    const events: NewEvent[] = [...outcome.events];
    if (shipment.status !== before && shipment.status === 'delivered') {
      const moved = await deliverOrderIfDone(tx, actor, order, shipmentId, now);
      if (moved) events.push(moved);
    }
    await appendEvents(tx, actor, now, events);
    return { shipment, outcome };
  });
}

/** POST /v1/shipments/{id}/events: a scan typed in by an operator or the shipping location (or a carrier we poll ourselves). */
export async function recordManualTracking(db: Db, actor: Actor, id: string, update: Omit<TrackingUpdate, 'trackingNumber'>, now: Date, scopeLocationId?: string) {
  const shipment = await findShipment(db, actor.tenantId, id);
  // A location-scoped key scans only its location's shipments (another's: as if missing).
  if (!shipment || (scopeLocationId !== undefined && shipment.locationId !== scopeLocationId)) throw new DomainError('SHIPMENT_NOT_FOUND', `No shipment ${id}.`);
  if (shipment.status === 'voided') throw new DomainError('SHIPMENT_VOIDED', `Shipment ${id} was voided.`, undefined, { current_status: 'voided' });
  const { shipment: after, outcome } = await applyScan(db, actor, id, shipment.orderId, update, 'manual', now);
  return { applied: outcome.decision.apply, note: outcome.note, shipment: shipmentView(after, await eventsOfShipments(db, actor.tenantId, [id])) };
}

/**
 * POST /v1/carriers/{carrier}/webhooks/tracking: an aggregator's tracker event. The URL names the
 * carrier connection by its global id, which names the tenant; the HMAC signature with the
 * connection's webhook secret is the authentication. A return label's number moves its return
 * (flows/returns/track-return.ts). Unknown tracking numbers are acknowledged and ignored (the
 * aggregator also tracks parcels we did not ship).
 */
export async function receiveTrackingWebhook(db: Db, carrierId: string, rawBody: Buffer, signature: string | undefined, now: Date, secrets: SecretSource) {
  const carrier = await findCarrierById(db, carrierId);
  const secret = carrier ? webhookSecretOf(carrier, secrets) : undefined;
  if (!carrier || !secret || !verifyEasyPostSignature(rawBody, signature, secret)) {
    throw new DomainError('CARRIER_SIGNATURE_INVALID', 'The signature does not match this carrier’s webhook secret.');
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new DomainError('REQUEST_MALFORMED_JSON');
  }
  const parsed = trackingUpdatesFromEvent(body);
  if ('problems' in parsed) throw new DomainError('REQUEST_INVALID', 'The tracking event is not in the expected format.', parsed.problems);
  const actor: Actor = { tenantId: carrier.tenantId, actorId: `carrier:${carrier.code}` };
  let applied = 0;
  let unknown = 0;
  for (const update of parsed.updates) {
    const shipmentId = await shipmentIdOfTrackingNumber(db, carrier.tenantId, update.trackingNumber);
    if (!shipmentId) {
      // Not an outbound parcel: perhaps a return label's (ADR 0023).
      const returned = await inTransaction(db, (tx) => trackReturnParcel(tx, actor, update, now));
      if (returned === 'unknown') unknown += 1;
      if (returned === 'applied') applied += 1;
      continue;
    }
    const shipment = await findShipment(db, carrier.tenantId, shipmentId);
    if (!shipment || shipment.status === 'voided') continue;
    const { outcome } = await applyScan(db, actor, shipmentId, shipment.orderId, update, 'carrier', now);
    if (outcome.decision.apply) applied += 1;
  }
  return { received: parsed.updates.length, applied, unknown_tracking_numbers: unknown };
}
