import { and, asc, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import type { NewEvent } from '../../../platform/outbox/events.js';
import { shipments } from '../db/schema.js';
import { daysPastPromise } from '../domain/promise.js';
import { destinationTimeZone } from './track.js';

/** Statuses of a parcel still on its way: no delivery, no exception, not returned or voided. */
const ON_THE_WAY = ['label_created', 'in_transit', 'out_for_delivery'];

export interface LateShipment {
  tenantId: string;
  event: NewEvent;
}

/**
 * Shipments whose promised delivery date has ended at their destination with no delivery and no
 * exception, across tenants, `limit` at a time: each is flagged once (`late_at`) and answered
 * with its `shipment.late` event for the caller to append in the same transaction. Rows are
 * locked with SKIP LOCKED, so several workers share the work; a flagged row is never chosen again,
 * so a restart or a second worker never tells a shipment twice.
 *
 * The database narrows by date (due on or before today in UTC: no destination is more than a day
 * ahead), the destination's time zone decides; a parcel whose promised day has not ended there
 * yet is left for a later round.
 */
export async function claimLateShipments(tx: Db, now: Date, limit: number): Promise<{ late: LateShipment[]; seen: number }> {
  const today = now.toISOString().slice(0, 10);
  const rows = await tx
    .select()
    .from(shipments)
    .where(and(isNull(shipments.lateAt), isNotNull(shipments.promisedDeliveryDate), lte(shipments.promisedDeliveryDate, today), inArray(shipments.status, ON_THE_WAY)))
    .orderBy(asc(shipments.promisedDeliveryDate), asc(shipments.tenantId), asc(shipments.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const late = rows.flatMap((s) => {
    const promised = s.promisedDeliveryDate as string;
    const days = daysPastPromise(now, promised, destinationTimeZone(s.shipTo));
    return days > 0 ? [{ s, days }] : [];
  });
  for (const { s } of late) {
    await tx.update(shipments).set({ lateAt: now, updatedAt: now }).where(and(sql`${shipments.tenantId} = ${s.tenantId}`, sql`${shipments.id} = ${s.id}`, isNull(shipments.lateAt)));
  }
  return {
    seen: rows.length,
    late: late.map(({ s, days }) => ({
      tenantId: s.tenantId,
      event: {
        type: 'shipment.late',
        aggregateType: 'shipment',
        aggregateId: s.id,
        data: {
          order_id: s.orderId,
          tracking_number: s.trackingNumber,
          status: s.status,
          promised_delivery_date: s.promisedDeliveryDate,
          days_late: days,
          // The carrier's own estimate, when it is a later day than the promise: the new date to tell the customer.
          new_estimated_delivery_date: s.estimatedDeliveryDate !== null && s.estimatedDeliveryDate > (s.promisedDeliveryDate as string) ? s.estimatedDeliveryDate : null,
        },
      },
    })),
  };
}
