// test-files: embedded database only (pure: the returns analytics' periods and figures, no database, no browser)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duration, lastDays, percent } from '../../web/src/pages/returns/analytics-period.js';

test('the last N days include today and end tomorrow (exclusive), in UTC days', () => {
  assert.deepEqual(lastDays(30, new Date('2026-12-05T23:59:00Z')), { from: '2026-11-06', to: '2026-12-06' });
  assert.deepEqual(lastDays(1, new Date('2026-03-01T00:00:00Z')), { from: '2026-03-01', to: '2026-03-02' });
  assert.deepEqual(lastDays(7, new Date('2028-03-02T12:00:00Z')), { from: '2028-02-25', to: '2028-03-03' }, 'across a leap day');
});

test('rates and durations as people read them; nothing measured reads as a dash', () => {
  assert.deepEqual([percent(0.5), percent(0.125), percent(0), percent(null)], ['50 %', '12.5 %', '0 %', '—']);
  assert.deepEqual([duration(null), duration(20), duration(45 * 60), duration(3.5 * 3600), duration(2.1 * 86_400)], ['—', '1 min', '45 min', '3.5 h', '2.1 d']);
});
