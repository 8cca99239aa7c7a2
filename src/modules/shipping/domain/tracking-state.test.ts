import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { between, seededRandom } from '../../../platform/kernel/seeded-random.js';
import {
  applyTrackingUpdate,
  canTransition,
  isTerminalShipmentStatus,
  orderDeliveryStatus,
  shipmentProgress,
  shipmentTransitions,
  type ShipmentTrackingState,
  type TrackingDecisionReason,
} from './tracking-state.js';
import { shipmentStatuses, type ShipmentStatus } from './types.js';

describe('shipment tracking state machine', () => {
  test('every status is reachable from label_created', () => {
    const seen = new Set<ShipmentStatus>(['label_created']);
    const queue: ShipmentStatus[] = ['label_created'];
    while (queue.length > 0) {
      for (const next of shipmentTransitions[queue.shift() as ShipmentStatus]) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    assert.deepEqual([...seen].sort(), [...shipmentStatuses].sort());
  });

  test('the terminal set is exactly delivered, returned_to_sender and voided', () => {
    assert.deepEqual(shipmentStatuses.filter((s) => isTerminalShipmentStatus(s)).sort(), ['delivered', 'returned_to_sender', 'voided']);
  });

  test('every (from, to) pair is either in the table or refused; none to itself', () => {
    for (const from of shipmentStatuses) {
      for (const to of shipmentStatuses) {
        assert.equal(canTransition(from, to), (shipmentTransitions[from] as readonly string[]).includes(to), `${from} → ${to}`);
      }
      assert.equal(canTransition(from, from), false, from);
    }
  });

  test('the carrier-flow choices the table encodes', () => {
    assert.deepEqual(shipmentStatuses.filter((s) => canTransition(s, 'voided')), ['label_created'], 'only an unscanned label can be voided');
    assert.equal(canTransition('out_for_delivery', 'in_transit'), true, 'failed attempt goes back to the depot');
    assert.equal(canTransition('in_transit', 'label_created'), false);
    assert.equal(canTransition('returned_to_sender', 'delivered'), false, 'the return leg’s delivery is not the customer’s');
  });

  test('progress rises along the main path and ends at the terminals', () => {
    const path: ShipmentStatus[] = ['label_created', 'in_transit', 'out_for_delivery', 'exception', 'delivered'];
    for (let i = 1; i < path.length; i += 1) assert.ok(shipmentProgress(path[i - 1]!) < shipmentProgress(path[i]!), `${path[i - 1]} < ${path[i]}`);
    for (const s of shipmentStatuses.filter((x) => isTerminalShipmentStatus(x))) assert.equal(shipmentProgress(s), shipmentProgress('delivered'));
  });
});

describe('applyTrackingUpdate', () => {
  const cases: {
    name: string;
    current: ShipmentTrackingState;
    update: { status: ShipmentStatus; occurredAt: string };
    next: ShipmentStatus;
    apply: boolean;
    reason: TrackingDecisionReason;
  }[] = [
    { name: 'first scan on a fresh label', current: { status: 'label_created' }, update: { status: 'in_transit', occurredAt: '2026-11-23T10:00:00Z' }, next: 'in_transit', apply: true, reason: 'applied' },
    { name: 'newer legal scan moves', current: { status: 'in_transit', lastEventAt: '2026-11-23T10:00:00Z' }, update: { status: 'out_for_delivery', occurredAt: '2026-11-24T07:00:00Z' }, next: 'out_for_delivery', apply: true, reason: 'applied' },
    { name: 'duplicate is a no-op', current: { status: 'in_transit', lastEventAt: '2026-11-23T10:00:00Z' }, update: { status: 'in_transit', occurredAt: '2026-11-23T10:00:00Z' }, next: 'in_transit', apply: false, reason: 'duplicate' },
    { name: 'duplicate in another offset notation is still a duplicate', current: { status: 'in_transit', lastEventAt: '2026-11-23T10:00:00Z' }, update: { status: 'in_transit', occurredAt: '2026-11-23T05:00:00-05:00' }, next: 'in_transit', apply: false, reason: 'duplicate' },
    { name: 'same status, newer: clock advances, status stays', current: { status: 'in_transit', lastEventAt: '2026-11-23T10:00:00Z' }, update: { status: 'in_transit', occurredAt: '2026-11-23T18:00:00Z' }, next: 'in_transit', apply: true, reason: 'same_status_newer' },
    { name: 'older scan is recorded only', current: { status: 'out_for_delivery', lastEventAt: '2026-11-24T07:00:00Z' }, update: { status: 'in_transit', occurredAt: '2026-11-23T10:00:00Z' }, next: 'out_for_delivery', apply: false, reason: 'out_of_order' },
    { name: 'older delivered scan still does not apply', current: { status: 'exception', lastEventAt: '2026-11-25T07:00:00Z' }, update: { status: 'delivered', occurredAt: '2026-11-24T07:00:00Z' }, next: 'exception', apply: false, reason: 'out_of_order' },
    { name: 'same instant, less progress loses the tie', current: { status: 'out_for_delivery', lastEventAt: '2026-11-24T07:00:00Z' }, update: { status: 'in_transit', occurredAt: '2026-11-24T07:00:00Z' }, next: 'out_for_delivery', apply: false, reason: 'out_of_order' },
    { name: 'same instant, more progress wins the tie', current: { status: 'out_for_delivery', lastEventAt: '2026-11-24T07:00:00Z' }, update: { status: 'delivered', occurredAt: '2026-11-24T07:00:00Z' }, next: 'delivered', apply: true, reason: 'applied' },
    { name: 'in_transit after delivered is ignored', current: { status: 'delivered', lastEventAt: '2026-11-24T15:00:00Z' }, update: { status: 'in_transit', occurredAt: '2026-11-25T09:00:00Z' }, next: 'delivered', apply: false, reason: 'terminal' },
    { name: 'voided label ignores a later scan', current: { status: 'voided', lastEventAt: '2026-11-24T15:00:00Z' }, update: { status: 'in_transit', occurredAt: '2026-11-25T09:00:00Z' }, next: 'voided', apply: false, reason: 'terminal' },
    { name: 'a scanned parcel cannot be voided', current: { status: 'in_transit', lastEventAt: '2026-11-24T15:00:00Z' }, update: { status: 'voided', occurredAt: '2026-11-25T09:00:00Z' }, next: 'in_transit', apply: false, reason: 'illegal_transition' },
    { name: 'newer label_created after movement is illegal', current: { status: 'in_transit', lastEventAt: '2026-11-24T15:00:00Z' }, update: { status: 'label_created', occurredAt: '2026-11-25T09:00:00Z' }, next: 'in_transit', apply: false, reason: 'illegal_transition' },
    { name: 'unparseable time is refused', current: { status: 'in_transit', lastEventAt: '2026-11-24T15:00:00Z' }, update: { status: 'delivered', occurredAt: 'yesterday' }, next: 'in_transit', apply: false, reason: 'invalid_time' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const d = applyTrackingUpdate(c.current, c.update);
      assert.deepEqual({ next: d.next, apply: d.apply, reason: d.reason }, { next: c.next, apply: c.apply, reason: c.reason });
      assert.equal(d.statusChanged, d.next !== c.current.status);
      assert.equal(d.lastEventAt, d.apply ? c.update.occurredAt : c.current.lastEventAt);
    });
  }
});

