import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { daysPastPromise, deliverByDate, judgeOnTime, promiseFor, shipByDate, validateClock, type FulfillmentClock, type PromiseDestination } from './promise.js';

const newYork: FulfillmentClock = { timeZone: 'America/New_York', cutoffTime: '15:00', processingDays: 0, country: 'US', region: 'NJ' };
const losAngeles: FulfillmentClock = { timeZone: 'America/Los_Angeles', cutoffTime: '15:00', processingDays: 0, country: 'US', region: 'CA' };
const toronto: FulfillmentClock = { timeZone: 'America/Toronto', cutoffTime: '15:00', processingDays: 0, country: 'CA', region: 'ON' };
const US: PromiseDestination = { country: 'US' };
const CA: PromiseDestination = { country: 'CA' };
const GB: PromiseDestination = { country: 'GB' };

const at = (iso: string): Date => new Date(iso);

describe('shipByDate', () => {
  // Instants are UTC; the comment gives the warehouse's wall clock. November 2026 is EST (UTC−5).
  const cases: { name: string; now: string; clock?: Partial<FulfillmentClock>; expected: string }[] = [
    { name: 'Monday 14:59 EST, before cut-off → same day', now: '2026-11-23T19:59:00Z', expected: '2026-11-23' },
    { name: 'Monday 15:00 EST, exactly at cut-off counts as after → Tuesday', now: '2026-11-23T20:00:00Z', expected: '2026-11-24' },
    { name: 'Monday 15:00:59 EST, seconds do not buy a minute → Tuesday', now: '2026-11-23T20:00:59Z', expected: '2026-11-24' },
    { name: 'Monday 16:00 EST, after cut-off → Tuesday', now: '2026-11-23T21:00:00Z', expected: '2026-11-24' },
    { name: 'Friday 16:00 EST, after cut-off → Monday', now: '2026-11-20T21:00:00Z', expected: '2026-11-23' },
    { name: 'Saturday 10:00 EST, before the hour but a weekend → Monday', now: '2026-11-21T15:00:00Z', expected: '2026-11-23' },
    { name: 'Sunday 20:00 EST (Monday in UTC) → Monday', now: '2026-11-23T01:00:00Z', expected: '2026-11-23' },
    { name: 'Wednesday 16:00 EST before Thanksgiving → Friday', now: '2026-11-25T21:00:00Z', expected: '2026-11-27' },
    { name: 'Thanksgiving 10:00 EST → Friday', now: '2026-11-26T15:00:00Z', expected: '2026-11-27' },
    { name: 'Christmas Eve 15:30 EST → Christmas closed → Monday', now: '2026-12-24T20:30:00Z', expected: '2026-12-28' },
    { name: 'Thursday 2 July 15:30 EDT → observed Independence Day Friday → Monday', now: '2026-07-02T19:30:00Z', expected: '2026-07-06' },
    { name: 'observed Independence Day 09:00 EDT → Monday', now: '2026-07-03T13:00:00Z', expected: '2026-07-06' },
    // Spring forward on Sunday 2026-03-08: the same UTC time of day flips sides of the cut-off.
    { name: 'Friday before spring-forward 19:30Z = 14:30 EST → same day', now: '2026-03-06T19:30:00Z', expected: '2026-03-06' },
    { name: 'Monday after spring-forward 19:30Z = 15:30 EDT → Tuesday', now: '2026-03-09T19:30:00Z', expected: '2026-03-10' },
    { name: 'Monday after spring-forward 18:59Z = 14:59 EDT → same day', now: '2026-03-09T18:59:00Z', expected: '2026-03-09' },
    { name: 'spring-forward Sunday 01:30 EST, before the gap → Monday', now: '2026-03-08T06:30:00Z', expected: '2026-03-09' },
    { name: 'spring-forward Sunday 03:30 EDT, after the gap → Monday', now: '2026-03-08T07:30:00Z', expected: '2026-03-09' },
    // Fall back on Sunday 2026-11-01.
    { name: 'Friday before fall-back 19:30Z = 15:30 EDT → Monday', now: '2026-10-30T19:30:00Z', expected: '2026-11-02' },
    { name: 'Monday after fall-back 19:30Z = 14:30 EST → same day', now: '2026-11-02T19:30:00Z', expected: '2026-11-02' },
    { name: 'fall-back Sunday, first 01:30 (EDT) → Monday', now: '2026-11-01T05:30:00Z', expected: '2026-11-02' },
    { name: 'fall-back Sunday, second 01:30 (EST) → Monday', now: '2026-11-01T06:30:00Z', expected: '2026-11-02' },
    // Processing days are business days on the location's calendar.
    { name: 'processing 2, Monday before cut-off → Wednesday', now: '2026-11-23T19:00:00Z', clock: { processingDays: 2 }, expected: '2026-11-25' },
    { name: 'processing 2, Tuesday after cut-off → Wed + 2 skipping Thanksgiving → Monday', now: '2026-11-24T21:00:00Z', clock: { processingDays: 2 }, expected: '2026-11-30' },
    { name: 'processing 1, Friday before cut-off → Monday', now: '2026-11-20T14:00:00Z', clock: { processingDays: 1 }, expected: '2026-11-23' },
    { name: 'cut-off 00:00: every order is after it → next business day', now: '2026-11-23T05:00:00Z', clock: { cutoffTime: '00:00' }, expected: '2026-11-24' },
    { name: 'cut-off 23:59: 23:58 is still today', now: '2026-11-24T04:58:00Z', clock: { cutoffTime: '23:59' }, expected: '2026-11-23' },
    {
      name: 'unknown country: only weekends close (Christmas is worked)',
      now: '2026-12-25T10:00:00Z',
      clock: { country: 'XX', region: undefined, timeZone: 'UTC' },
      expected: '2026-12-25',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(shipByDate(at(c.now), { ...newYork, ...c.clock }), c.expected);
    });
  }

  test('an order at 23:30 in Los Angeles is judged on LA time, though it is tomorrow in New York and UTC', () => {
    const now = at('2026-11-25T07:30:00Z'); // Tue 23:30 PST, Wed 02:30 EST
    assert.equal(shipByDate(now, { ...losAngeles, cutoffTime: '23:45' }), '2026-11-24', 'LA late cut-off not yet passed');
    assert.equal(shipByDate(now, losAngeles), '2026-11-25', 'LA 15:00 cut-off passed → Wednesday');
    assert.equal(shipByDate(now, newYork), '2026-11-25', 'NY warehouse: Wednesday 02:30, before its cut-off');
    assert.equal(shipByDate(now, { ...newYork, timeZone: 'UTC' }), '2026-11-25');
  });

  test('the location holiday is the location country’s: Canada Day closes Toronto, not New York', () => {
    const now = at('2026-07-01T14:00:00Z'); // Wed 10:00 EDT
    assert.equal(shipByDate(now, toronto), '2026-07-02');
    assert.equal(shipByDate(now, newYork), '2026-07-01');
  });

  test('an invalid clock is refused, not guessed', () => {
    assert.throws(() => shipByDate(at('2026-11-23T12:00:00Z'), { ...newYork, timeZone: 'America/Nowhere' }), RangeError);
    assert.throws(() => shipByDate(new Date(Number.NaN), newYork), RangeError);
  });
});

