import type { Db } from '../../../platform/db/database.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { quarantineStock } from '../../../modules/inventory/index.js';
import type { OrderRow } from '../../../modules/orders/index.js';
import { addSettled, exchangesOfReturns, insertDispositions, linesOfReturns, receivable, statusAfterReceipt, transitionReturn, type DispositionRow, type ReceiptBody, type ReturnRow } from '../../../modules/returns/index.js';
import { applyAdjustments } from '../../inventory/steps/adjust-stock.js';
import { settleOrderReturnStatus } from './order-return-status.js';

/**
 * Units of the return received at its location, each with its disposition, in the caller's
 * transaction (the order, then the return, locked). Each line takes at most its quantity less what
 * is settled (a conditional update: a receipt booked twice concurrently books once, the second is
 * 409 RETURN_OVER_RECEIPT); stock changes only here, each a ledger row: restock → on hand (+ reason
 * `returned`, filling backorders), quarantine / refurbish → the non-sellable `quarantined`;
 * return_to_vendor, scrap and missing change no stock. The return becomes partially_received or
 * received (and then inspected: every unit has its disposition), the order partially_returned /
 * returned. Answers the events for the caller to append.
 */
export async function bookReceipt(tx: Db, actor: Actor, order: OrderRow, ret: ReturnRow, body: ReceiptBody, now: Date): Promise<NewEvent[]> {
  if (!receivable(ret.status)) {
    throw new DomainError('RETURN_ILLEGAL_TRANSITION', `A return that is ${ret.status} takes no receipts: it must be approved and not yet fully received.`, undefined, { current_status: ret.status });
  }
  const receivedAt = body.received_at ? new Date(body.received_at) : now;
  if (receivedAt.getTime() > now.getTime()) throw new DomainError('REQUEST_INVALID', 'The parcel cannot arrive in the future.', [{ field: 'received_at', message: 'is later than now' }]);
  const locationId = ret.locationId as string;
  const lines = await linesOfReturns(tx, actor.tenantId, [ret.id]);
  const byId = new Map(lines.map((l) => [l.id, l]));
  const unknown: FieldError[] = body.lines.flatMap((l, i) => (byId.has(l.return_line_id) ? [] : [{ field: `lines[${i}].return_line_id`, message: `is not a line of return ${ret.id}` }]));
  if (unknown.length > 0) throw new DomainError('RETURN_LINE_INVALID', 'Some receipt lines name no line of this return.', unknown);
  const sums = new Map<string, number>();
  for (const l of body.lines) sums.set(l.return_line_id, (sums.get(l.return_line_id) ?? 0) + l.quantity);
  const over: FieldError[] = [];
  body.lines.forEach((l, i) => {
    const line = byId.get(l.return_line_id) as (typeof lines)[number];
    const left = line.quantity - line.settled;
    if ((sums.get(l.return_line_id) ?? 0) > left) over.push({ field: `lines[${i}].quantity`, message: `this line expects ${left} more unit(s) (${line.settled} of ${line.quantity} settled)` });
  });
  if (over.length > 0) throw new DomainError('RETURN_OVER_RECEIPT', 'More units than the return still expects.', over);
  for (const [lineId, units] of sums) {
    if (!(await addSettled(tx, actor.tenantId, lineId, units))) throw new DomainError('RETURN_OVER_RECEIPT', 'This receipt was booked by another request first.', [{ field: 'lines', message: 'already received' }]);
    (byId.get(lineId) as (typeof lines)[number]).settled += units;
  }

  const rows: DispositionRow[] = body.lines.map((l) => {
    const line = byId.get(l.return_line_id) as (typeof lines)[number];
    return { tenantId: actor.tenantId, id: newId('rtd'), returnId: ret.id, returnLineId: line.id, sku: line.sku, locationId, quantity: l.quantity, disposition: l.disposition, conditionNote: l.condition_note ?? null, receivedAt, disposedAt: now, actor: actor.actorId };
  });
  await insertDispositions(tx, rows);
  const restock = rows.filter((r) => r.disposition === 'restock');
  if (restock.length > 0) {
    await applyAdjustments(tx, actor, restock.map((r) => ({ sku: r.sku, location: locationId, delta: r.quantity, reason: 'returned', reference: ret.id })), now, (i, name) => `lines[${i}].${name}`);
  }
  const kept = rows.filter((r) => r.disposition === 'quarantine' || r.disposition === 'refurbish');
  if (kept.length > 0) await quarantineStock(tx, actor, kept.map((r) => ({ sku: r.sku, locationId, quantity: r.quantity, reason: r.disposition === 'refurbish' ? 'refurbish' : 'quarantined' })), ret.id, now);

  const events: NewEvent[] = [
    {
      type: 'return.units_received',
      aggregateType: 'return',
      aggregateId: ret.id,
      data: { order_id: ret.orderId, location_id: locationId, received_at: receivedAt.toISOString(), who: actor.actorId, units: rows.map((r) => ({ return_line_id: r.returnLineId, sku: r.sku, quantity: r.quantity, disposition: r.disposition, condition_note: r.conditionNote })) },
    },
  ];
  const next = statusAfterReceipt(lines);
  if (ret.status !== next) events.push(await transitionReturn(tx, actor, ret, next, next === 'received' ? 'every unit is accounted for' : 'some units are still expected', now));
  if (next === 'received') events.push(await transitionReturn(tx, actor, ret, 'inspected', 'every unit has its disposition', now));
  // An instant exchange credited the units when the replacement was made (ADR 0022): once they are back, the return is done.
  if (ret.status === 'inspected' && (await exchangesOfReturns(tx, actor.tenantId, [ret.id])).length > 0) events.push(await transitionReturn(tx, actor, ret, 'closed', 'exchanged: the units are back', now, { outcome: 'exchange' }));
  const orderEvent = await settleOrderReturnStatus(tx, actor, order, now, ret.id);
  if (orderEvent) events.push(orderEvent);
  return events;
}
