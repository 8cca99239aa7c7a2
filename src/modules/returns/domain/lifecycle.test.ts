import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canTransition, holdsUnits, receivable, returnStatuses, returnTransitions, statusAfterReceipt, type ReturnStatus } from './lifecycle.js';

describe('return lifecycle', () => {
  test('every status is reachable from requested', () => {
    const seen = new Set<ReturnStatus>(['requested']);
    const queue: ReturnStatus[] = ['requested'];
    while (queue.length > 0) {
      for (const next of returnTransitions[queue.shift() as ReturnStatus]) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    assert.deepEqual([...seen].sort(), [...returnStatuses].sort());
  });

  test('the terminal set is exactly closed, declined and cancelled', () => {
    assert.deepEqual(returnStatuses.filter((s) => returnTransitions[s].length === 0).sort(), ['cancelled', 'closed', 'declined']);
  });

  test('every (from, to) pair is either in the table or refused; none to itself', () => {
    let allowed = 0;
    for (const from of returnStatuses) {
      for (const to of returnStatuses) {
        assert.equal(canTransition(from, to), (returnTransitions[from] as readonly string[]).includes(to), `${from} → ${to}`);
        if (canTransition(from, to)) allowed += 1;
      }
      assert.equal(canTransition(from, from), false, from);
    }
    assert.equal(allowed, 13, 'the diagram has 13 arrows');
  });

  test('only requested returns are declined; nothing received is cancelled; only inspected ones close', () => {
    assert.deepEqual(returnStatuses.filter((s) => canTransition(s, 'declined')), ['requested']);
    assert.deepEqual(returnStatuses.filter((s) => canTransition(s, 'cancelled')), ['requested', 'approved', 'in_transit']);
    assert.deepEqual(returnStatuses.filter((s) => canTransition(s, 'closed')), ['inspected']);
  });

  test('declined and cancelled returns hold no units; only approved or arriving ones take receipts', () => {
    assert.deepEqual(returnStatuses.filter((s) => !holdsUnits(s)), ['declined', 'cancelled']);
    assert.deepEqual(returnStatuses.filter(receivable), ['approved', 'in_transit', 'partially_received']);
  });

  test('received when every line is settled, else partially received', () => {
    assert.equal(statusAfterReceipt([{ quantity: 2, settled: 2 }, { quantity: 1, settled: 1 }]), 'received');
    assert.equal(statusAfterReceipt([{ quantity: 2, settled: 1 }, { quantity: 1, settled: 1 }]), 'partially_received');
  });
});
