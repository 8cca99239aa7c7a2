import type { Db } from '../../../platform/db/database.js';
import type { OrderEdited } from '../../../platform/outbox/event-types.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import { orderName } from '../../../modules/orders/index.js';
import { exchangeOfReplacement, findReturn, linesOfReturns, returnShippingOf } from '../../../modules/returns/index.js';
import { findCarrier } from '../../../modules/shipping/index.js';
import { expectedDatesOf } from '../../orders/steps/order-view.js';
import type { OrderContext } from './template-data.js';

/** The per-template parts of a message's data (README "Template data"), read from the event and what it names. */

/** Edits a customer sees: not the order's internal notes or tags. */
const CUSTOMER_EDITS = new Set(['change_shipping_address', 'change_shipping_method', 'add_line', 'remove_line', 'change_quantity', 'change_variant', 'add_discount']);

export function editData(event: RelayedEvent, c: OrderContext) {
  const d = event.data as Partial<OrderEdited>;
  const changes = (d.changes ?? []).filter((ch) => CUSTOMER_EDITS.has(ch.type));
  if (changes.length === 0) return undefined;
  const m = d.money;
  return {
    reason: d.reason ?? '',
    changes: changes.map((ch) => ({ type: ch.type, sku: ch.sku ?? null, title: ch.sku ? (c.names.get(ch.sku) ?? ch.sku) : '', before: shortValue(ch.before), after: shortValue(ch.after) })),
    total_before: c.money(m?.total_before ?? c.order.totalMinor),
    total_after: c.money(m?.total_after ?? c.order.totalMinor),
    // Only what this edit changed: a balance the ledger carried before (an order paid on its channel, not recorded here) is not this message's news.
    amount_due: m && m.delta > 0 && m.amount_due > 0 ? c.money(Math.min(m.amount_due, m.delta)) : null,
    refund_owed: m && m.delta < 0 && m.refund_owed > 0 ? c.money(Math.min(m.refund_owed, -m.delta)) : null,
  };
}

/** A change's before or after in a few words: a quantity, an address on one line, a name. */
function shortValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  if (typeof v !== 'object') return '';
  const o = v as Record<string, unknown>;
  if (typeof o['line1'] === 'string') return [o['line1'], [o['postal_code'], o['city']].filter(Boolean).join(' '), o['country']].filter(Boolean).join(', ');
  for (const key of ['quantity', 'name', 'title', 'service', 'sku']) if (typeof o[key] === 'number' || typeof o[key] === 'string') return String(o[key]);
  return '';
}

export function cancellationData(event: RelayedEvent, c: OrderContext) {
  // `units`: this cancellation's; `cancelled`: the line's all told (events appended before `units` existed carry only that).
  const d = event.data as { reason?: string; amount?: number; lines?: { line_id: string; cancelled: number; units?: number }[] };
  const whole = event.type === 'order.cancelled';
  const byId = new Map(c.lines.map((l) => [l.id, l]));
  const lines = whole
    ? c.lines.filter((l) => !l.parentLineId).map((l) => ({ sku: l.sku, title: c.names.get(l.sku) ?? l.sku, quantity: l.quantity }))
    : (d.lines ?? []).flatMap((l) => {
        const line = byId.get(l.line_id);
        return line && !line.parentLineId ? [{ sku: line.sku, title: c.names.get(line.sku) ?? line.sku, quantity: l.units ?? l.cancelled }] : [];
      });
  return { partial: !whole, lines, amount: c.money(whole ? c.order.cancelledTotalMinor : (d.amount ?? 0)), reason: d.reason ?? '' };
}

export async function backorderData(tx: Db, event: RelayedEvent, c: OrderContext) {
  const waiting = c.lines.filter((l) => l.backordered > 0 && !l.parentLineId);
  if (waiting.length === 0) return undefined;
  const dates = await expectedDatesOf(tx, event.tenantId, waiting);
  const lines = waiting.map((l) => ({ sku: l.sku, title: c.names.get(l.sku) ?? l.sku, quantity: l.backordered, expected_date: dates.get(l.id) ?? null }));
  // Everything by the latest date, known only when every line has one.
  const known = lines.map((l) => l.expected_date);
  const expected = known.every((x): x is string => typeof x === 'string') ? known.sort().at(-1) ?? null : null;
  return { lines, expected_date: expected };
}

export async function returnData(tx: Db, event: RelayedEvent, c: OrderContext) {
  const ret = await findReturn(tx, event.tenantId, event.aggregateId);
  if (!ret) return undefined;
  const lines = await linesOfReturns(tx, event.tenantId, [ret.id]);
  const shipping = await returnShippingOf(tx, event.tenantId, ret.id);
  const carrier = shipping?.carrier ? await findCarrier(tx, event.tenantId, shipping.carrier) : undefined;
  return {
    id: ret.id,
    lines: lines.map((l) => ({ sku: l.sku, title: c.names.get(l.sku) ?? l.sku, quantity: l.quantity, reason: l.reason })),
    // The label's file is served to staff only until the customer portal signs links to it (issue 16 §2): url stays null.
    label: shipping && shipping.method === 'label' && shipping.trackingNumber ? { carrier_name: carrier?.name ?? shipping.carrier?.toUpperCase() ?? '', tracking_number: shipping.trackingNumber, url: null } : null,
  };
}

export async function refundData(event: RelayedEvent, c: OrderContext) {
  const d = event.data as { amount_minor?: number; reason?: string };
  return { amount: c.money(d.amount_minor ?? 0), reason: d.reason ?? '' };
}

/** The exchange whose replacement this order is, if it is one. */
export async function exchangeData(tx: Db, event: RelayedEvent, c: OrderContext) {
  const exchange = await exchangeOfReplacement(tx, event.tenantId, c.order.id);
  return exchange ? { return_id: exchange.returnId, replacement_order_name: orderName(c.order) } : undefined;
}