/** A legal carrier history: a random walk through the table with non-decreasing scan times. */
function randomHistory(rand: () => number): { status: ShipmentStatus; occurredAt: string }[] {
  const events: { status: ShipmentStatus; occurredAt: string }[] = [];
  let t = Date.UTC(2026, 10, 23, 12);
  let status: ShipmentStatus = 'label_created';
  if (rand() < 0.3) events.push({ status, occurredAt: new Date(t).toISOString() });
  for (let step = 0; step < 12 && !isTerminalShipmentStatus(status); step += 1) {
    // A repeated scan of the same status (another hub) sometimes; otherwise a legal move.
    const options: readonly ShipmentStatus[] = shipmentTransitions[status];
    const next: ShipmentStatus = rand() < 0.2 && status !== 'label_created' ? status : options[between(rand, 0, options.length - 1)]!;
    // Carriers stamp consecutive scans with the same minute, but only as the parcel progresses.
    const sameInstant = next !== status && shipmentProgress(next) > shipmentProgress(status) && rand() < 0.25;
    if (!sameInstant) t += between(rand, 1, 600) * 60_000;
    status = next;
    events.push({ status, occurredAt: new Date(t).toISOString() });
  }
  return events;
}

function replay(events: readonly { status: ShipmentStatus; occurredAt: string }[]): ShipmentTrackingState {
  let state: ShipmentTrackingState = { status: 'label_created' };
  for (const e of events) {
    const d = applyTrackingUpdate(state, e);
    if (d.apply) {
      // The shipment's clock never goes back, whatever order the scans come in.
      if (state.lastEventAt) assert.ok(Date.parse(d.lastEventAt!) >= Date.parse(state.lastEventAt), `lastEventAt never goes back: ${d.lastEventAt} after ${state.lastEventAt}`);
      state = { status: d.next, lastEventAt: d.lastEventAt };
    }
  }
  return state;
}

