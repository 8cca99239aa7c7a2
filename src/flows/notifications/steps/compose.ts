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

/** Every event type some template is sent for (the default automation rules' triggers, ADR 0038). */
export const NOTIFYING_EVENTS: readonly string[] = [...new Set(TEMPLATE_NAMES.flatMap((n) => [...TEMPLATE_CATALOG[n].events]))];

/** A message that does not apply to this event, and why (an automation's action outcome says it). */
export interface NotApplicable {
  notApplicable: string;
}

/**
 * The message one template would send for one event (ADR 0033; since ADR 0038 a `send_template`
 * action of an automation rule asks): to whom, with what data. Not applicable — and nothing is
 * queued — when the order has no e-mail or phone to write to, or the template does not fit the
 * event (a POS sale handed over at the till, an edit of internal notes only, a partial cancel that
 * became a whole one, a shipment that is or is not an exchange's replacement…). A staff action
 * taken with `no_notification: true` is composed and marked skipped.
 */
export async function composeTemplate(tx: Db, event: RelayedEvent, template: TemplateName): Promise<Composed | NotApplicable> {
  const d = event.data as { order_id?: unknown; no_notification?: unknown };
  const orderId = event.aggregateType === 'order' ? event.aggregateId : d.order_id;
  if (typeof orderId !== 'string') return { notApplicable: 'the event names no order' };
  const order = await findOrder(tx, event.tenantId, orderId);
  if (!order) return { notApplicable: `order ${orderId} is gone` };
  const email = order.customerEmail?.trim();
  const phone = email ? null : (smsNumber(order.customer?.['phone']) ?? smsNumber(order.shippingAddress?.['phone']));
  const channel = email ? 'email' : 'sms';
  const recipient = email ?? phone;
  if (!recipient || (channel === 'email' && !isDeliverable(recipient))) return { notApplicable: 'the order has no e-mail address or mobile number to write to' };
  const c = await orderContext(tx, order);
  const parts = await partsOf(tx, template, event, c);
  if (isNotApplicable(parts)) return parts;
  const data = { ...(await baseData(tx, c, event.at)), ...parts };
  const skip = d.no_notification === true ? 'not sent: the staff action asked for no_notification' : undefined;
  return { template, channel, recipient, orderId: order.id, customerId: order.customerId ?? null, data, ...(skip ? { skip } : {}) };
}

export function isNotApplicable(value: object): value is NotApplicable {
  return typeof (value as Partial<NotApplicable>).notApplicable === 'string';
}

/** The template's own data for this event (README "Template data"), or why it does not apply. */
async function partsOf(tx: Db, template: TemplateName, event: RelayedEvent, c: OrderContext): Promise<Record<string, unknown> | NotApplicable> {
  const d = event.data as Record<string, unknown>;
  const spec = TEMPLATE_CATALOG[template];
  const na = (why: string): NotApplicable => ({ notApplicable: why });
  if (spec.parts.length > 0 && !(spec.events as readonly string[]).includes(event.type)) return na(`${template} reads its data from ${spec.events.join(' or ')}, not ${event.type}`);
  switch (template) {
    case 'order_confirmation':
      // A sale at the till: the customer has the goods and the receipt in hand.
      return event.type === 'order.created' && d['pos'] === true ? na('a sale at the till: the customer has the goods and the receipt') : {};
    case 'order_edited': {
      const edit = editData(event, c);
      return edit ? { edit } : na('the edit changed nothing the customer sees');
    }
    case 'order_cancelled':
      // A cancel of every unit also appends order.cancelled: that one message says it.
      if (event.type === 'order.lines_cancelled' && c.order.status === 'cancelled') return na('every unit was cancelled: the order.cancelled message says it');
      return { cancellation: cancellationData(event, c) };
    case 'backorder_notice': {
      // Only the move that backordered units (capture's allocation, a reroute): its data lists them.
      if (!Array.isArray(d['backorders']) || d['backorders'].length === 0) return na('the event backordered no units');
      const backorder = await backorderData(tx, event, c);
      return backorder ? { backorder } : na('no line waits for stock');
    }
    case 'shipping_confirmation':
    case 'exchange_shipped': {
      const exchange = await exchangeData(tx, event, c);
      if (template === 'shipping_confirmation' && exchange) return na('the replacement of an exchange: exchange_shipped says it');
      if (template === 'exchange_shipped' && !exchange) return na('the order is not the replacement of an exchange');
      const shipment = await shipmentData(tx, event, c);
      return exchange ? { shipment, exchange } : { shipment };
    }
    case 'out_for_delivery':
    case 'delivery_exception':
    case 'delivery_late':
      return { shipment: await shipmentData(tx, event, c) };
    case 'delivered': {
      // The satisfaction survey's link (ADR 0037), valid 30 days from the delivery the carrier reported.
      const occurred = typeof d['occurred_at'] === 'string' ? new Date(d['occurred_at']) : event.at;
      const deliveredAt = Number.isNaN(occurred.getTime()) ? event.at : occurred;
      return { shipment: await shipmentData(tx, event, c), survey: { url: surveyUrl(event.tenantId, c.order.id, surveyExpiry(deliveredAt)) } };
    }
    case 'return_requested':
    case 'return_approved':
    case 'return_received': {
      const ret = await returnData(tx, event, c);
      return ret ? { return: ret } : na('the return is gone');
    }
    case 'refund_issued':
      return { refund: await refundData(event, c) };
    case 'verification_request': {
      // The event names the link, never its token: the link is signed again here (ADR 0031).
      const id = d['verification_id'];
      const expires = d['expires_at'];
      if (typeof id !== 'string' || typeof expires !== 'string') return na('the event names no verification link');
      return { verification: { url: verificationUrl(id, new Date(expires)), expires_at: expires.slice(0, 16).replace('T', ' ') } };
    }
    case 'review_notice':
      // A verification case sends verification_request; the other reviews tell the customer the order waits for a check.
      return event.type === 'review.opened' && d['kind'] === 'verification' ? na('a verification case: verification_request says it') : {};
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
