import type { Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import type { OrderRow } from '../../../modules/orders/index.js';
import { addSettled, insertDispositions, insertReturnShipping, linesOfReturns, transitionReturn, type DispositionRow, type ReturnRow } from '../../../modules/returns/index.js';
import { settleOrderReturnStatus } from './order-return-status.js';

/**
 * Keep the item (ADR 0023): a return the policy evaluated under the keep-the-item threshold needs no
 * parcel. In the approval's transaction (the return locked): its shipping is `keep_item`, every unit
 * gets the disposition `kept_by_customer` at the approving location (no stock moves: nothing comes
 * back), so the return is received and inspected at once and can be refunded; the order's return
 * status follows as for units received (the caller locked the order, then the return).
 */
export async function keepItems(tx: Db, actor: Actor, ret: ReturnRow, order: OrderRow, now: Date): Promise<NewEvent[]> {
  const locationId = ret.locationId as string;
  await insertReturnShipping(tx, { tenantId: actor.tenantId, id: newId('rsh'), returnId: ret.id, method: 'keep_item', carrier: null, service: null, serviceName: null, trackingNumber: null, carrierShipmentId: null, amountMinor: 0, currency: ret.currency, labelPdf: null, labelZpl: null, qrPng: null, qrSource: null, parcelStatus: null, lastEventAt: null, deliveredAt: null, createdAt: now, actor: actor.actorId });
  const lines = await linesOfReturns(tx, actor.tenantId, [ret.id]);
  const rows: DispositionRow[] = [];
  for (const line of lines) {
    const units = line.quantity - line.settled;
    if (units <= 0 || !(await addSettled(tx, actor.tenantId, line.id, units))) continue;
    rows.push({ tenantId: actor.tenantId, id: newId('rtd'), returnId: ret.id, returnLineId: line.id, sku: line.sku, locationId, quantity: units, disposition: 'kept_by_customer', conditionNote: null, receivedAt: now, disposedAt: now, actor: actor.actorId });
  }
  await insertDispositions(tx, rows);
  const events: NewEvent[] = [
    { type: 'return.shipping_arranged', aggregateType: 'return', aggregateId: ret.id, data: { order_id: ret.orderId, method: 'keep_item', cost_minor: 0, currency: ret.currency, who: actor.actorId, reason: 'worth no more than the keep-the-item threshold: the customer keeps the items' } },
    { type: 'return.units_received', aggregateType: 'return', aggregateId: ret.id, data: { order_id: ret.orderId, location_id: locationId, received_at: now.toISOString(), who: actor.actorId, units: rows.map((r) => ({ return_line_id: r.returnLineId, sku: r.sku, quantity: r.quantity, disposition: r.disposition, condition_note: null })) } },
    await transitionReturn(tx, actor, ret, 'received', 'kept by the customer under the keep-the-item threshold', now),
    await transitionReturn(tx, actor, ret, 'inspected', 'every unit has its disposition (kept by the customer)', now),
  ];
  const moved = await settleOrderReturnStatus(tx, actor, order, now, ret.id);
  if (moved) events.push(moved);
  return events;
}
