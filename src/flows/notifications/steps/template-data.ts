import type { Db } from '../../../platform/db/database.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import { productNamesOf } from '../../../modules/catalog/index.js';
import { linesOfFulfillmentOrders } from '../../../modules/fulfillment/index.js';
import { portalLinkFor } from '../../portal/steps/portal-links.js';
import { lineMoney, linesOfOrders, orderName, type OrderLineRow, type OrderRow } from '../../../modules/orders/index.js';
import { findCarrier, findShipment, trackingUrl } from '../../../modules/shipping/index.js';
import { tenantName } from '../../../modules/tenancy/index.js';

/**
 * The data every template reads (README "Template data"; the same shape as the sample data in
 * modules/notifications/domain/sample-data.ts): the shop, the customer, the order with its lines
 * and money formatted in its currency. Per-template parts are in template-parts.ts.
 */

export type Money = (minor: number) => string;

export function moneyOf(order: OrderRow): Money {
  const exponent = currencyExponent(order.currency) ?? 2;
  return (minor: number) => `${formatMoney(minor, exponent)} ${order.currency}`;
}

export interface OrderContext {
  order: OrderRow;
  lines: OrderLineRow[];
  names: Map<string, string>;
  money: Money;
}

export async function orderContext(tx: Db, order: OrderRow): Promise<OrderContext> {
  const lines = await linesOfOrders(tx, order.tenantId, [order.id]);
  const names = await productNamesOf(tx, order.tenantId, lines.map((l) => l.sku));
  return { order, lines, names, money: moneyOf(order) };
}

/** `now`: when the event happened; the portal's magic link (ADR 0036) is good for a week from then. */
export async function baseData(tx: Db, c: OrderContext, now: Date): Promise<Record<string, unknown>> {
  const { order, money } = c;
  // The lines the customer ordered: a kit as itself, not its components.
  const lines = c.lines.filter((l) => !l.parentLineId);
  const address = order.shippingAddress as Record<string, unknown> | null;
  return {
    shop: { name: (await tenantName(tx, order.tenantId)) ?? '' },
    customer: customerOf(order),
    order: {
      id: order.id,
      number: order.number,
      name: orderName(order),
      portal_url: await portalLinkFor(tx, order.tenantId, order.id, now),
      placed_at: (order.placedAt ?? order.createdAt).toISOString(),
      currency: order.currency,
      total: money(order.totalMinor),
      lines: lines.map((l) => ({ sku: l.sku, title: c.names.get(l.sku) ?? l.sku, quantity: l.quantity - l.cancelled, total: money(lineMoney(l, order.taxesIncluded).live.paid) })),
      shipping_address: address
        ? {
            name: address['name'] ?? null,
            line1: address['line1'] ?? '',
            line2: address['line2'] ?? null,
            city: address['city'] ?? '',
            region: address['region'] ?? null,
            postal_code: address['postal_code'] ?? '',
            country: address['country'] ?? '',
          }
        : null,
    },
  };
}

/** The customer as a message greets them: the name they gave (the order's customer, else its shipping address). */
function customerOf(order: OrderRow) {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  const name = text(order.customer?.['name']) ?? text(order.shippingAddress?.['name']);
  return { name, first_name: name?.split(/\s+/)[0] ?? null, email: order.customerEmail };
}

/** A shipment as every shipping message reads it: carrier, tracking, the items in it, the promise, the latest scan. */
export async function shipmentData(tx: Db, event: RelayedEvent, c: OrderContext) {
  const d = event.data as { tracking_numbers?: string[]; tracking_url?: string | null; occurred_at?: string; location?: unknown; description?: unknown; days_late?: unknown; new_estimated_delivery_date?: unknown };
  const shipment = await findShipment(tx, event.tenantId, event.aggregateId);
  const carrierCode = shipment?.carrier ?? '';
  const carrier = carrierCode ? await findCarrier(tx, event.tenantId, carrierCode) : undefined;
  const numbers = d.tracking_numbers ?? (shipment ? shipment.packages.map((p) => p.trackingNumber) : []);
  const foLines = shipment ? await linesOfFulfillmentOrders(tx, event.tenantId, [shipment.fulfillmentOrderId]) : [];
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  return {
    carrier: carrierCode,
    carrier_name: carrier?.name ?? carrierCode.toUpperCase(),
    service: shipment?.service ?? '',
    tracking_numbers: numbers,
    tracking_url: d.tracking_url ?? (shipment && numbers[0] ? trackingUrl(shipment.carrier, shipment.service, numbers[0]) : null),
    promised_delivery_date: shipment?.promisedDeliveryDate ?? null,
    items: foLines.filter((l) => l.quantity > 0).map((l) => ({ sku: l.sku, title: c.names.get(l.sku) ?? l.sku, quantity: l.quantity })),
    delivered_at: event.type === 'shipment.delivered' && d.occurred_at ? d.occurred_at.slice(0, 16).replace('T', ' ') : null,
    location: text(d.location),
    description: text(d.description),
    days_late: typeof d.days_late === 'number' ? d.days_late : 0,
    /** shipment.late: the carrier's later estimate, when it gave one. */
    new_estimated_delivery_date: typeof d.new_estimated_delivery_date === 'string' ? d.new_estimated_delivery_date : null,
  };
}
