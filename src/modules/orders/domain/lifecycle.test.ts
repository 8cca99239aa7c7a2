import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allocationStatus, canTransition, orderStatuses, terminalStatuses, transitions, type OrderStatus } from './lifecycle.js';

describe('order lifecycle', () => {
  test('every status is reachable from received', () => {
    const seen = new Set<OrderStatus>(['received']);
    const queue: OrderStatus[] = ['received'];
    while (queue.length > 0) {
      for (const next of transitions[queue.shift() as OrderStatus]) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    assert.deepEqual([...seen].sort(), [...orderStatuses].sort());
  });

  test('the terminal set is exactly cancelled and closed', () => {
    assert.deepEqual([...terminalStatuses].sort(), ['cancelled', 'closed']);
  });

  test('every (from, to) pair is either in the table or refused', () => {
    for (const from of orderStatuses) {
      for (const to of orderStatuses) {
        assert.equal(canTransition(from, to), (transitions[from] as readonly string[]).includes(to), `${from} → ${to}`);
      }
    }
    assert.equal(canTransition('shipped', 'cancelled'), false);
    assert.equal(canTransition('cancelled', 'allocated'), false);
    assert.equal(canTransition('allocated', 'cancelled'), true);
  });

  test('no status transitions to itself', () => {
    for (const s of orderStatuses) assert.equal(canTransition(s, s), false, s);
  });

  const line = (quantity: number, allocated: number, backordered: number, cancelled = 0) => ({ quantity, allocated, backordered, cancelled });
  test('allocation status is derived from the lines', () => {
    assert.equal(allocationStatus([line(2, 2, 0), line(1, 1, 0)], false), 'allocated');
    assert.equal(allocationStatus([line(2, 1, 1)], false), 'partially_allocated');
    assert.equal(allocationStatus([line(2, 0, 2)], false), 'backordered');
    assert.equal(allocationStatus([line(2, 0, 0, 2)], false), 'cancelled');
    assert.equal(allocationStatus([line(2, 0, 0, 2), line(1, 1, 0)], false), 'allocated');
    assert.equal(allocationStatus([line(2, 2, 0)], true), 'on_hold');
  });

  test('once units ship, the status says how much of the order has shipped', () => {
    const shipped = (quantity: number, allocated: number, sent: number, cancelled = 0) => ({ quantity, allocated, backordered: 0, cancelled, shipped: sent });
    assert.equal(allocationStatus([shipped(2, 2, 2), shipped(1, 1, 1)], false), 'shipped');
    assert.equal(allocationStatus([shipped(2, 2, 2), shipped(1, 1, 0)], false), 'partially_shipped');
    assert.equal(allocationStatus([shipped(2, 2, 1)], false), 'partially_shipped');
    // The rest cancelled: what is left of the order has all shipped.
    assert.equal(allocationStatus([shipped(3, 2, 2, 1)], false), 'shipped');
    // Units on hold do not hide the shipment that already left.
    assert.equal(allocationStatus([shipped(2, 2, 2), line(1, 0, 0)], true), 'partially_shipped');
  });
});
