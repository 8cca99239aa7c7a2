import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canTransition, fulfillmentStatuses, fulfillmentTransitions, type FulfillmentStatus } from './lifecycle.js';

describe('fulfillment order lifecycle', () => {
  test('every status is reachable from pending', () => {
    const seen = new Set<FulfillmentStatus>(['pending']);
    const queue: FulfillmentStatus[] = ['pending'];
    while (queue.length > 0) {
      for (const next of fulfillmentTransitions[queue.shift() as FulfillmentStatus]) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    assert.deepEqual([...seen].sort(), [...fulfillmentStatuses].sort());
  });

  test('the terminal set is exactly rejected and cancelled; shipped goes back only to packed (a voided label)', () => {
    assert.deepEqual(fulfillmentStatuses.filter((s) => fulfillmentTransitions[s].length === 0).sort(), ['cancelled', 'rejected']);
    assert.deepEqual([...fulfillmentTransitions.shipped], ['packed']);
  });

  test('every (from, to) pair is either in the table or refused; none to itself', () => {
    for (const from of fulfillmentStatuses) {
      for (const to of fulfillmentStatuses) {
        assert.equal(canTransition(from, to), (fulfillmentTransitions[from] as readonly string[]).includes(to), `${from} → ${to}`);
      }
      assert.equal(canTransition(from, from), false, from);
    }
  });

  test('a location may reject only what it has received and not yet packed', () => {
    const rejectable = fulfillmentStatuses.filter((s) => canTransition(s, 'rejected'));
    assert.deepEqual(rejectable.sort(), ['accepted', 'picking', 'released']);
    assert.equal(canTransition('pending', 'accepted'), false);
    assert.equal(canTransition('picking', 'cancelled'), false, 'a started fulfillment order must be asked to cancel');
  });
});

test('a held order’s fulfillment order waits in on_hold: only pending or released ones are held, and it goes back or is cancelled', () => {
  assert.deepEqual(fulfillmentStatuses.filter((s) => canTransition(s, 'on_hold')).sort(), ['pending', 'released']);
  assert.deepEqual([...fulfillmentTransitions.on_hold].sort(), ['cancelled', 'pending', 'released']);
  assert.equal(canTransition('on_hold', 'accepted'), false, 'a location cannot accept a held fulfillment order');
});
