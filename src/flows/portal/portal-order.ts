import type { Db } from '../../platform/db/database.js';
import { currencyExponent, formatMoney } from '../../platform/kernel/money.js';
import { lastEventTimes, listEventsOf } from '../../platform/outbox/events.js';
import { productNamesOf } from '../../modules/catalog/index.js';
import { listFulfillmentOrders } from '../../modules/fulfillment/index.js';
import { findOrder, isCancellable, orderName, isEditable, lineMoney, linesOfOrders, ordersByReference, paidForUnits, type OrderLineRow, type OrderRow } from '../../modules/orders/index.js';
import { evaluateReturn, listReturns, returnSettingsOf, returnShippingOfReturns, unitsUnderReturn, type PolicyNote, type PolicyRefusal, type ReturnOutcome } from '../../modules/returns/index.js';
import { eventsOfShipments, listShipments, shipmentView } from '../../modules/shipping/index.js';
import { returnViews } from '../returns/steps/return-view.js';

/**
 * What the customer portal shows of one order (ADR 0036): a read model over the orders, shipping,
 * fulfillment and returns modules, in plain data the page renders. Money is decimal strings in the
 * order currency (formatMoney of the stored minor units); the page formats them for the locale.
 */

/** Order events the timeline tells, by type; others (screening, notes, holds) stay with staff. */
const TOLD = new Set(['order.created', 'order.allocated', 'order.partially_allocated', 'order.backordered', 'order.in_fulfillment', 'order.partially_shipped', 'order.shipped', 'order.delivered', 'order.partially_returned', 'order.returned', 'order.cancelled', 'order.lines_cancelled', 'order.edited']);

export interface TimelineEntry {
  at: string;
  /** The event type (`order.address_changed`: an edit of the address alone): the page's catalogue has a sentence for each. */
  type: string;
}

export interface PortalShipment {
  carrier: string;
  service_name: string;
  tracking_number: string;
  tracking_url: string | null;
  status: string;
  promised_delivery_date: string | null;
  estimated_delivery_date: string | null;
  delivered_at: string | null;
  latest_scan: { at: string; status: string; location: string | null; description: string | null } | null;
}

export interface PortalReturn {
  id: string;
  status: string;
  outcome: string;
  created_at: string;
  lines: { sku: string; name: string; quantity: number }[];
  refund: { amount: string; at: string } | null;
  label_formats: string[];
  tracking_number: string | null;
}

export interface PortalOrder {
  id: string;
  number: string;
  status: string;
  placed_at: string;
  currency: string;
  ship_to: Record<string, string>;
  /** `quantity` as ordered; `cancelled` of them; `total` what the live (not cancelled) units cost. */
  lines: { id: string; sku: string; name: string; quantity: number; cancelled: number; shipped: number; returnable: number; unit_price: string; total: string }[];
  totals: { subtotal: string; discount: string; shipping: string; tax: string; total: string; cancelled: string; taxes_included: boolean };
  timeline: TimelineEntry[];
  shipments: PortalShipment[];
  returns: PortalReturn[];
  can_cancel: boolean;
  /** Why the address cannot change, or null when it can. */
  address_locked: 'label_bought' | 'not_editable' | null;
  /** `refused` and `noted` are the policy's refusals and notes as data, for pages in other languages than the sentences' English. */
  return_policy: { outcomes: ReturnOutcome[]; refusals: string[]; refused: PolicyRefusal[]; notes: string[]; noted: PolicyNote[]; window_ends: string | null; reasons: { code: string; label: string; requires_note: boolean }[] };
}

const normal = (s: string) => s.trim().toLowerCase().replace(/\s+/g, '');

/**
 * The order a customer means by its number and their e-mail or postal code; undefined when there
 * is none or the second part does not match, alike (the caller answers both the same way).
 */
