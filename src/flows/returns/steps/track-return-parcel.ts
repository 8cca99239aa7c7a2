import type { Db } from '../../../platform/db/database.js';
import { appendEvents, type Actor, type NewEvent } from '../../../platform/outbox/events.js';
import { canTransition, lockReturn, returnShippingByTracking, transitionReturn, updateReturnParcel } from '../../../modules/returns/index.js';
import type { TrackingUpdate } from '../../../modules/shipping/index.js';

export type ReturnScanOutcome = 'unknown' | 'applied' | 'recorded';

/**
 * In the caller's transaction: a carrier scan of a return parcel (ADR 0023), from the same tracking webhooks as outbound
 * shipments: the tracking number names the return's label. The first scan after the label was
 * made (anything but pre-transit) moves an approved return to in_transit; the delivery scan marks
 * it delivered to the location (`return.delivered_to_location`, once) — the units are still
 * received only by a person booking them in (POST …/receipts), since the carrier's delivery says
 * nothing about what is in the parcel. Older scans than the last applied one change nothing; a
 * return that has moved on (received, cancelled) keeps its status, the parcel's is still noted.
 */
export async function trackReturnParcel(tx: Db, actor: Actor, update: TrackingUpdate, now: Date): Promise<ReturnScanOutcome> {
  const parcel = await returnShippingByTracking(tx, actor.tenantId, update.trackingNumber);
  if (!parcel) return 'unknown';
  const ret = await lockReturn(tx, actor.tenantId, parcel.returnId);
  if (!ret) return 'unknown';
  const at = new Date(update.occurredAt);
  if (update.status === 'label_created' || (parcel.lastEventAt && at.getTime() < parcel.lastEventAt.getTime())) return 'recorded';
  const events: NewEvent[] = [];
  if (ret.status === 'approved' && canTransition(ret.status, 'in_transit')) {
    const where = update.location ? ` at ${update.location}` : '';
    events.push(await transitionReturn(tx, actor, ret, 'in_transit', `first carrier scan (${update.status})${where}`, now, { tracking_number: update.trackingNumber, occurred_at: update.occurredAt, source: 'carrier' }, { trackingNumber: update.trackingNumber }));
  }
  const delivered = update.status === 'delivered' && parcel.deliveredAt === null;
  await updateReturnParcel(tx, actor.tenantId, parcel.id, { parcelStatus: update.status, lastEventAt: at, ...(delivered ? { deliveredAt: at } : {}) });
  if (delivered) {
    events.push({
      type: 'return.delivered_to_location',
      aggregateType: 'return',
      aggregateId: ret.id,
      data: { order_id: ret.orderId, location_id: ret.locationId, tracking_number: update.trackingNumber, occurred_at: update.occurredAt, status: ret.status, who: actor.actorId, reason: 'the carrier delivered the return parcel; its units are booked in by a receipt' },
    });
  }
  await appendEvents(tx, actor, now, events);
  return events.length > 0 ? 'applied' : 'recorded';
}