describe('deliverByDate: business days on the destination calendar', () => {
  const cases: { name: string; shipBy: string; transit: number; to: PromiseDestination; expected: string }[] = [
    { name: 'zero transit (same-day courier)', shipBy: '2026-11-23', transit: 0, to: US, expected: '2026-11-23' },
    { name: 'Monday + 2', shipBy: '2026-11-23', transit: 2, to: US, expected: '2026-11-25' },
    { name: 'Friday + 1 → Monday', shipBy: '2026-11-20', transit: 1, to: US, expected: '2026-11-23' },
    { name: 'Friday + 1 with Saturday delivery', shipBy: '2026-11-20', transit: 1, to: { ...US, saturdayDelivery: true }, expected: '2026-11-21' },
    { name: 'Saturday delivery still skips Sunday', shipBy: '2026-11-21', transit: 1, to: { ...US, saturdayDelivery: true }, expected: '2026-11-23' },
    { name: 'US Thanksgiving at destination', shipBy: '2026-11-25', transit: 1, to: US, expected: '2026-11-27' },
    { name: 'Canada works on US Thanksgiving', shipBy: '2026-11-25', transit: 1, to: CA, expected: '2026-11-26' },
    { name: 'Canada Day at destination', shipBy: '2026-06-30', transit: 1, to: CA, expected: '2026-07-02' },
    { name: 'US works on Canada Day', shipBy: '2026-06-30', transit: 1, to: US, expected: '2026-07-01' },
    { name: 'observed Independence Day at destination', shipBy: '2026-07-02', transit: 1, to: US, expected: '2026-07-06' },
    { name: 'GB: Christmas, weekend, substitute Boxing Day Monday', shipBy: '2026-12-24', transit: 1, to: GB, expected: '2026-12-29' },
    { name: 'US after Christmas: only the weekend', shipBy: '2026-12-24', transit: 1, to: US, expected: '2026-12-28' },
    { name: 'unknown destination country: weekends only', shipBy: '2026-12-24', transit: 1, to: { country: 'XX' }, expected: '2026-12-25' },
    { name: 'destination region holiday (NY Election Day)', shipBy: '2026-11-02', transit: 1, to: { country: 'US', region: 'NY' }, expected: '2026-11-04' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(deliverByDate(c.shipBy, c.transit, c.to), c.expected);
    });
  }

  test('refuses malformed input', () => {
    assert.throws(() => deliverByDate('2026/11/23', 1, US), RangeError);
    assert.throws(() => deliverByDate('2026-11-23', -1, US), RangeError);
  });
});

