import { scheduledRetryDelayMs } from '../../../platform/kernel/retry.js';

/**
 * When a failed webhook delivery is tried again. Delays grow roughly exponentially (5 s, 5 min,
 * 30 min, 2 h, 5 h, 8 h, 8 h: the last try is ~24 h after the first), each with ±20% jitter so
 * deliveries that failed together (a receiver's outage) do not come back together.
 */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 28_800_000, 28_800_000] as const;
/** The first try plus one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** The delay before the next try after `failedAttempts` failed tries (1-based), or null when the schedule is spent. */
export function nextRetryDelayMs(failedAttempts: number, random: number): number | null {
  return scheduledRetryDelayMs(RETRY_DELAYS_MS, failedAttempts, random);
}

/**
 * An endpoint is disabled when it has failed every delivery for this long (and at least
 * `DISABLE_MIN_FAILURES` in a row, so one slow retry does not count as a day of failures).
 */
export const DISABLE_AFTER_MS = 24 * 3_600_000;
export const DISABLE_MIN_FAILURES = 5;

export function shouldDisable(failingSince: Date, consecutiveFailures: number, now: Date): boolean {
  return consecutiveFailures >= DISABLE_MIN_FAILURES && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS;
}
