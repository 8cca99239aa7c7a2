/**
 * The fulfillment order's state machine, as data. One fulfillment order is what one location
 * must pick, pack and ship for one order.
 */
export const fulfillmentStatuses = ['pending', 'on_hold', 'released', 'accepted', 'picking', 'packed', 'shipped', 'rejected', 'cancel_requested', 'cancelled'] as const;
export type FulfillmentStatus = (typeof fulfillmentStatuses)[number];

export const fulfillmentTransitions = {
  pending: ['released', 'on_hold', 'cancelled'],
  // The order is held (ADR 0025): back to its location only when the order's last hold is released.
  on_hold: ['pending', 'released', 'cancelled'],
  released: ['accepted', 'picking', 'rejected', 'on_hold', 'cancelled'],
  accepted: ['picking', 'rejected', 'cancel_requested', 'cancelled'],
  picking: ['packed', 'rejected', 'cancel_requested'],
  packed: ['shipped', 'cancel_requested'],
  // Voiding the only label undoes the shipment: the parcels are back on the packing bench.
  shipped: ['packed'],
  rejected: [],
  cancel_requested: ['cancelled', 'shipped'],
  cancelled: [],
} as const satisfies Record<FulfillmentStatus, readonly FulfillmentStatus[]>;

export function canTransition(from: FulfillmentStatus, to: FulfillmentStatus): boolean {
  return (fulfillmentTransitions[from] as readonly FulfillmentStatus[]).includes(to);
}
