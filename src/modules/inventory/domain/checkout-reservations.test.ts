import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canCheckoutReservationTransition, checkoutReservationStatuses, checkoutReservationTransitions, expiryOf, refusalToConsume, visibleStatus } from './checkout-reservations.js';

const now = new Date('2026-11-26T12:00:00Z');
const later = new Date('2026-11-26T12:05:00Z');

describe('checkout reservation lifecycle', () => {
  test('only an active checkout reservation moves, and only to an end state; the end states are exactly the others', () => {
    for (const from of checkoutReservationStatuses) {
      for (const to of checkoutReservationStatuses) {
        assert.equal(canCheckoutReservationTransition(from, to), from === 'active' && to !== 'active', `${from} -> ${to}`);
      }
    }
    assert.deepEqual(checkoutReservationStatuses.filter((s) => checkoutReservationTransitions[s].length === 0).sort(), ['consumed', 'expired', 'released']);
  });

  test('an active checkout reservation past its expiry reads as expired and is refused as expired', () => {
    const reservation = { status: 'active' as const, expiresAt: now };
    assert.equal(visibleStatus(reservation, new Date(now.getTime() - 1)), 'active');
    assert.equal(visibleStatus(reservation, now), 'expired');
    assert.equal(refusalToConsume(reservation, new Date(now.getTime() - 1)), undefined);
    assert.equal(refusalToConsume(reservation, now), 'RESERVATION_EXPIRED');
  });

  test('each end state has its own refusal', () => {
    assert.equal(refusalToConsume({ status: 'consumed', expiresAt: later }, now), 'RESERVATION_CONSUMED');
    assert.equal(refusalToConsume({ status: 'released', expiresAt: later }, now), 'RESERVATION_RELEASED');
    assert.equal(refusalToConsume({ status: 'expired', expiresAt: later }, now), 'RESERVATION_EXPIRED');
  });

  test('expiry is now plus the ttl', () => {
    assert.equal(expiryOf(now, 300).toISOString(), later.toISOString());
  });
});
