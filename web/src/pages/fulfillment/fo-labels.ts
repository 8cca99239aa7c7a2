import type { FulfillmentOrder } from './fulfillment-queries';

/**
 * A fulfillment order with the order's number and channel name, which the API adds to the view
 * once the order search change is merged (optional until then; the order id stands in).
 */
export type FoRow = FulfillmentOrder & { order_number?: number | null; channel_order_name?: string | null };

export const foReference = (fo: FoRow): string => (fo.order_number ? `Order ${fo.order_number}` : `Order ${fo.order_id.slice(-8)}`);

/** "Ada Lovelace, 1 Main St, Springfield IL 62701, US" */
export const addressLine = (a: FulfillmentOrder['ship_to']): string =>
  a ? [a.name, a.company, a.line1, a.line2, [a.city, a.region, a.postal_code].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ') : '—';
