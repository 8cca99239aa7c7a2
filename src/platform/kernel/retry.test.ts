import assert from 'node:assert/strict';
import { it } from 'node:test';
import { retryAfterMs, scheduledRetryDelayMs } from './retry.js';

it('jitters a schedule by ±20% and ends when it is spent', () => {
  const schedule = [1_000, 10_000];
  assert.equal(scheduledRetryDelayMs(schedule, 1, 0), 800);
  assert.equal(scheduledRetryDelayMs(schedule, 1, 0.5), 1_000);
  assert.equal(scheduledRetryDelayMs(schedule, 2, 0.999999), 12_000);
  assert.equal(scheduledRetryDelayMs(schedule, 3, 0.5), null);
});

it('reads Retry-After as seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs('120', 0), 120_000);
  assert.equal(retryAfterMs('Thu, 01 Jan 1970 00:01:00 GMT', 15_000), 45_000);
  assert.equal(retryAfterMs('Thu, 01 Jan 1970 00:00:01 GMT', 15_000), 0, 'a date in the past means now');
  assert.equal(retryAfterMs('soon', 0), null);
  assert.equal(retryAfterMs(null, 0), null);
});
