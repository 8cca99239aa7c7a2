import type { FulfillmentOrder } from './fulfillment-queries';

/** "Order 1042 · #1042": the order number, and what the channel calls it. */
export const foReference = (fo: Pick<FulfillmentOrder, 'order_number'>): string => `Order ${fo.order_number}`;

/** "Ada Lovelace, 1 Main St, Springfield IL 62701, US" */
export const addressLine = (a: FulfillmentOrder['ship_to']): string =>
  a ? [a.name, a.company, a.line1, a.line2, [a.city, a.region, a.postal_code].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ') : '—';
