// test-files: embedded database only (pure: the Satisfaction screen's filters and figures, no database, no browser)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNps, isDay, periodOf, share } from '../../web/src/pages/surveys/satisfaction-period.js';

const now = new Date('2026-12-06T07:30:00Z');

test('the last N days: today included, tomorrow excluded, in UTC days; 90 days when none is chosen', () => {
  assert.deepEqual(periodOf({ period: '7' }, now), { from: '2026-11-30T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z', firstDay: '2026-11-30', lastDay: '2026-12-06' });
  assert.equal(periodOf({}, now).firstDay, '2026-09-08');
});

test('dates chosen by hand: both days included, an open end stays open, a reversed range is swapped', () => {
  assert.deepEqual(periodOf({ period: 'range', from: '2026-11-01', to: '2026-11-30' }, now), { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', firstDay: '2026-11-01', lastDay: '2026-11-30' });
  assert.deepEqual(periodOf({ period: 'range', from: '2026-11-01' }, now), { from: '2026-11-01T00:00:00.000Z', firstDay: '2026-11-01' });
  assert.deepEqual(periodOf({ period: 'range' }, now), {});
  assert.equal(periodOf({ period: 'range', from: '2026-12-01', to: '2026-11-01' }, now).firstDay, '2026-11-01');
});

test('a day in the URL is a real calendar day: 2026-02-30 is not rolled over to March', () => {
  assert.deepEqual(['2026-02-28', '2028-02-29', '2026-02-30', '2026-13-01', '2026-1-01', 42, undefined].map(isDay), [true, true, false, false, false, false, false]);
});

test('NPS and shares as people read them', () => {
  assert.deepEqual([formatNps(25), formatNps(-12.5), formatNps(0), formatNps(null), formatNps(66.7)], ['+25', '−12.5', '0', '—', '+66.7']);
  assert.deepEqual([share(1, 3), share(0, 0), share(2, 4)], ['33 %', '—', '50 %']);
});