export async function findCustomerOrder(db: Db, tenantId: string, reference: string, proof: string): Promise<OrderRow | undefined> {
  const typed = normal(proof);
  if (typed === '' || reference.trim() === '' || /^ord_/i.test(reference.trim())) return undefined;
  const candidates = await ordersByReference(db, tenantId, reference, 5);
  return candidates.find((o) => {
    const postal = (o.shippingAddress as { postal_code?: unknown } | null)?.postal_code;
    return (o.customerEmail !== null && normal(o.customerEmail) === typed) || (typeof postal === 'string' && normal(postal) === typed);
  });
}

export async function portalOrder(db: Db, tenantId: string, orderId: string, now: Date): Promise<PortalOrder | undefined> {
  const order = await findOrder(db, tenantId, orderId);
  if (!order) return undefined;
  const exp = currencyExponent(order.currency) ?? 2;
  const money = (minor: number) => formatMoney(minor, exp);
  const page = { size: 100 };
  const [allLines, events, shipments, fulfillmentOrders, returnRows, settings, under] = await Promise.all([
    linesOfOrders(db, tenantId, [orderId]),
    listEventsOf(db, tenantId, orderId, 500),
    listShipments(db, tenantId, { orderId }, page),
    listFulfillmentOrders(db, tenantId, { orderId }, page),
    listReturns(db, tenantId, { orderId }, page),
    returnSettingsOf(db, tenantId),
    unitsUnderReturn(db, tenantId, orderId),
  ]);
  const lines = allLines.filter((l) => l.parentLineId === null);
  // A return's lines are the order's lines: their SKUs are among these.
  const [names, scans] = await Promise.all([productNamesOf(db, tenantId, lines.map((l) => l.sku)), eventsOfShipments(db, tenantId, shipments.map((s) => s.id))]);
  const returnable = (l: OrderLineRow) => Math.max(0, l.shipped - (under.get(l.id) ?? 0));
  const live = shipments.filter((s) => s.status !== 'voided');

  const shipmentsView: PortalShipment[] = live.map((s) => {
    const v = shipmentView(s);
    const last = scans.filter((e) => e.shipmentId === s.id).at(-1);
    return {
      carrier: v.carrier,
      service_name: v.service_name,
      tracking_number: v.tracking_number,
      tracking_url: v.tracking_url,
      status: v.status,
      promised_delivery_date: v.promised_delivery_date,
      estimated_delivery_date: v.estimated_delivery_date,
      delivered_at: v.delivered_at,
      latest_scan: last ? { at: last.occurredAt.toISOString(), status: last.status, location: last.location, description: last.description } : null,
    };
  });

  const views = await returnViews(db, tenantId, returnRows);
  const shipping = await returnShippingOfReturns(db, tenantId, returnRows.map((r) => r.id));
  const returnsView: PortalReturn[] = views.map((r) => {
    const arranged = shipping.find((x) => x.returnId === r.id);
    const formats = arranged ? [...(arranged.labelPdf ? ['pdf'] : []), ...(arranged.qrPng ? ['png'] : []), ...(arranged.qrSource === 'rma' ? ['svg'] : [])] : [];
    return {
      id: r.id,
      status: r.status,
      outcome: r.outcome,
      created_at: r.created_at,
      lines: r.lines.map((l) => ({ sku: l.sku, name: names.get(l.sku) ?? l.sku, quantity: l.quantity })),
      refund: r.refund ? { amount: r.refund.amount, at: r.refund.created_at } : null,
      label_formats: formats,
      tracking_number: arranged?.trackingNumber ?? r.tracking_number,
    };
  });

  // Cancel before release: no fulfillment order has gone to its location yet (ADR 0036).
  const released = fulfillmentOrders.some((fo) => !['pending', 'on_hold', 'cancelled'].includes(fo.status));
  const labelBought = live.some((s) => s.status === 'label_created');

  const [delivered, shipped] = await Promise.all([lastEventTimes(db, tenantId, [orderId], ['order.delivered']), lastEventTimes(db, tenantId, [orderId], ['order.shipped', 'order.partially_shipped'])]);
  const candidates = lines.filter((l) => returnable(l) > 0);
  const evaluate = (outcome: ReturnOutcome) =>
    evaluateReturn({
      policy: settings.policy,
      reasons: settings.reasons,
      deliveredAt: delivered.get(orderId) ?? null,
      shippedAt: shipped.get(orderId) ?? null,
      lines: candidates.map((l) => ({ sku: l.sku, quantity: returnable(l), reason: 'changed_mind', paidMinor: paidForUnits(l, returnable(l), order.taxesIncluded).paid })),
      outcome,
      now,
      country: (order.shippingAddress as { country?: string } | null)?.country ?? null,
    });
  const firstOutcome = settings.policy.allowed_outcomes[0] ?? 'refund';
  const evaluation = evaluate(firstOutcome);

  const address = (order.shippingAddress ?? {}) as Record<string, unknown>;
  return {
    id: order.id,
    number: orderName(order),
    status: order.status,
    placed_at: (order.placedAt ?? order.createdAt).toISOString(),
    currency: order.currency,
    ship_to: Object.fromEntries(Object.entries(address).filter((e): e is [string, string] => typeof e[1] === 'string')),
    lines: lines.map((l) => {
      const m = lineMoney(l, order.taxesIncluded);
      return { id: l.id, sku: l.sku, name: names.get(l.sku) ?? l.sku, quantity: l.quantity, cancelled: l.cancelled, shipped: l.shipped, returnable: returnable(l), unit_price: money(l.unitPriceMinor), total: money(m.whole.paid - m.cancelled.paid) };
    }),
    totals: { subtotal: money(order.subtotalMinor), discount: money(order.discountTotalMinor), shipping: money(order.shippingTotalMinor), tax: money(order.taxTotalMinor), total: money(order.totalMinor), cancelled: money(order.cancelledTotalMinor), taxes_included: order.taxesIncluded },
    timeline: timelineOf(events),
    shipments: shipmentsView,
    returns: returnsView,
    can_cancel: isCancellable(order.status) && !released && lines.every((l) => l.shipped === 0),
    address_locked: !isEditable(order.status) || ['shipped', 'delivered', 'partially_returned', 'returned'].includes(order.status) ? 'not_editable' : labelBought ? 'label_bought' : null,
    return_policy: {
      outcomes: settings.policy.allowed_outcomes,
      refusals: candidates.length === 0 ? [] : evaluation.refusals,
      refused: candidates.length === 0 ? [] : evaluation.refused,
      notes: candidates.length === 0 ? [] : evaluation.notes,
      noted: candidates.length === 0 ? [] : evaluation.noted,
      window_ends: evaluation.window_ends,
      reasons: settings.reasons.map((r) => ({ code: r.code, label: r.label, requires_note: r.requires_note })),
    },
  };
}


/** The events the customer is told of; a whole cancellation is one entry ("order cancelled"), not also "items cancelled". */
function timelineOf(events: { type: string; at: Date; data: unknown }[]): TimelineEntry[] {
  const told = events.filter((e) => TOLD.has(e.type));
  const cancelledAt = new Set(told.filter((e) => e.type === 'order.cancelled').map((e) => e.at.getTime()));
  // An edit that only moved the address says so: "shipping address changed" rather than "order changed".
  const addressOnly = (data: unknown) => {
    const changes = (data as { changes?: { type?: string }[] } | null)?.changes ?? [];
    return changes.length > 0 && changes.every((c) => c.type === 'change_shipping_address');
  };
  return told
    .filter((e) => !(e.type === 'order.lines_cancelled' && cancelledAt.has(e.at.getTime())))
    .map((e) => ({ at: e.at.toISOString(), type: e.type === 'order.edited' && addressOnly(e.data) ? 'order.address_changed' : e.type }));
}
