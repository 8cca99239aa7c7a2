import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canHoldTransition, expiryOf, holdStatuses, holdTransitions, refusalToConsume, visibleHoldStatus } from './holds.js';

const now = new Date('2026-11-26T12:00:00Z');
const later = new Date('2026-11-26T12:05:00Z');

describe('hold lifecycle', () => {
  test('only an active hold moves, and only to an end state; the end states are exactly the others', () => {
    for (const from of holdStatuses) {
      for (const to of holdStatuses) {
        assert.equal(canHoldTransition(from, to), from === 'active' && to !== 'active', `${from} -> ${to}`);
      }
    }
    assert.deepEqual(holdStatuses.filter((s) => holdTransitions[s].length === 0).sort(), ['consumed', 'expired', 'released']);
  });

  test('an active hold past its expiry reads as expired and is refused as expired', () => {
    const hold = { status: 'active' as const, expiresAt: now };
    assert.equal(visibleHoldStatus(hold, new Date(now.getTime() - 1)), 'active');
    assert.equal(visibleHoldStatus(hold, now), 'expired');
    assert.equal(refusalToConsume(hold, new Date(now.getTime() - 1)), undefined);
    assert.equal(refusalToConsume(hold, now), 'RESERVATION_EXPIRED');
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
