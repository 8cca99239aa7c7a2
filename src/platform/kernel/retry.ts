/**
 * Retries against the outside world (webhook receivers, Shopify, marketplaces) share two rules:
 * a schedule of delays with ±20% jitter, so failures that happened together do not come back
 * together; and the server's own `Retry-After`, which is a floor.
 */
export const RETRY_JITTER = 0.2;

/**
 * The delay after `failedAttempts` failed tries (1-based) on `schedule`, jittered by `random`
 * (a number in [0, 1)); null when the schedule is spent.
 */
export function scheduledRetryDelayMs(schedule: readonly number[], failedAttempts: number, random: number): number | null {
  const base = schedule[failedAttempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random));
}

/**
 * Exponential backoff for a dependency that is down: `firstMs`, doubling after each failure up to
 * `capMs`, jittered like a schedule. `failedAttempts` is 1-based.
 */
export function exponentialBackoffMs(failedAttempts: number, firstMs: number, capMs: number, random: number): number {
  const base = Math.min(capMs, firstMs * 2 ** Math.min(failedAttempts - 1, 30));
  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random));
}

/** An HTTP `Retry-After` header (seconds, or an HTTP date) as milliseconds from `now`; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
