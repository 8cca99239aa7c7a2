import type { Db } from '../../../platform/db/database.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import { findOrder } from '../../../modules/orders/index.js';
import { verificationUrl } from '../../../modules/reviews/index.js';
import { surveyExpiry, surveyUrl } from '../../../modules/surveys/index.js';
import { TEMPLATE_CATALOG, TEMPLATE_NAMES, type TemplateName } from '../../../modules/notifications/index.js';
import { baseData, orderContext, shipmentData, type OrderContext } from './template-data.js';
import { backorderData, cancellationData, editData, exchangeData, refundData, returnData } from './template-parts.js';

/** A message an event asks for: which template, to whom, about which order, with what data; `skip` says why it is kept but not sent. */
export interface Composed {
  template: TemplateName;
  /** E-mail to the order's address; SMS (to its E.164 phone) only when it has no e-mail, as Shopify does for a customer who checked out with a phone number. */
  channel: 'email' | 'sms';
  recipient: string;
  orderId: string;
  customerId: string | null;
  data: Record<string, unknown>;
  skip?: string;
}

/** Every event type some template is sent for (the subscriber's types). */
export const NOTIFYING_EVENTS: readonly string[] = [...new Set(TEMPLATE_NAMES.flatMap((n) => [...TEMPLATE_CATALOG[n].events]))];

/**
 * What one event sends (nothing when it sends nothing: an order without a customer e-mail, a POS
 * sale handed over at the till, an edit of internal notes only, a partial cancel that became a
 * whole one). A staff action taken with `no_notification: true` is composed and marked skipped.
 */
export async function compose(tx: Db, event: RelayedEvent): Promise<Composed[]> {
  const d = event.data as { order_id?: unknown; pos?: unknown; no_notification?: unknown };
  const orderId = event.aggregateType === 'order' ? event.aggregateId : d.order_id;
  if (typeof orderId !== 'string') return [];
  const order = await findOrder(tx, event.tenantId, orderId);
  if (!order) return [];
  const email = order.customerEmail?.trim();
  const phone = email ? null : (smsNumber(order.customer?.['phone']) ?? smsNumber(order.shippingAddress?.['phone']));
  const channel = email ? 'email' : 'sms';
  const recipient = email ?? phone;
  if (!recipient || (channel === 'email' && !isDeliverable(recipient))) return [];
  const c = await orderContext(tx, order);
  const chosen = await templateAndParts(tx, event, c);
  if (!chosen) return [];
  const data = { ...(await baseData(tx, c, event.at)), ...chosen.parts };
  const skip = d.no_notification === true ? 'not sent: the staff action asked for no_notification' : undefined;
  return [{ template: chosen.template, channel, recipient, orderId: order.id, customerId: order.customerId ?? null, data, ...(skip ? { skip } : {}) }];
}

async function templateAndParts(tx: Db, event: RelayedEvent, c: OrderContext): Promise<{ template: TemplateName; parts: Record<string, unknown> } | undefined> {
  const d = event.data as Record<string, unknown>;
  const one = (template: TemplateName, parts: Record<string, unknown> = {}) => ({ template, parts });
  switch (event.type) {
    case 'order.created':
      // A sale at the till: the customer has the goods and the receipt in hand.
      return d['pos'] === true ? undefined : one('order_confirmation');
    case 'order.edited': {
      const edit = editData(event, c);
      return edit ? one('order_edited', { edit }) : undefined;
    }
    case 'order.cancelled':
      return one('order_cancelled', { cancellation: cancellationData(event, c) });
    case 'order.lines_cancelled':
      // A cancel of every unit also appends order.cancelled: that one message says it.
      return c.order.status === 'cancelled' ? undefined : one('order_cancelled', { cancellation: cancellationData(event, c) });
    case 'order.backordered':
    case 'order.partially_allocated': {
      // Only the move that backordered units (capture's allocation, a reroute): its data lists them.
      if (!Array.isArray(d['backorders']) || d['backorders'].length === 0) return undefined;
      const backorder = await backorderData(tx, event, c);
      return backorder ? one('backorder_notice', { backorder }) : undefined;
    }
    case 'shipment.created': {
      const shipment = await shipmentData(tx, event, c);
      const exchange = await exchangeData(tx, event, c);
      return exchange ? one('exchange_shipped', { shipment, exchange }) : one('shipping_confirmation', { shipment });
    }
    case 'shipment.out_for_delivery':
      return one('out_for_delivery', { shipment: await shipmentData(tx, event, c) });
    case 'shipment.delivered': {
      // The satisfaction survey's link (ADR 0037), valid 30 days from the delivery the carrier reported.
      const occurred = typeof d['occurred_at'] === 'string' ? new Date(d['occurred_at']) : event.at;
      const deliveredAt = Number.isNaN(occurred.getTime()) ? event.at : occurred;
      return one('delivered', { shipment: await shipmentData(tx, event, c), survey: { url: surveyUrl(event.tenantId, c.order.id, surveyExpiry(deliveredAt)) } });
    }
    case 'shipment.exception':
      return one('delivery_exception', { shipment: await shipmentData(tx, event, c) });
    case 'shipment.late':
      return one('delivery_late', { shipment: await shipmentData(tx, event, c) });
    case 'return.requested':
    case 'return.approved':
    case 'return.label_purchased':
    case 'return.received': {
      const ret = await returnData(tx, event, c);
      const template: TemplateName = event.type === 'return.requested' ? 'return_requested' : event.type === 'return.received' ? 'return_received' : 'return_approved';
      return ret ? one(template, { return: ret }) : undefined;
    }
    case 'refund.created':
      return one('refund_issued', { refund: await refundData(event, c) });
    case 'verification.requested': {
      // The event names the link, never its token: the link is signed again here (ADR 0031).
      const id = d['verification_id'];
      const expires = d['expires_at'];
      if (typeof id !== 'string' || typeof expires !== 'string') return undefined;
      return one('verification_request', { verification: { url: verificationUrl(id, new Date(expires)), expires_at: expires.slice(0, 16).replace('T', ' ') } });
    }
    case 'review.opened':
      // A verification case sends verification_request; the other reviews tell the customer the order waits for a check.
      return d['kind'] === 'verification' ? undefined : one('review_notice');
    default:
      return undefined;
  }
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