describe('tracking never regresses (property, seeded)', () => {
  test('a shuffled, duplicated history ends where the in-order history ends', () => {
    const rand = seededRandom(20261127);
    for (let run = 0; run < 3000; run += 1) {
      const history = randomHistory(rand);
      const inOrder = replay(history);
      const last = history.at(-1);
      assert.equal(inOrder.status, last ? last.status : 'label_created', `in order, run ${run}`);

      const noisy = [...history];
      for (const e of history) if (rand() < 0.3) noisy.push({ ...e });
      for (let i = noisy.length - 1; i > 0; i -= 1) {
        const j = between(rand, 0, i);
        [noisy[i], noisy[j]] = [noisy[j]!, noisy[i]!];
      }
      const shuffled = replay(noisy);
      assert.deepEqual(shuffled, inOrder, `run ${run}: ${JSON.stringify(noisy)}`);
    }
  });

  test('replaying a history twice changes nothing the second time', () => {
    const rand = seededRandom(7);
    for (let run = 0; run < 500; run += 1) {
      const history = randomHistory(rand);
      let state = replay(history);
      for (const e of history) {
        const d = applyTrackingUpdate(state, e);
        assert.equal(d.statusChanged, false, `run ${run}`);
        if (d.apply) state = { status: d.next, lastEventAt: d.lastEventAt };
      }
      assert.deepEqual(state, replay(history));
    }
  });
});

describe('orderDeliveryStatus', () => {
  const cases: { name: string; statuses: ShipmentStatus[]; fullyShipped: boolean; expected: 'delivered' | undefined }[] = [
    { name: 'all delivered and fully shipped', statuses: ['delivered', 'delivered'], fullyShipped: true, expected: 'delivered' },
    { name: 'voided labels do not count', statuses: ['voided', 'delivered'], fullyShipped: true, expected: 'delivered' },
    { name: 'one still in transit', statuses: ['delivered', 'in_transit'], fullyShipped: true, expected: undefined },
    { name: 'everything shipped so far is delivered, but the order is not fully shipped', statuses: ['delivered'], fullyShipped: false, expected: undefined },
    { name: 'no shipments', statuses: [], fullyShipped: true, expected: undefined },
    { name: 'only voided labels', statuses: ['voided'], fullyShipped: true, expected: undefined },
    { name: 'returned to sender is not delivered', statuses: ['delivered', 'returned_to_sender'], fullyShipped: true, expected: undefined },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(orderDeliveryStatus(c.statuses, c.fullyShipped), c.expected);
    });
  }
});
