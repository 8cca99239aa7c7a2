import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canInboundTransition, expectedDateFor, inboundStatuses, inboundTransitions, planReceipt, statusFromLines } from './inbound.js';

describe('inbound lifecycle', () => {
  test('received and cancelled are the terminal states; every state is reachable from open', () => {
    assert.deepEqual(inboundStatuses.filter((s) => inboundTransitions[s].length === 0).sort(), ['cancelled', 'received']);
    for (const s of inboundStatuses) if (s !== 'open') assert.ok(canInboundTransition('open', s), s);
    assert.equal(canInboundTransition('received', 'cancelled'), false);
    assert.equal(canInboundTransition('cancelled', 'open'), false);
    assert.equal(canInboundTransition('partially_received', 'open'), false);
  });

  test('the status is derived from the lines', () => {
    assert.equal(statusFromLines([{ sku: 'A', quantity: 2, received: 0 }, { sku: 'B', quantity: 1, received: 0 }]), 'open');
    assert.equal(statusFromLines([{ sku: 'A', quantity: 2, received: 2 }, { sku: 'B', quantity: 1, received: 0 }]), 'partially_received');
    assert.equal(statusFromLines([{ sku: 'A', quantity: 2, received: 2 }, { sku: 'B', quantity: 1, received: 1 }]), 'received');
  });
});

describe('receipts', () => {
  const lines = [
    { sku: 'A', quantity: 10, received: 4 },
    { sku: 'B', quantity: 3, received: 3 },
  ];

  test('without lines, everything outstanding is received', () => {
    assert.deepEqual(planReceipt(lines, undefined), { receipts: [{ sku: 'A', quantity: 6 }], refusals: [] });
    assert.equal(planReceipt([{ sku: 'A', quantity: 1, received: 1 }], undefined).refusals[0]?.code, 'INBOUND_NOTHING_OUTSTANDING');
  });

  test('given lines are booked up to what is outstanding, summed per SKU', () => {
    assert.deepEqual(planReceipt(lines, [{ sku: 'A', quantity: 2 }, { sku: 'A', quantity: 4 }]).receipts, [{ sku: 'A', quantity: 6 }]);
  });

  test('over-receipt and unknown SKUs are refused whole, naming the field', () => {
    const over = planReceipt(lines, [{ sku: 'A', quantity: 5 }, { sku: 'A', quantity: 2 }]);
    assert.deepEqual(over.receipts, []);
    assert.deepEqual(over.refusals.map((r) => [r.code, r.field]), [['INBOUND_OVER_RECEIPT', 'lines[1].quantity']]);
    const unknown = planReceipt(lines, [{ sku: 'Z', quantity: 1 }, { sku: 'B', quantity: 1 }]);
    assert.deepEqual(unknown.refusals.map((r) => [r.code, r.field]), [['INBOUND_LINE_UNKNOWN', 'lines[0].sku'], ['INBOUND_OVER_RECEIPT', 'lines[1].quantity']]);
  });
});

describe('expected date of a backorder (FIFO)', () => {
  const supply = [
    { expectedDate: '2026-12-01', outstanding: 5 },
    { expectedDate: '2026-12-08', outstanding: 5 },
  ];

  test('a line is covered by the delivery that completes it, behind the older backorders', () => {
    assert.equal(expectedDateFor(0, 5, supply), '2026-12-01');
    assert.equal(expectedDateFor(0, 6, supply), '2026-12-08');
    assert.equal(expectedDateFor(4, 1, supply), '2026-12-01');
    assert.equal(expectedDateFor(4, 2, supply), '2026-12-08');
  });

  test('not covered by what is expected: null', () => {
    assert.equal(expectedDateFor(8, 3, supply), null);
    assert.equal(expectedDateFor(0, 1, []), null);
  });
});
