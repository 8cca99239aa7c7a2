/**
 * The messages the OMS sends a customer (issue 16 §1, ADR 0034) and the events that send each.
 * The event types are the ones the code appends (src/platform/outbox/event-types.ts and the
 * `<aggregate>.<status>` events of the lifecycles). `parts`: the data a template has besides `shop`,
 * `customer`, `order` and `locale` (README "Template data"). The flow `src/flows/notifications` decides per
 * event whether it applies (a partial cancel, a backorder at capture, a replacement order's shipment).
 */
export const TEMPLATE_CATALOG = {
  order_confirmation: { events: ['order.created'], description: 'The order was received', parts: [] },
  order_edited: { events: ['order.edited'], description: 'Staff changed the order (lines, quantities, address, shipping): what changed and the totals before and after', parts: ['edit'] },
  order_cancelled: { events: ['order.cancelled', 'order.lines_cancelled'], description: 'The order was cancelled, or some of its units (cancellation.partial)', parts: ['cancellation'] },
  backorder_notice: { events: ['order.backordered', 'order.partially_allocated'], description: 'Some units wait for stock, with the expected date of each (when capture could not allocate them)', parts: ['backorder'] },
  shipping_confirmation: { events: ['shipment.created'], description: 'A parcel shipped: carrier, tracking link, items, the delivery promise', parts: ['shipment'] },
  out_for_delivery: { events: ['shipment.out_for_delivery'], description: 'The carrier is delivering today', parts: ['shipment'] },
  delivered: { events: ['shipment.delivered'], description: 'The carrier delivered the parcel; with the one-question satisfaction survey (ADR 0037)', parts: ['shipment', 'survey'] },
  delivery_exception: { events: ['shipment.exception'], description: 'The carrier reported a problem or delay', parts: ['shipment'] },
  delivery_late: { events: ['shipment.late'], description: 'The promised delivery date passed with no delivery and no exception; with the carrier’s later estimate when there is one', parts: ['shipment'] },
  return_requested: { events: ['return.requested'], description: 'A return was requested', parts: ['return'] },
  return_approved: { events: ['return.approved', 'return.label_purchased'], description: 'A return was approved; with its label when one was bought', parts: ['return'] },
  return_received: { events: ['return.received'], description: 'The returned units arrived', parts: ['return'] },
  refund_issued: { events: ['refund.created'], description: 'Money went back to the customer', parts: ['refund'] },
  exchange_shipped: { events: ['shipment.created'], description: 'The replacement of an exchange shipped (sent instead of shipping_confirmation)', parts: ['shipment', 'exchange'] },
  verification_request: { events: ['verification.requested'], description: 'Order control asks the customer to confirm the order', parts: ['verification'] },
  review_notice: { events: ['review.opened'], description: 'The order is held for a check before it ships (fraud or address review; a verification sends verification_request)', parts: [] },
} as const satisfies Record<string, { events: readonly string[]; description: string; parts: readonly string[] }>;

export type TemplateName = keyof typeof TEMPLATE_CATALOG;
export const TEMPLATE_NAMES = Object.keys(TEMPLATE_CATALOG) as TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATE_CATALOG, name);
}

/** The locales the OMS ships templates in; a tenant may add its own for any locale tag. */
export const SHIPPED_LOCALES = ['en', 'de'] as const;
export type ShippedLocale = (typeof SHIPPED_LOCALES)[number];
export const FALLBACK_LOCALE: ShippedLocale = 'en';

/** A locale tag as stored: `en`, `de`, `pt-BR`, `zh-Hant` (BCP 47 language with an optional region or script). */
export const LOCALE_PATTERN = '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-[0-9]{3})?$';
