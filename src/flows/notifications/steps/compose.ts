import type { Db } from '../../../platform/db/database.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import { VERIFICATION_REQUESTED } from '../../../platform/outbox/event-types.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import { productNamesOf } from '../../../modules/catalog/index.js';
import { findOrder, lineMoney, linesOfOrders, type OrderRow } from '../../../modules/orders/index.js';
import { verificationUrl } from '../../../modules/reviews/index.js';
import { findCarrier } from '../../../modules/shipping/index.js';
import { tenantName } from '../../../modules/tenancy/index.js';
import type { TemplateName } from '../../../modules/notifications/index.js';

/** A message an event asks for: which template, to whom, about which order, with what data. */
export interface Composed {
  template: TemplateName;
  /** E-mail to the order's address; SMS (to its E.164 phone) only when it has no e-mail, as Shopify does for a customer who checked out with a phone number. */
  channel: 'email' | 'sms';
  recipient: string;
  orderId: string;
  data: Record<string, unknown>;
}

/** The events that send a customer a message, and the template each sends. */
export const TEMPLATE_OF_EVENT: Readonly<Record<string, TemplateName>> = {
  'order.created': 'order_confirmation',
  'shipment.created': 'shipping_confirmation',
  'order.cancelled': 'order_cancelled',
  [VERIFICATION_REQUESTED]: 'verification_request',
};

/**
 * What one event sends (nothing when it sends nothing: an event type without a template, an order
 * without a customer e-mail, a POS sale handed over at the till). The data is the README's
 * "Template data": what the customer may read of the order, money formatted in its currency.
 */
export async function compose(tx: Db, event: RelayedEvent): Promise<Composed[]> {
  const template = TEMPLATE_OF_EVENT[event.type];
  if (!template) return [];
  const orderId = event.aggregateType === 'order' ? event.aggregateId : (event.data as { order_id?: unknown }).order_id;
  if (typeof orderId !== 'string') return [];
  const order = await findOrder(tx, event.tenantId, orderId);
  if (!order) return [];
  const email = order.customerEmail?.trim();
  const phone = email ? null : smsNumber(order.customer?.['phone']) ?? smsNumber(order.shippingAddress?.['phone']);
  const channel = email ? 'email' : 'sms';
  const recipient = email ?? phone;
  if (!recipient || (channel === 'email' && !isDeliverable(recipient))) return [];
  // A sale at the till: the customer has the goods and the receipt in hand.
  if (template === 'order_confirmation' && (event.data as { pos?: unknown }).pos === true) return [];
  const data: Record<string, unknown> = { shop: { name: (await tenantName(tx, event.tenantId)) ?? '' }, customer: customerOf(order), order: await orderData(tx, order) };
  if (template === 'shipping_confirmation') data['shipment'] = await shipmentData(tx, event);
  if (template === 'verification_request') {
    const v = event.data as { verification_id?: unknown; expires_at?: unknown };
    if (typeof v.verification_id !== 'string' || typeof v.expires_at !== 'string') return [];
    data['verification'] = { url: verificationUrl(v.verification_id, new Date(v.expires_at)), expires_at: v.expires_at.slice(0, 16).replace('T', ' ') };
  }
  return [{ template, channel, recipient, orderId: order.id, data }];
}

/** An address a message can go to: one @, no spaces or control characters (nothing to inject into a header). */
export function isDeliverable(address: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[^\s@<>,;"\u0000-\u001f]+@[^\s@<>,;"\u0000-\u001f]+\.[^\s@<>,;"\u0000-\u001f]+$/.test(address) && address.length <= 254;
}

/** A phone number a text can go to, in E.164 (`+1 217-555-0100` → `+12175550100`); null for anything else. */
export function smsNumber(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const digits = value.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(digits) ? digits : null;
}

/** The customer as a message greets them: the name they gave (the order's customer, else its shipping address). */
function customerOf(order: OrderRow) {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  const name = text(order.customer?.['name']) ?? text(order.shippingAddress?.['name']);
  return { name, first_name: name?.split(/\s+/)[0] ?? null, email: order.customerEmail };
}

async function orderData(tx: Db, order: OrderRow) {
  const exponent = currencyExponent(order.currency) ?? 2;
  const money = (minor: number) => `${formatMoney(minor, exponent)} ${order.currency}`;
  // The lines the customer ordered: a kit as itself, not its components.
  const lines = (await linesOfOrders(tx, order.tenantId, [order.id])).filter((l) => !l.parentLineId);
  const names = await productNamesOf(tx, order.tenantId, lines.map((l) => l.sku));
  const address = order.shippingAddress as Record<string, unknown> | null;
  return {
    id: order.id,
    number: order.number,
    name: order.channelOrderName ?? `#${order.number}`,
    placed_at: (order.placedAt ?? order.createdAt).toISOString(),
    currency: order.currency,
    total: money(order.totalMinor),
    lines: lines.map((l) => ({ sku: l.sku, title: names.get(l.sku) ?? l.sku, quantity: l.quantity - l.cancelled, total: money(lineMoney(l, order.taxesIncluded).live.paid) })),
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
  };
}

async function shipmentData(tx: Db, event: RelayedEvent) {
  const d = event.data as { carrier?: string; service?: string; tracking_numbers?: string[]; tracking_url?: string | null; promised_delivery_date?: string | null };
  const carrier = d.carrier ? await findCarrier(tx, event.tenantId, d.carrier) : undefined;
  return {
    carrier: d.carrier ?? '',
    carrier_name: carrier?.name ?? (d.carrier ?? '').toUpperCase(),
    service: d.service ?? '',
    tracking_numbers: d.tracking_numbers ?? [],
    tracking_url: d.tracking_url ?? null,
    promised_delivery_date: d.promised_delivery_date ?? null,
  };
}
