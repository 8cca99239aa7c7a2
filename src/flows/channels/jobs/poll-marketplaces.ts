// The marketplaces we poll (Amazon SP-API Orders, eBay Sell Fulfillment) feed the import engine:
// the `marketplace-polling` job leases due channels (channel_polls, FOR UPDATE SKIP LOCKED + a
// lease, so no transaction stays open during the network calls), builds the channel's poller from
// its settings and sealed credentials, polls from the stored cursor, imports what came back as an
// `amazon` / `ebay` import (an import_jobs row with its counts), and only then stores the new
// cursor: a crash re-polls the same window, and capture is idempotent per (channel, external id).
//
// Failures keep the cursor. Retryable ones (429, 5xx, timeouts, network, the database) are tried
// again after 1, 2, 4 … 60 min, never sooner than the marketplace's Retry-After; the others (bad
// credentials, a refused setting) are recorded in last_error and tried again hourly, so a fixed
// credential is picked up without anyone resetting the row.

import type { Db } from '../../../platform/db/database.js';
import { outboundFetch, type Resolver } from '../../../platform/http/outbound.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { amazonPoller, ebayPoller, leaseDuePolls, PollError, settlePoll, type ChannelPoller, type ClaimedPoll, type PollSettlement } from '../../../modules/channels/index.js';
import { openImport, runImport } from '../../capture/import-orders.js';
import { amazonAccess, ebayAccess } from '../steps/marketplace-access.js';

export { AMAZON_REGIONS } from '../steps/marketplace-access.js';

export const POLL_INTERVAL_DEFAULT_SECONDS = 300;
export const POLL_INTERVAL_MIN_SECONDS = 60;
/** How often a channel whose last poll failed for good (credentials, settings) is tried again. */
export const POLL_FAILED_INTERVAL_SECONDS = 3_600;
/** The longest wait between tries after retryable failures (unless Retry-After says longer). */
export const POLL_MAX_BACKOFF_SECONDS = 3_600;

export interface PollJobOptions {
  secretKey: Buffer;
  /** Plain http and private addresses as endpoints (config outboundAllowPrivate: development, tests). */
  allowPrivate?: boolean;
  /** Name resolution for the outbound client (tests make a name resolve to loopback). */
  resolve?: Resolver;
  /** Channels leased per run. Default 4, polled at once. */
  batch?: number;
  /** How long a lease covers one poll and its import. Default 15 min. */
  leaseMs?: number;
  /** Passed to the pollers: fetch, per-request timeout, throttled retries and their sleep. */
  http?: {
    fetch?: typeof fetch;
    timeoutMs?: number;
    maxRetries?: number;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  };
}

/** settings.poll_interval_seconds: default 300, at least 60. */
export function pollIntervalSeconds(settings: Record<string, unknown>): number {
  const given = settings['poll_interval_seconds'];
  if (typeof given !== 'number' || !Number.isFinite(given)) return POLL_INTERVAL_DEFAULT_SECONDS;
  return Math.max(POLL_INTERVAL_MIN_SECONDS, Math.round(given));
}

/** The wait after the n-th retryable failure in a row: 60 s doubling to an hour, at least Retry-After. */
export function pollRetryDelaySeconds(failures: number, retryAfterSeconds: number | null): number {
  const backoff = Math.min(POLL_MAX_BACKOFF_SECONDS, 60 * 2 ** Math.max(0, failures - 1));
  return Math.max(backoff, retryAfterSeconds ?? 0);
}

/** The channel's poller, from its settings and credentials; a PollError (not retryable) when they do not make one. */
export function pollerForChannel(claim: Pick<ClaimedPoll, 'type' | 'settings' | 'secretSealed' | 'accessTokenSealed'>, options: PollJobOptions, now: () => Date): ChannelPoller {
  // Where the endpoints connect is checked by the client, every time.
  const http = { ...options.http, fetch: options.http?.fetch ?? outboundFetch({ allowPrivate: options.allowPrivate ?? false, resolve: options.resolve }), now };
  if (claim.type === 'amazon') return amazonPoller({ ...http, ...amazonAccess(claim, options) });
  const { credentials, endpoint } = ebayAccess(claim, options);
  return ebayPoller({ ...http, ...credentials, ...(endpoint ? { endpoint } : {}) });
}

async function* ndjson(orders: readonly unknown[]): AsyncGenerator<string> {
  for (const order of orders) yield `${JSON.stringify(order)}\n`;
}

/** Polls one leased channel and imports what it answered; never throws. */
async function pollOne(db: Db, claim: ClaimedPoll, now: Date, options: PollJobOptions): Promise<PollSettlement> {
  const started = performance.now();
  const clock = () => new Date(now.getTime() + Math.round(performance.now() - started));
  const interval = pollIntervalSeconds(claim.settings);
  const after = (seconds: number) => new Date(clock().getTime() + seconds * 1000);
  let importId: string | null = null;
  try {
    const poller = pollerForChannel(claim, options, clock);
    const { orders, cursor } = await poller.poll(claim.cursor);
    if (orders.length > 0) {
      // The import's own counts say what became of each order; a crash before the settle below re-polls.
      const opened = await openImport(db, { format: claim.type, channelId: claim.channelId, tenantId: claim.tenantId, actorId: 'job:marketplace-polling' }, clock());
      importId = opened.job.id;
      await runImport(db, opened, ndjson(orders), { clock });
    }
    return { ok: true, cursor, importId, nextPollAt: after(interval), at: clock() };
  } catch (error) {
    const failures = claim.consecutiveFailures + 1;
    const during = importId ? ` (import ${importId})` : '';
    if (error instanceof PollError) {
      const message = `${error.code}: ${error.message}`;
      return { ok: false, error: message, nextPollAt: after(error.retryable ? pollRetryDelaySeconds(failures, error.retryAfterSeconds) : Math.max(interval, POLL_FAILED_INTERVAL_SECONDS)), at: clock() };
    }
    // Refused by the import (the channel was deactivated or changed type meanwhile): not a passing problem.
    if (error instanceof DomainError) return { ok: false, error: `${error.code}: ${error.message}${during}`, nextPollAt: after(Math.max(interval, POLL_FAILED_INTERVAL_SECONDS)), at: clock() };
    return { ok: false, error: `${error instanceof Error ? error.message : String(error)}${during}`, nextPollAt: after(pollRetryDelaySeconds(failures, null)), at: clock() };
  }
}

/**
 * The `marketplace-polling` job: leases due polled channels (every tenant), polls and imports each
 * with no transaction open, and settles each lease. `handled` = channels polled; `more` when the
 * batch was full.
 */
export async function pollMarketplaces(db: Db, now: Date, options: PollJobOptions): Promise<{ handled: number; more: boolean }> {
  const batch = options.batch ?? 4;
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 15 * 60_000));
  const claimed = await inTransaction(db, (tx) => leaseDuePolls(tx, now, leaseUntil, batch));
  if (claimed.length === 0) return { handled: 0, more: false };
  await Promise.all(
    claimed.map(async (claim) => {
      const result = await pollOne(db, claim, now, options);
      await settlePoll(db, claim, result);
    }),
  );
  return { handled: claimed.length, more: claimed.length === batch };
}