describe('promiseFor', () => {
  test('a holiday at the origin and another at the destination both count', () => {
    // Toronto, Tue 30 June 16:00 EDT: after cut-off; Canada Day closes the warehouse → ships Thu 2 July;
    // one day to the US lands on the observed Independence Day and a weekend → Mon 6 July.
    assert.deepEqual(promiseFor(at('2026-06-30T20:00:00Z'), toronto, 1, US), { shipBy: '2026-07-02', deliverBy: '2026-07-06', transitDays: 1 });
  });

  test('US origin to Canada: ships on Canada Day, delivers after it', () => {
    assert.deepEqual(promiseFor(at('2026-06-30T14:00:00Z'), newYork, 1, CA), { shipBy: '2026-06-30', deliverBy: '2026-07-02', transitDays: 1 });
  });

  test('processing and transit together over Thanksgiving', () => {
    const p = promiseFor(at('2026-11-24T14:00:00Z'), { ...newYork, processingDays: 1 }, 3, US);
    assert.deepEqual(p, { shipBy: '2026-11-25', deliverBy: '2026-12-01', transitDays: 3 });
  });
});

describe('validateClock', () => {
  test('a good clock has no problems', () => {
    assert.deepEqual(validateClock(newYork), []);
    assert.deepEqual(validateClock({ ...newYork, region: undefined, cutoffTime: '23:59', processingDays: 30 }), []);
  });

  const bad: { name: string; clock: Partial<FulfillmentClock>; field: string }[] = [
    { name: 'unknown zone', clock: { timeZone: 'America/Nowhere' }, field: 'timeZone' },
    { name: 'abbreviation is not a zone', clock: { timeZone: 'EST5EDTX' }, field: 'timeZone' },
    { name: 'empty zone', clock: { timeZone: '' }, field: 'timeZone' },
    { name: 'cut-off 24:00', clock: { cutoffTime: '24:00' }, field: 'cutoffTime' },
    { name: 'cut-off 9:00 without leading zero', clock: { cutoffTime: '9:00' }, field: 'cutoffTime' },
    { name: 'cut-off 12:60', clock: { cutoffTime: '12:60' }, field: 'cutoffTime' },
    { name: 'cut-off with seconds', clock: { cutoffTime: '12:00:00' }, field: 'cutoffTime' },
    { name: 'processing −1', clock: { processingDays: -1 }, field: 'processingDays' },
    { name: 'processing 1.5', clock: { processingDays: 1.5 }, field: 'processingDays' },
    { name: 'processing 31', clock: { processingDays: 31 }, field: 'processingDays' },
    { name: 'processing NaN', clock: { processingDays: Number.NaN }, field: 'processingDays' },
    { name: 'country name instead of code', clock: { country: 'USA' }, field: 'country' },
    { name: 'region with punctuation', clock: { region: 'N.Y.' }, field: 'region' },
  ];
  for (const c of bad) {
    test(c.name, () => {
      assert.deepEqual(
        validateClock({ ...newYork, ...c.clock }).map((p) => p.field),
        [c.field],
      );
    });
  }

  test('reports every problem at once', () => {
    assert.deepEqual(
      validateClock({ timeZone: 'x', cutoffTime: 'noon', processingDays: -2, country: '' }).map((p) => p.field),
      ['timeZone', 'cutoffTime', 'processingDays', 'country'],
    );
  });
});

