/**
 * The shipment's tracking state machine, as data, and the rule that carrier scans — which arrive
 * late, twice, and out of order from webhooks and polls — never move a shipment backwards.
 */
import type { ShipmentStatus } from './types.js';

/**
 * Read as "a scan saying <to> may follow <from>". Choices a reviewer may question:
 * - label_created may jump to any later state: carriers often skip scans (a parcel's first scan
 *   can be its delivery), and voiding is possible only before the carrier has it.
 * - out_for_delivery → in_transit: a failed attempt goes back to the depot and out again next day.
 * - exception is not terminal: weather delays and address corrections resolve into movement.
 * - delivered and returned_to_sender are terminal for the shipment. A "delivered" scan for the
 *   return leg must not mark the customer's order delivered, and a post-delivery claim (lost,
 *   misdelivered) is a separate process, not a tracking state.
 * - No self-transitions: a repeated status is a newer scan, handled by applyTrackingUpdate.
 */
export const shipmentTransitions = {
  label_created: ['in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned_to_sender', 'voided'],
  in_transit: ['out_for_delivery', 'delivered', 'exception', 'returned_to_sender'],
  out_for_delivery: ['delivered', 'exception', 'in_transit', 'returned_to_sender'],
  exception: ['in_transit', 'out_for_delivery', 'delivered', 'returned_to_sender'],
  delivered: [],
  returned_to_sender: [],
  voided: [],
} as const satisfies Record<ShipmentStatus, readonly ShipmentStatus[]>;

export function canTransition(from: ShipmentStatus, to: ShipmentStatus): boolean {
  return (shipmentTransitions[from] as readonly ShipmentStatus[]).includes(to);
}

export function isTerminalShipmentStatus(status: ShipmentStatus): boolean {
  return shipmentTransitions[status].length === 0;
}

const progress: Record<ShipmentStatus, number> = {
  label_created: 0,
  in_transit: 1,
  out_for_delivery: 2,
  // After out_for_delivery: the common exception is a failed delivery attempt, reported after the
  // van left, often with the very same timestamp.
  exception: 3,
  delivered: 4,
  returned_to_sender: 4,
  voided: 4,
};

/** How far along a parcel is; only used to order scans that carry the same instant. */
export function shipmentProgress(status: ShipmentStatus): number {
  return progress[status];
}

export interface ShipmentTrackingState {
  status: ShipmentStatus;
  /** ISO 8601 instant of the newest scan applied so far. */
  lastEventAt?: string | undefined;
}

export type TrackingDecisionReason =
  /** The status moves. */
  | 'applied'
  /** Same status, newer scan: keep the status, advance lastEventAt. */
  | 'same_status_newer'
  /** Same status and instant as the last applied scan. */
  | 'duplicate'
  /** Older than the last applied scan (or same instant but less progress): record only. */
  | 'out_of_order'
  /** The shipment is delivered, returned or voided; nothing moves it. */
  | 'terminal'
  /** Not a legal move from the current status. */
  | 'illegal_transition'
  /** occurredAt is not an ISO instant. */
  | 'invalid_time';

export interface TrackingDecision {
  /** The status after this scan (the current one when not applied). */
  next: ShipmentStatus;
  /** Write `{status: next, lastEventAt}` to the shipment. The scan itself is kept either way. */
  apply: boolean;
  /** The status changed (publish an event). Implies `apply`. */
  statusChanged: boolean;
  /** The lastEventAt to store when `apply`; the current one otherwise. */
  lastEventAt: string | undefined;
  reason: TrackingDecisionReason;
}

/**
 * Decide what a tracking scan does to a shipment. Order of the checks matters: a late scan is
 * judged stale before it is judged illegal, so the reason says what actually happened.
 */
export function applyTrackingUpdate(current: ShipmentTrackingState, update: { status: ShipmentStatus; occurredAt: string }): TrackingDecision {
  const keep = (reason: TrackingDecisionReason): TrackingDecision => ({ next: current.status, apply: false, statusChanged: false, lastEventAt: current.lastEventAt, reason });
  const at = Date.parse(update.occurredAt);
  if (Number.isNaN(at)) return keep('invalid_time');
  const last = current.lastEventAt === undefined ? undefined : Date.parse(current.lastEventAt);
  const known = last !== undefined && !Number.isNaN(last);

  if (known && at === last && update.status === current.status) return keep('duplicate');
  if (known && at < last) return keep('out_of_order');
  // Carriers stamp several scans with the same minute; progress breaks the tie so the outcome does
  // not depend on which webhook arrived first.
  if (known && at === last && shipmentProgress(update.status) <= shipmentProgress(current.status)) return keep('out_of_order');
  // A repeated status must still advance the clock, or an older scan of another status arriving
  // afterwards would be applied over newer news.
  if (update.status === current.status) {
    return { next: current.status, apply: true, statusChanged: false, lastEventAt: update.occurredAt, reason: 'same_status_newer' };
  }
  if (isTerminalShipmentStatus(current.status)) return keep('terminal');
  if (!canTransition(current.status, update.status)) return keep('illegal_transition');
  return { next: update.status, apply: true, statusChanged: true, lastEventAt: update.occurredAt, reason: 'applied' };
}

/**
 * The order's delivery status derived from its shipments: delivered once the order is fully
 * shipped and every shipment that still counts (voided labels do not) is delivered. A shipment
 * returned to sender keeps the order undelivered: that is a customer-service case, not a delivery.
 */
export function orderDeliveryStatus(statuses: readonly ShipmentStatus[], orderFullyShipped: boolean): 'delivered' | undefined {
  const live = statuses.filter((s) => s !== 'voided');
  return orderFullyShipped && live.length > 0 && live.every((s) => s === 'delivered') ? 'delivered' : undefined;
}
