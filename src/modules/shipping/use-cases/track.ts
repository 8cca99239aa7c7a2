import tzlookup from 'tz-lookup';
import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Address } from '../../../platform/http/address.js';
import { newId } from '../../../platform/kernel/ids.js';
import { locate } from '../../../platform/kernel/geo.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { insertShipmentEvent, updateShipment, type Shipment } from '../db/shipments.queries.js';
import { judgeOnTime } from '../domain/promise.js';
import { applyTrackingUpdate, type TrackingDecision } from '../domain/tracking-state.js';
import type { ShipmentStatus, TrackingUpdate } from '../domain/types.js';

/** The destination's time zone, so "delivered by the 3rd" means the customer's 3rd. */
export function destinationTimeZone(to: Address): string {
  const point = locate(to.country, to.postal_code);
  return point ? tzlookup(point.latitude, point.longitude) : 'UTC';
}

export interface TrackingOutcome {
  recorded: boolean;
  decision: TrackingDecision;
  events: NewEvent[];
}

/**
 * Records one scan on a locked shipment and applies it when it moves the shipment forward.
 * Every scan is kept (a duplicate of one already kept is dropped); an older or impossible one is
 * kept with a note and changes nothing. On delivery the shipment is judged against its promise.
 */
export async function recordTracking(
  tx: Db,
  actor: Actor,
  shipment: Shipment,
  update: Omit<TrackingUpdate, 'trackingNumber'>,
  source: 'carrier' | 'manual' | 'system',
  now: Date,
): Promise<TrackingOutcome> {
  const decision = applyTrackingUpdate({ status: shipment.status as ShipmentStatus, lastEventAt: shipment.lastEventAt?.toISOString() }, update);
  const occurredAt = new Date(update.occurredAt);
  const recorded = await insertShipmentEvent(tx, {
    tenantId: actor.tenantId,
    id: newId('sev'),
    shipmentId: shipment.id,
    status: update.status,
    occurredAt,
    location: update.location ?? null,
    description: update.description ?? null,
    source,
    applied: decision.apply,
    note: decision.reason,
    recordedBy: actor.actorId,
    recordedAt: now,
  });
  if (!recorded || !decision.apply) return { recorded, decision, events: [] };
  const delivered = decision.statusChanged && decision.next === 'delivered';
  const verdict = delivered && shipment.promisedDeliveryDate ? judgeOnTime(occurredAt, shipment.promisedDeliveryDate, destinationTimeZone(shipment.shipTo)) : undefined;
  const set = {
    status: decision.next,
    lastEventAt: decision.lastEventAt ? new Date(decision.lastEventAt) : null,
    updatedAt: now,
    ...(delivered ? { deliveredAt: occurredAt, onTime: verdict ? verdict.onTime : null } : {}),
  };
  if (!(await updateShipment(tx, actor.tenantId, shipment.id, shipment.version, set))) throw new DomainError('FULFILLMENT_CONCURRENT_UPDATE', 'The shipment changed while recording the scan; send it again.');
  const from = shipment.status;
  Object.assign(shipment, set, { version: shipment.version + 1 });
  const events: NewEvent[] = decision.statusChanged
    ? [
        {
          type: `shipment.${decision.next}`,
          aggregateType: 'shipment',
          aggregateId: shipment.id,
          data: {
            order_id: shipment.orderId,
            tracking_number: shipment.trackingNumber,
            from,
            to: decision.next,
            occurred_at: update.occurredAt,
            location: update.location ?? null,
            description: update.description ?? null,
            source,
            ...(delivered ? { promised_delivery_date: shipment.promisedDeliveryDate, on_time: verdict?.onTime ?? null, days_late: verdict?.daysLate ?? null } : {}),
          },
        },
      ]
    : [];
  return { recorded, decision, events };
}

/** A voided label: the shipment is closed for good and the carrier refunds it. */
export async function markVoided(tx: Db, actor: Actor, shipment: Shipment, reason: string, now: Date): Promise<NewEvent> {
  if (shipment.status !== 'label_created') {
    throw new DomainError('SHIPMENT_NOT_VOIDABLE', `A shipment that is ${shipment.status} cannot be voided.`, undefined, { current_status: shipment.status });
  }
  if (!(await updateShipment(tx, actor.tenantId, shipment.id, shipment.version, { status: 'voided', updatedAt: now }))) throw new DomainError('FULFILLMENT_CONCURRENT_UPDATE', 'The shipment changed while voiding it.');
  shipment.status = 'voided';
  shipment.version += 1;
  return { type: 'shipment.voided', aggregateType: 'shipment', aggregateId: shipment.id, data: { order_id: shipment.orderId, fulfillment_order_id: shipment.fulfillmentOrderId, tracking_number: shipment.trackingNumber, reason } };
}
