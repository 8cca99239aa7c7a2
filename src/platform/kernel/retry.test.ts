import assert from 'node:assert/strict';
import { it } from 'node:test';
import { exponentialBackoffMs, retryAfterMs, scheduledRetryDelayMs } from './retry.js';

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

it('backs off exponentially up to a cap, jittered', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 100].map((n) => exponentialBackoffMs(n, 500, 10_000, 0.5)), [500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  assert.equal(exponentialBackoffMs(1, 500, 10_000, 0), 400);
  assert.equal(exponentialBackoffMs(9, 500, 10_000, 0.999999), 12_000);
});
