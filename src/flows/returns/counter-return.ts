import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { idempotently, type Idempotency } from '../../platform/idempotency/idempotency.js';
import { appendEvents, type Actor, type NewEvent } from '../../platform/outbox/events.js';
import { findChannel } from '../../modules/channels/index.js';
import { resolveLocations } from '../../modules/inventory/index.js';
import { linesOfOrders, lockOrder, ordersByReference, type OrderLineRow } from '../../modules/orders/index.js';
import type { TransactionSource } from '../../modules/payments/index.js';
import { transitionReturn, type CounterReturnBody, type ReturnBody } from '../../modules/returns/index.js';
import { bookReceipt } from './steps/book-receipt.js';
import { closeWithRefund, closeWithStoreCredit } from './steps/close-return.js';
import { createReturn } from './steps/create-return.js';
import { returnViews, type ReturnViewJson } from './steps/return-view.js';

/**
 * POST /v1/channels/{id}/pos-returns: units of an online order (or any order of the tenant) handed
 * back at a store's counter (ADR 0028). ONE transaction, the steps of the remote return in a row:
 * claim the Idempotency-Key, find the order by id, number or channel order name and lock it (the
 * order → return order of every returns flow: two tills returning the last unit queue, the second
 * is 422 RETURN_EXCEEDS_SHIPPED), create the return (the same lines check and policy evaluation,
 * staff override with a note), approve it at the store, book the receipt there with each unit's
 * disposition (restock: the store's on hand; quarantine: its non-sellable stock), and, when `close`
 * is given, close it with a refund to the original payment or store credit. Nothing is written
 * unless all of it is.
 */
export async function returnAtCounter(db: Db, actor: Actor, channelId: string, body: CounterReturnBody, source: TransactionSource, now: Date, idempotency?: Idempotency): Promise<{ statusCode: 201; body: ReturnViewJson }> {
  const channel = await findChannel(db, actor.tenantId, channelId);
  if (!channel) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${channelId}.`);
  if (channel.type !== 'pos') throw new DomainError('CHANNEL_TYPE_MISMATCH', `Channel ${channel.id} is a ${channel.type} channel; returns at a counter go through a pos channel.`);
  if (!channel.active) throw new DomainError('CHANNEL_INACTIVE', `Channel ${channel.id} is deactivated.`);
  const [location] = await resolveLocations(db, actor.tenantId, [body.location], () => 'location');
  if (!location) throw new Error('resolveLocations answered no location');
  if (channel.locationIds.length > 0 && !channel.locationIds.includes(location.id)) {
    throw new DomainError('CHANNEL_LOCATION_NOT_LINKED', `Location ${location.code} is not a store of channel ${channel.id}.`, [{ field: 'location', message: 'must be one of the channel’s locations' }]);
  }
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 201 as const, async (completion) => {
      const found = await ordersByReference(tx, actor.tenantId, body.order);
      if (found.length === 0) throw new DomainError('ORDER_NOT_FOUND', `No order ${body.order}.`, [{ field: 'order', message: `no order with id, number or channel order name "${body.order}"` }]);
      if (found.length > 1) {
        const names = found.map((o) => `${o.id} (number ${o.number}${o.channelOrderName ? `, ${o.channelOrderName}` : ''})`).join(', ');
        throw new DomainError('RETURN_ORDER_AMBIGUOUS', `"${body.order}" names ${found.length} orders.`, [{ field: 'order', message: `matches ${names}: send the order’s id` }]);
      }
      const order = await lockOrder(tx, actor.tenantId, (found[0] as { id: string }).id);
      if (!order) throw new DomainError('ORDER_NOT_FOUND', `No order ${body.order}.`, [{ field: 'order', message: 'no such order' }]);
      const returned = returnLinesOf(body, await linesOfOrders(tx, actor.tenantId, [order.id]));
      const outcome = body.close?.outcome ?? 'refund';
      const request: ReturnBody = { lines: returned.lines, outcome, ...(body.customer_note ? { customer_note: body.customer_note } : {}), ...(body.override_note ? { override_note: body.override_note } : {}) };
      const { ret, lines, event: requested } = await createReturn(tx, actor, order, request, now);
      const events: NewEvent[] = [requested];
      events.push(await transitionReturn(tx, actor, ret, 'approved', `handed back at the counter of ${location.code}`, now, { location_id: location.id, channel_id: channel.id, in_store: true }, { locationId: location.id }));
      const lineOf = new Map(lines.map((l) => [l.orderLineId, l.id]));
      const receipt = body.lines.map((l, i) => ({ return_line_id: lineOf.get(returned.orderLineIds[i] as string) as string, quantity: l.quantity, disposition: l.disposition, ...(l.condition_note ? { condition_note: l.condition_note } : {}) }));
      events.push(...(await bookReceipt(tx, actor, order, ret, { lines: receipt }, now)));
      const close = body.close;
      if (close?.outcome === 'refund') events.push(...(await closeWithRefund(tx, actor, order, ret, { gateway: close.gateway, reason: close.reason, override_note: body.override_note }, source, now)));
      if (close?.outcome === 'store_credit') events.push(...(await closeWithStoreCredit(tx, actor, order, ret, { reason: close.reason, override_note: body.override_note }, source, now)));
      const [view] = await returnViews(tx, actor.tenantId, [ret]);
      await appendEvents(tx, actor, now, events, completion.inEvents(view));
      return view as ReturnViewJson;
    }),
  );
}

/**
 * The counter's lines as the return's: each names its order line by id or by the SKU scanned (the
 * order's one line of it; a kit's component is refused by the return's own check); lines of the
 * same order line (units with different dispositions) become one return line, which needs one
 * reason. Answers the order line of each counter line, in order, for the receipt.
 */
function returnLinesOf(body: CounterReturnBody, orderLines: OrderLineRow[]): { lines: ReturnBody['lines']; orderLineIds: string[] } {
  const errors: FieldError[] = [];
  const orderLineIds: string[] = [];
  const merged = new Map<string, ReturnBody['lines'][number]>();
  body.lines.forEach((l, i) => {
    if ((l.order_line_id === undefined) === (l.sku === undefined)) return void errors.push({ field: `lines[${i}]`, message: 'name the unit by `order_line_id` or by `sku`, one of them' });
    const candidates = l.order_line_id !== undefined ? orderLines.filter((x) => x.id === l.order_line_id) : orderLines.filter((x) => x.sku === l.sku && x.parentLineId === null);
    const field = l.order_line_id !== undefined ? `lines[${i}].order_line_id` : `lines[${i}].sku`;
    if (candidates.length === 0) return void errors.push({ field, message: l.order_line_id !== undefined ? 'is not a line of this order' : `the order has no line of ${l.sku}` });
    if (candidates.length > 1) return void errors.push({ field, message: `the order has ${candidates.length} lines of ${l.sku}: send \`order_line_id\`` });
    const id = (candidates[0] as OrderLineRow).id;
    orderLineIds.push(id);
    const seen = merged.get(id);
    if (!seen) return void merged.set(id, { order_line_id: id, quantity: l.quantity, reason: l.reason, ...(l.note ? { note: l.note } : {}) });
    if (seen.reason !== l.reason) return void errors.push({ field: `lines[${i}].reason`, message: `must be ${seen.reason}, as for the other units of this order line` });
    seen.quantity += l.quantity;
  });
  if (errors.length > 0) throw new DomainError('RETURN_LINE_INVALID', 'Some counter lines are not acceptable.', errors);
  return { lines: [...merged.values()], orderLineIds };
}
