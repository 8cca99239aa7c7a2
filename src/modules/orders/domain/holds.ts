import type { OrderStatus } from './lifecycle.js';

/**
 * Order holds (ADR 0025): what keeps an order's fulfillment from going to a location. The types
 * are a closed list; each says who usually places it. `manual` is staff's own; the others are
 * placed by the flows that own the check (fraud and address review, payment, verification,
 * inventory, a routing policy's hold queue) and may also be placed by staff, with a reason.
 */
export const holdTypes = ['fraud_review', 'address_review', 'payment', 'verification', 'inventory', 'manual', 'routing'] as const;
export type HoldType = (typeof holdTypes)[number];

export function isHoldType(value: string): value is HoldType {
  return (holdTypes as readonly string[]).includes(value);
}

/** What a caller asks for: the queue names a routing policy's hold queue and is used (and required) only for `routing`. */
export interface HoldRequest {
  orderId: string;
  type: HoldType;
  reason: string;
  queue?: string | null | undefined;
}

/** The queue stored with a hold: the routing queue, '' for every other type (the active-hold key is order × type × queue). */
export function holdQueueOf(type: HoldType, queue: string | null | undefined): string {
  return type === 'routing' ? (queue ?? 'routing') : '';
}

/**
 * Statuses whose order can still be held: nothing has left for all of it. A shipped, delivered,
 * returned, closed or cancelled order has nothing left to keep back.
 */
const holdable: readonly OrderStatus[] = ['received', 'on_hold', 'backordered', 'partially_allocated', 'allocated', 'in_fulfillment', 'partially_shipped'];

export function isHoldable(status: OrderStatus): boolean {
  return holdable.includes(status);
}
