import type { Db } from '../../../platform/db/database.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { lastEventTimes, type Actor, type NewEvent } from '../../../platform/outbox/events.js';
import { linesOfOrders, paidForUnits, type OrderRow } from '../../../modules/orders/index.js';
import { evaluateReturn, insertReturn, refuseLineReason, returnSettingsOf, unitsUnderReturn, type ReturnBody, type ReturnLineRow, type ReturnRow } from '../../../modules/returns/index.js';

/**
 * A new return of the order (locked by the caller, so every return of the order queues behind it
 * and two requests cannot both take the last units): each line checked (this order's, a known
 * reason, a note where required, only shipped units, at most shipped − already under return), the
 * policy evaluated (ineligible: 422 unless staff send `override_note`), the rows inserted. Answers
 * the return and its `return.requested` for the caller to append. The database refuses an
 * over-return again (trigger `return_lines_within_shipped`, ADR 0019).
 */
export async function createReturn(tx: Db, actor: Actor, order: OrderRow, body: ReturnBody, now: Date): Promise<{ ret: ReturnRow; lines: ReturnLineRow[]; event: NewEvent }> {
  const [settings, orderLines, under] = await Promise.all([returnSettingsOf(tx, actor.tenantId), linesOfOrders(tx, actor.tenantId, [order.id]), unitsUnderReturn(tx, actor.tenantId, order.id)]);
  const byId = new Map(orderLines.map((l) => [l.id, l]));
  const invalid: FieldError[] = [];
  const notShipped: FieldError[] = [];
  const tooMany: FieldError[] = [];
  const seen = new Set<string>();
  body.lines.forEach((l, i) => {
    const line = byId.get(l.order_line_id);
    if (!line) return invalid.push({ field: `lines[${i}].order_line_id`, message: `is not a line of order ${order.id}` });
    if (seen.has(l.order_line_id)) return invalid.push({ field: `lines[${i}].order_line_id`, message: 'is named twice' });
    seen.add(l.order_line_id);
    // A kit's money is on the customer's kit line, its stock on the component lines: neither alone says what a unit was paid.
    if (line.parentLineId !== null) return invalid.push({ field: `lines[${i}].order_line_id`, message: 'is a component of a kit: returns of kits are not supported yet' });
    const refusal = refuseLineReason(settings.reasons, l.reason, l.note);
    if (refusal) invalid.push({ field: `lines[${i}].${refusal.field}`, message: refusal.message });
    const left = line.shipped - (under.get(line.id) ?? 0);
    if (l.quantity <= left) return undefined;
    const unshipped = line.quantity - line.cancelled - line.shipped;
    if (unshipped > 0 && l.quantity > left) {
      return notShipped.push({ field: `lines[${i}].quantity`, message: `only ${line.shipped} of the ${line.quantity - line.cancelled} units have shipped (${Math.max(0, left)} may be returned): cancel the ${unshipped} unshipped instead` });
    }
    return tooMany.push({ field: `lines[${i}].quantity`, message: `at most ${Math.max(0, left)} (shipped ${line.shipped}, already under return ${under.get(line.id) ?? 0})` });
  });
  if (invalid.length > 0) throw new DomainError('RETURN_LINE_INVALID', 'Some return lines are not acceptable.', invalid);
  if (notShipped.length > 0) throw new DomainError('RETURN_UNITS_NOT_SHIPPED', 'Only shipped or delivered units can be returned; cancel unshipped units instead.', notShipped);
  if (tooMany.length > 0) throw new DomainError('RETURN_EXCEEDS_SHIPPED', 'More units than shipped and not already under return.', tooMany);

  const [delivered, shipped] = await Promise.all([lastEventTimes(tx, actor.tenantId, [order.id], ['order.delivered']), lastEventTimes(tx, actor.tenantId, [order.id], ['order.shipped', 'order.partially_shipped'])]);
  const outcome = body.outcome ?? 'refund';
  const evaluation = evaluateReturn({
    policy: settings.policy,
    reasons: settings.reasons,
    deliveredAt: delivered.get(order.id) ?? null,
    shippedAt: shipped.get(order.id) ?? null,
    lines: body.lines.map((l) => {
      const line = byId.get(l.order_line_id) as NonNullable<ReturnType<typeof byId.get>>;
      return { sku: line.sku, quantity: l.quantity, reason: l.reason, paidMinor: paidForUnits(line, l.quantity, order.taxesIncluded).paid };
    }),
    outcome,
    now,
    country: (order.shippingAddress as { country?: string } | null)?.country ?? null,
  });
  if (!evaluation.eligible && !body.override_note) {
    throw new DomainError('RETURN_NOT_ELIGIBLE', evaluation.refusals.join(' '), evaluation.refusals.map((message) => ({ field: 'lines', message })), { refusals: evaluation.refusals });
  }

  const ret: ReturnRow = {
    tenantId: actor.tenantId,
    id: newId('rma'),
    orderId: order.id,
    status: 'requested',
    version: 1,
    currency: order.currency,
    locationId: null,
    customerNote: body.customer_note ?? null,
    photoUrls: body.photo_urls ?? [],
    outcome,
    eligibility: evaluation,
    overrideNote: evaluation.eligible ? null : (body.override_note ?? null),
    trackingNumber: null,
    createdBy: actor.actorId,
    createdAt: now,
    updatedAt: now,
  };
  const lines: ReturnLineRow[] = body.lines.map((l) => ({
    tenantId: actor.tenantId,
    id: newId('rtl'),
    returnId: ret.id,
    orderId: order.id,
    orderLineId: l.order_line_id,
    sku: (byId.get(l.order_line_id) as { sku: string }).sku,
    quantity: l.quantity,
    reason: l.reason,
    note: l.note ?? null,
    settled: 0,
  }));
  await insertReturn(tx, ret, lines);
  const event: NewEvent = {
    type: 'return.requested',
    aggregateType: 'return',
    aggregateId: ret.id,
    data: {
      order_id: order.id,
      to: 'requested',
      reason: ret.overrideNote ? `policy overridden: ${ret.overrideNote}` : (ret.customerNote ?? ''),
      who: actor.actorId,
      outcome,
      eligible: evaluation.eligible,
      refusals: evaluation.refusals,
      override_note: ret.overrideNote,
      lines: lines.map((l) => ({ return_line_id: l.id, order_line_id: l.orderLineId, sku: l.sku, quantity: l.quantity, reason: l.reason })),
    },
  };
  return { ret, lines, event };
}
