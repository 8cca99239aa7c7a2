// The seam between a marketplace that is polled (Amazon, eBay) and the import that maps and
// captures what it returns. A poller only fetches: it hands back the marketplace's own order
// payloads (what mapAmazonOrder / mapEbayOrder read) and the cursor to pass next time.

import { publicFetch } from '../../../platform/http/outbound.js';
import { retryAfterMs } from '../../../platform/kernel/retry.js';

/** One poll: every order changed since `since` (an ISO 8601 instant; null = the first poll). */
export interface ChannelPoller {
  poll(since: string | null, signal?: AbortSignal): Promise<{ orders: unknown[]; cursor: string | null }>;
}

/**
 * A marketplace call that failed. `retryable`: try again later (429, 5xx, timeouts, network);
 * otherwise fix the configuration or credentials first. `retryAfterSeconds` when the answer said.
 */
export class PollError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'PollError';
  }
}

export interface HttpOptions {
  /** The guarded outbound client (public https addresses only by default). */
  fetch?: typeof fetch | undefined;
  /** Per request; default 30 s. */
  timeoutMs?: number | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a marketplace said went wrong: SP-API `errors[]`, eBay `errors[]`, OAuth `error_description`. */
function detailOf(json: unknown): string {
  if (!isRecord(json)) return '';
  if (Array.isArray(json['errors'])) {
    return json['errors']
      .map((e: unknown) => (isRecord(e) ? [e['code'] ?? e['errorId'], e['message']].filter((x) => x !== undefined).map(String).join(': ') : String(e)))
      .join('; ');
  }
  if (typeof json['error'] === 'string') return `${json['error']}${typeof json['error_description'] === 'string' ? `: ${json['error_description']}` : ''}`;
  return '';
}

/** What a caller may want of a successful answer besides its body (eBay names a created resource in `Location`). */
export interface ResponseMeta {
  status?: number;
  headers?: Headers;
}

/**
 * A JSON request with a timeout and the caller's abort signal; failures become PollErrors. An
 * empty 2xx body (204) is `{}`. `meta`, when given, receives the answer's status and headers.
 */
export async function requestJson(options: HttpOptions, url: string, init: RequestInit, what: string, signal?: AbortSignal, meta?: ResponseMeta): Promise<Record<string, unknown>> {
  const json = await requestAnyJson(options, url, init, what, signal, meta);
  if (!isRecord(json)) throw new PollError(502, 'BAD_RESPONSE', `${what} answered with a body that is not a JSON object`, false);
  return json;
}

/** As requestJson, for answers of any JSON shape (the WordPress REST API lists are bare arrays). */
export async function requestAnyJson(options: HttpOptions, url: string, init: RequestInit, what: string, signal?: AbortSignal, meta?: ResponseMeta): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await (options.fetch ?? publicFetch)(url, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) throw new PollError(504, 'TIMEOUT', `${what} did not answer within ${timeoutMs} ms`, true);
    throw new PollError(503, 'UNREACHABLE', `${what} could not be reached: ${error instanceof Error ? error.message : String(error)}`, true);
  }
  if (meta) {
    meta.status = response.status;
    meta.headers = response.headers;
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? {} : JSON.parse(text);
  } catch {
    json = null;
  }
  if (!response.ok) {
    // Seconds or an HTTP date, as the header allows; PollError carries whole seconds.
    const retryAfter = retryAfterMs(response.headers.get('retry-after'), Date.now());
    const detail = detailOf(json);
    throw new PollError(
      response.status,
      response.status === 429 ? 'RATE_LIMITED' : `HTTP_${response.status}`,
      `${what} answered ${response.status}${detail ? ` (${detail})` : ''}`,
      response.status === 429 || response.status >= 500,
      retryAfter !== null && retryAfter > 0 ? Math.ceil(retryAfter / 1000) : null,
    );
  }
  if (json === null) throw new PollError(502, 'BAD_RESPONSE', `${what} answered with a body that is not JSON`, false);
  return json;
}

export interface RetryOptions {
  /** How many times a throttled (429) call is tried again. Default 5. */
  maxRetries?: number | undefined;
  /** Waits between tries; injectable so tests do not wait. Must reject when `signal` aborts. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Calls `call` again while it is throttled (PollError 429), waiting what the answer asked
 * (Retry-After) or `defaultWaitMs`. Marketplaces meter per operation with token buckets (Amazon
 * getOrderItems refills one request every 2 s), so waiting is the documented remedy.
 */
export async function retryThrottled<T>(options: RetryOptions, defaultWaitMs: number, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const maxRetries = options.maxRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof PollError) || error.status !== 429 || attempt >= maxRetries) throw error;
      await (options.sleep ?? abortableSleep)(error.retryAfterSeconds !== null ? error.retryAfterSeconds * 1000 : defaultWaitMs, signal);
    }
  }
}

/** An OAuth access token reused until a minute before it expires. */
export function cachedToken(fetchToken: (signal?: AbortSignal) => Promise<{ token: string; expiresInSeconds: number }>, now: () => Date): (signal?: AbortSignal) => Promise<string> {
  let cached: { token: string; until: number } | null = null;
  return async (signal) => {
    if (cached && now().getTime() < cached.until) return cached.token;
    const { token, expiresInSeconds } = await fetchToken(signal);
    cached = { token, until: now().getTime() + Math.max(0, expiresInSeconds - 60) * 1000 };
    return token;
  };
}

/** The latest of the instants (ISO strings), or null. */
export function latest(instants: unknown[]): string | null {
  let best: number | null = null;
  for (const value of instants) {
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (!Number.isNaN(ms) && (best === null || ms > best)) best = ms;
  }
  return best === null ? null : new Date(best).toISOString();
}

export { isRecord };
