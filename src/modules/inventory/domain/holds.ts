/**
 * Reservation holds (stock held for a checkout), as data and pure rules.
 *
 * A hold lives at most MAX_HOLD_TTL_SECONDS: a day covers any checkout (a cart left longer is
 * abandoned) while stock held by forgotten carts can never pile up for longer than that. The
 * minimum is one second; zero would be a hold that is born expired.
 */
export const holdStatuses = ['active', 'consumed', 'released', 'expired'] as const;
export type HoldStatus = (typeof holdStatuses)[number];

export const MIN_HOLD_TTL_SECONDS = 1;
export const MAX_HOLD_TTL_SECONDS = 86_400;

/** Every hold starts active and ends exactly once: used by an order, released, or expired. */
export const holdTransitions = {
  active: ['consumed', 'released', 'expired'],
  consumed: [],
  released: [],
  expired: [],
} as const satisfies Record<HoldStatus, readonly HoldStatus[]>;

export function canHoldTransition(from: HoldStatus, to: HoldStatus): boolean {
  return (holdTransitions[from] as readonly HoldStatus[]).includes(to);
}

export interface HoldState {
  status: HoldStatus;
  expiresAt: Date;
}

/** Active in the database but past its expiry: the worker has not released it yet; nobody may use it. */
export function isLapsed(hold: HoldState, now: Date): boolean {
  return hold.status === 'active' && hold.expiresAt.getTime() <= now.getTime();
}

/** The status a client sees: a lapsed hold already reads as expired. */
export function visibleHoldStatus(hold: HoldState, now: Date): HoldStatus {
  return isLapsed(hold, now) ? 'expired' : hold.status;
}

export type HoldRefusal = 'RESERVATION_EXPIRED' | 'RESERVATION_RELEASED' | 'RESERVATION_CONSUMED';

/** Why an order may not take this hold's units, or undefined when it may. */
export function refusalToConsume(hold: HoldState, now: Date): HoldRefusal | undefined {
  switch (visibleHoldStatus(hold, now)) {
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
