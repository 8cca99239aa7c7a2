import tzlookup from 'tz-lookup';
import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Address } from '../../../platform/http/address.js';
import { newId } from '../../../platform/kernel/ids.js';
import { locate } from '../../../platform/kernel/geo.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { HELD_FOR_VOID, heldScans, insertShipmentEvent, settleShipmentEvent, updateShipment, type Shipment } from '../db/shipments.queries.js';
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
  /** The note kept with the scan: the decision's reason, or `void_requested` when held. */
  note: string;
  events: NewEvent[];
}

/**
 * How long a void request holds scans. The carrier call it covers times out well before this;
 * a request older than this was left behind by a process that died between asking and finishing
 * (or a carrier that never answered): scans apply again and a new void may start.
 */
export const VOID_REQUEST_EXPIRY_MS = 5 * 60_000;

/** A void is in progress on this shipment (requested, not finished, not expired). */
export function voidRequestPending(shipment: Pick<Shipment, 'voidRequestedAt'>, now: Date): boolean {
  return shipment.voidRequestedAt !== null && now.getTime() - shipment.voidRequestedAt.getTime() < VOID_REQUEST_EXPIRY_MS;
}

/**
 * Records one scan on a locked shipment and applies it when it moves the shipment forward.
 * Every scan is kept (a duplicate of one already kept is dropped); an older or impossible one is
 * kept with a note and changes nothing. On delivery the shipment is judged against its promise.
 * While a void is in progress the scan is kept but held (note `void_requested`): the void ends by
 * voiding the shipment or by replaying the held scans (`releaseVoidRequest`). An expired request
 * is released first, so its held scans are applied before this one.
 */
export async function recordTracking(
  tx: Db,
  actor: Actor,
  shipment: Shipment,
  update: Omit<TrackingUpdate, 'trackingNumber'>,
  source: 'carrier' | 'manual' | 'system',
  now: Date,
): Promise<TrackingOutcome> {
  const released = shipment.voidRequestedAt !== null && !voidRequestPending(shipment, now) ? await releaseVoidRequest(tx, actor, shipment, now) : [];
  const hold = voidRequestPending(shipment, now);
  const decision = applyTrackingUpdate({ status: shipment.status as ShipmentStatus, lastEventAt: shipment.lastEventAt?.toISOString() }, update);
  const recorded = await insertShipmentEvent(tx, {
    tenantId: actor.tenantId,
    id: newId('sev'),
    shipmentId: shipment.id,
    status: update.status,
    occurredAt: new Date(update.occurredAt),
    location: update.location ?? null,
    description: update.description ?? null,
    source,
    applied: decision.apply && !hold,
    note: hold ? HELD_FOR_VOID : decision.reason,
    recordedBy: actor.actorId,
    recordedAt: now,
  });
  if (hold) return { recorded, decision: { ...decision, next: shipment.status as ShipmentStatus, apply: false, statusChanged: false, lastEventAt: shipment.lastEventAt?.toISOString() }, note: HELD_FOR_VOID, events: released };
  if (!recorded || !decision.apply) return { recorded, decision, note: decision.reason, events: released };
  return { recorded, decision, note: decision.reason, events: [...released, ...(await applyDecision(tx, actor, shipment, update, decision, source, now))] };
}

/** Writes an applied scan's decision to the locked shipment; the `shipment.<status>` event when it moved. */
async function applyDecision(
  tx: Db,
  actor: Actor,
  shipment: Shipment,
  update: Omit<TrackingUpdate, 'trackingNumber'>,
  decision: TrackingDecision,
  source: string,
  now: Date,
): Promise<NewEvent[]> {
  const occurredAt = new Date(update.occurredAt);
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
  if (!decision.statusChanged) return [];
  return [
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
  ];
}

/**
 * Step one of a void, on the locked shipment: marks the void request so scans arriving while the
 * carrier is asked are held. Only a `label_created` shipment with no void in progress; an expired
 * request is replaced (scans it held stay held, and are replayed if this void does not happen).
 */
export async function requestVoid(tx: Db, actor: Actor, shipment: Shipment, now: Date): Promise<void> {
  if (shipment.status !== 'label_created') {
    throw new DomainError('SHIPMENT_NOT_VOIDABLE', `A shipment that is ${shipment.status} cannot be voided.`, undefined, { current_status: shipment.status });
  }
  if (voidRequestPending(shipment, now)) {
    throw new DomainError('SHIPMENT_NOT_VOIDABLE', `Shipment ${shipment.id} is already being voided.`, undefined, { current_status: shipment.status, void_requested_at: shipment.voidRequestedAt?.toISOString() });
  }
  if (!(await updateShipment(tx, actor.tenantId, shipment.id, shipment.version, { voidRequestedAt: now, updatedAt: now }))) throw new DomainError('FULFILLMENT_CONCURRENT_UPDATE', 'The shipment changed while voiding it.');
  Object.assign(shipment, { voidRequestedAt: now, updatedAt: now, version: shipment.version + 1 });
}

/**
 * Ends a void that did not happen (the carrier refused or could not be reached, or the request
 * expired), on the locked shipment: clears the request and replays the scans held meanwhile,
 * oldest first, through the same state machine. Returns the events of the moves they made.
 */
export async function releaseVoidRequest(tx: Db, actor: Actor, shipment: Shipment, now: Date): Promise<NewEvent[]> {
  if (shipment.voidRequestedAt === null) return [];
  if (!(await updateShipment(tx, actor.tenantId, shipment.id, shipment.version, { voidRequestedAt: null, updatedAt: now }))) throw new DomainError('FULFILLMENT_CONCURRENT_UPDATE', 'The shipment changed while releasing its void request.');
  Object.assign(shipment, { voidRequestedAt: null, updatedAt: now, version: shipment.version + 1 });
  const events: NewEvent[] = [];
  for (const scan of await heldScans(tx, actor.tenantId, shipment.id)) {
    const update: Omit<TrackingUpdate, 'trackingNumber'> = { status: scan.status as TrackingUpdate['status'], occurredAt: scan.occurredAt.toISOString(), location: scan.location ?? undefined, description: scan.description ?? undefined };
    const decision = applyTrackingUpdate({ status: shipment.status as ShipmentStatus, lastEventAt: shipment.lastEventAt?.toISOString() }, update);
    await settleShipmentEvent(tx, actor.tenantId, scan.id, { applied: decision.apply, note: decision.reason });
    if (decision.apply) events.push(...(await applyDecision(tx, actor, shipment, update, decision, scan.source, now)));
  }
  return events;
}

/** A voided label: the shipment is closed for good and the carrier refunds it. */
export async function markVoided(tx: Db, actor: Actor, shipment: Shipment, reason: string, now: Date): Promise<NewEvent> {
  if (shipment.status !== 'label_created') {
    throw new DomainError('SHIPMENT_NOT_VOIDABLE', `A shipment that is ${shipment.status} cannot be voided.`, undefined, { current_status: shipment.status });
  }
  if (!(await updateShipment(tx, actor.tenantId, shipment.id, shipment.version, { status: 'voided', voidRequestedAt: null, updatedAt: now }))) throw new DomainError('FULFILLMENT_CONCURRENT_UPDATE', 'The shipment changed while voiding it.');
  shipment.status = 'voided';
  shipment.voidRequestedAt = null;
  shipment.version += 1;
  return { type: 'shipment.voided', aggregateType: 'shipment', aggregateId: shipment.id, data: { order_id: shipment.orderId, fulfillment_order_id: shipment.fulfillmentOrderId, tracking_number: shipment.trackingNumber, reason } };
}
