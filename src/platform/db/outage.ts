import { DrizzleQueryError } from 'drizzle-orm';

/**
 * Losing the database (a restart, a failover, a network cut) is an outage, not a bug: requests
 * answer 503 with Retry-After, jobs back off, and the pool opens new connections once the server
 * answers again. This file says which errors are the database being unreachable, and remembers
 * whether this process is in an outage so that it is logged once when it starts and once when it
 * ends (docs/adr/0010-surviving-database-outages.md).
 */

/** What a client is told to wait before retrying (Retry-After, in seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** Any error met while opening a connection: the server refused us (shutting down, starting up, not accepting connections, full). */
export class DatabaseUnreachable extends Error {
  constructor(cause: unknown) {
    super(`cannot connect to the database: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnreachable';
  }
}

/**
 * SQLSTATEs of a connection the server ended or cannot give: admin_shutdown (57P01, a restart or
 * pg_terminate_backend), crash_shutdown (57P02), cannot_connect_now (57P03, starting up),
 * too_many_connections (53300), and class 08 (connection exception).
 */
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/**
 * Socket and DNS failures, as Node reports them. Outbound HTTP fails with the same codes, so they
 * count only beneath an error that came from the database driver (Drizzle's query error, or a
 * failed connect).
 */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres and pg-pool say these in words only (no other library says them). */
const DRIVER_MESSAGES = [
  /^Connection terminated/, // "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect$/, // waited connectionTimeoutMillis for a pooled client
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

function isConnectionFailure(error: object, fromDriver: boolean): boolean {
  if (error instanceof DatabaseUnreachable) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (fromDriver && typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * The error in `error`'s chain that says the database could not be reached or dropped the
 * connection (Drizzle puts the driver's error in `cause`; a dual-stack connect reports an
 * AggregateError); undefined when there is none. Such a statement did not complete, and the
 * transaction it was part of is rolled back by the server (or committed whole, if only the answer
 * to COMMIT was lost).
 */
function connectionFailureIn(error: unknown): object | undefined {
  const seen = new Set<unknown>();
  const queue: { error: unknown; fromDriver: boolean }[] = [{ error, fromDriver: false }];
  while (queue.length > 0 && seen.size < 16) {
    const { error: current, fromDriver } = queue.shift() as { error: unknown; fromDriver: boolean };
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    if (isConnectionFailure(current, fromDriver)) return current;
    const below = fromDriver || current instanceof DrizzleQueryError || current instanceof DatabaseUnreachable;
    queue.push({ error: (current as { cause?: unknown }).cause, fromDriver: below });
    if (current instanceof AggregateError) queue.push(...(current.errors as unknown[]).map((e) => ({ error: e, fromDriver: below })));
  }
  return undefined;
}

export function isDatabaseUnreachable(error: unknown): boolean {
  return connectionFailureIn(error) !== undefined;
}

export interface OutageLogger {
  warn(details: Record<string, unknown>, msg: string): void;
  info(details: Record<string, unknown>, msg: string): void;
}

/**
 * Whether this process is in a database outage, as seen by whatever touched the database last:
 * the first failure logs the outage's start, the first success after it logs its end with its
 * length. Everything between is quiet (requests still answer 503, jobs still back off).
 */
export class DatabaseOutage {
  #since: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  get down(): boolean {
    return this.#since !== undefined;
  }

  /** Call with any failure; true (and the outage noted) when it is the database being unreachable. */
  failed(error: unknown, log: OutageLogger): boolean {
    const failure = connectionFailureIn(error);
    if (!failure) return false;
    if (this.#since === undefined) {
      this.#since = this.now();
      // The driver's own error only: Drizzle's wrapper quotes the statement and its parameters.
      log.warn({ err: { message: messageOf(failure), code: codeOf(failure) } }, 'database unreachable: requests answer 503 and jobs back off until it answers again');
    }
    return true;
  }

  /** The database answered a statement. */
  answered(log: OutageLogger): void {
    if (this.#since === undefined) return;
    const outageMs = this.now() - this.#since;
    this.#since = undefined;
    log.info({ outage_ms: outageMs }, 'database reachable again');
  }
}

function messageOf(error: object): string {
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : String(error);
}

function codeOf(error: object): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
