import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdQueueOf, holdTypes, isHoldable, isHoldType } from './holds.js';
import { orderStatuses } from './lifecycle.js';

test('an order can be held until nothing is left to hold back', () => {
  const refused = orderStatuses.filter((s) => !isHoldable(s));
  assert.deepEqual(refused, ['shipped', 'delivered', 'partially_returned', 'returned', 'cancelled', 'closed']);
});

test('only routing holds carry a queue; the others share the empty queue of their type', () => {
  assert.equal(holdQueueOf('routing', 'vip-review'), 'vip-review');
  assert.equal(holdQueueOf('routing', null), 'routing', 'a hold rule without a queue name');
  for (const type of holdTypes.filter((h) => h !== 'routing')) assert.equal(holdQueueOf(type, 'ignored'), '', type);
  assert.equal(isHoldType('vacation'), false);
  assert.equal(holdTypes.every(isHoldType), true);
});