describe('judgeOnTime', () => {
  const cases: { name: string; deliveredAt: string; deliverBy: string; zone: string; onTime: boolean; daysLate: number }[] = [
    { name: '23:59 EST on the deadline (04:59Z next day) is on time', deliveredAt: '2026-11-28T04:59:00Z', deliverBy: '2026-11-27', zone: 'America/New_York', onTime: true, daysLate: 0 },
    { name: 'midnight EST after the deadline is a day late', deliveredAt: '2026-11-28T05:00:00Z', deliverBy: '2026-11-27', zone: 'America/New_York', onTime: false, daysLate: 1 },
    { name: 'the same instant is on time in Los Angeles', deliveredAt: '2026-11-28T05:00:00Z', deliverBy: '2026-11-27', zone: 'America/Los_Angeles', onTime: true, daysLate: 0 },
    { name: 'unknown zone falls back to UTC', deliveredAt: '2026-11-28T04:59:00Z', deliverBy: '2026-11-27', zone: 'Mars/Olympus', onTime: false, daysLate: 1 },
    { name: 'early is on time', deliveredAt: '2026-11-25T15:00:00Z', deliverBy: '2026-11-27', zone: 'America/New_York', onTime: true, daysLate: 0 },
    { name: 'late over a weekend counts calendar days', deliveredAt: '2026-11-30T15:00:00Z', deliverBy: '2026-11-27', zone: 'America/New_York', onTime: false, daysLate: 3 },
    { name: 'London deadline in BST', deliveredAt: '2026-07-01T22:59:00Z', deliverBy: '2026-07-01', zone: 'Europe/London', onTime: true, daysLate: 0 },
    { name: 'London deadline, one minute later is the next day', deliveredAt: '2026-07-01T23:00:00Z', deliverBy: '2026-07-01', zone: 'Europe/London', onTime: false, daysLate: 1 },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const verdict = judgeOnTime(at(c.deliveredAt), c.deliverBy, c.zone);
      assert.equal(verdict.onTime, c.onTime);
      assert.equal(verdict.daysLate, c.daysLate);
    });
  }

  test('keeps the local delivery date for the metric', () => {
    assert.equal(judgeOnTime(at('2026-11-28T04:59:00Z'), '2026-11-27', 'America/New_York').deliveredOn, '2026-11-27');
  });
});

describe('daysPastPromise', () => {
  const at = (iso: string) => new Date(iso);
  test('0 through the whole promised day at the destination, then one per local day', () => {
    const cases: [string, string, number][] = [
      ['2026-11-27T23:59:00Z', 'UTC', 0],
      ['2026-11-28T00:00:00Z', 'UTC', 1],
      ['2026-11-28T04:59:00Z', 'America/New_York', 0], // 23:59 on the 27th in New York
      ['2026-11-28T05:00:00Z', 'America/New_York', 1],
      ['2026-11-27T11:00:00Z', 'Pacific/Kiritimati', 1], // UTC+14: already the 28th there
      ['2026-11-30T12:00:00Z', 'Europe/Berlin', 3],
      ['2026-11-20T12:00:00Z', 'Europe/Berlin', 0],
    ];
    for (const [now, tz, days] of cases) assert.equal(daysPastPromise(at(now), '2026-11-27', tz), days, `${now} in ${tz}`);
  });
  test('a promise that is not a date is a programming error', () => {
    assert.throws(() => daysPastPromise(at('2026-11-28T00:00:00Z'), '27.11.2026', 'UTC'), RangeError);
  });
});
