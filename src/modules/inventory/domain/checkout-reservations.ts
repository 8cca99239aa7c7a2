/**
 * Checkout reservations (stock set aside for a checkout, POST /v1/reservations), as data and
 * pure rules.
 *
 * One lives at most MAX_CHECKOUT_RESERVATION_TTL_SECONDS: a day covers any checkout (a cart left
 * longer is abandoned) while stock set aside by forgotten carts can never pile up for longer than
 * that. The minimum is one second; zero would be a checkout reservation born expired.
 */
export const checkoutReservationStatuses = ['active', 'consumed', 'released', 'expired'] as const;
export type CheckoutReservationStatus = (typeof checkoutReservationStatuses)[number];

export const MIN_CHECKOUT_RESERVATION_TTL_SECONDS = 1;
export const MAX_CHECKOUT_RESERVATION_TTL_SECONDS = 86_400;

/** Every checkout reservation starts active and ends exactly once: used by an order, released, or expired. */
export const checkoutReservationTransitions = {
  active: ['consumed', 'released', 'expired'],
  consumed: [],
  released: [],
  expired: [],
} as const satisfies Record<CheckoutReservationStatus, readonly CheckoutReservationStatus[]>;

export function canCheckoutReservationTransition(from: CheckoutReservationStatus, to: CheckoutReservationStatus): boolean {
  return (checkoutReservationTransitions[from] as readonly CheckoutReservationStatus[]).includes(to);
}

export interface CheckoutReservationState {
  status: CheckoutReservationStatus;
  expiresAt: Date;
}

/** Active in the database but past its expiry: the worker has not released it yet; nobody may use it. */
export function isLapsed(reservation: CheckoutReservationState, now: Date): boolean {
  return reservation.status === 'active' && reservation.expiresAt.getTime() <= now.getTime();
}

/** The status a client sees: a lapsed checkout reservation already reads as expired. */
export function visibleStatus(reservation: CheckoutReservationState, now: Date): CheckoutReservationStatus {
  return isLapsed(reservation, now) ? 'expired' : reservation.status;
}

export type ConsumeRefusal = 'RESERVATION_EXPIRED' | 'RESERVATION_RELEASED' | 'RESERVATION_CONSUMED';

/** Why an order may not take this checkout reservation's units, or undefined when it may. */
export function refusalToConsume(reservation: CheckoutReservationState, now: Date): ConsumeRefusal | undefined {
  switch (visibleStatus(reservation, now)) {
    case 'active':
      return undefined;
    case 'expired':
      return 'RESERVATION_EXPIRED';
    case 'released':
      return 'RESERVATION_RELEASED';
    case 'consumed':
      return 'RESERVATION_CONSUMED';
  }
}

export function expiryOf(now: Date, ttlSeconds: number): Date {
  return new Date(now.getTime() + ttlSeconds * 1000);
}
