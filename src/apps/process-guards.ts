import type { DatabaseOutage } from '../platform/db/outage.js';

export interface GuardLogger {
  info(details: Record<string, unknown>, msg: string): void;
  warn(details: Record<string, unknown>, msg: string): void;
  error(details: Record<string, unknown>, msg: string): void;
  fatal(details: Record<string, unknown>, msg: string): void;
}

interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
}

/**
 * What reaches the process unhandled (docs/adr/0010-surviving-database-outages.md):
 * - the database being unreachable: logged, and the process serves on. Such an error concerns a
 *   connection the pool has already given up and a transaction the server has already ended, so
 *   no state in this process is left half-changed. Every known path handles it where it happens;
 *   this is the net under a path we missed, and it says so in the log.
 * - anything else: a bug whose damage is unknown (a pooled connection never released, a lease or
 *   a flag never reset). Logged as fatal, and the process exits 1 for its supervisor to start a
 *   fresh one: every acknowledged write is committed, and work in flight is leased or queued, so
 *   a restart loses nothing.
 */
export function guardProcess(events: ProcessEvents, log: GuardLogger, outage: DatabaseOutage, exit: (code: number) => void): void {
  const reached = (kind: string) => (error: unknown) => {
    if (outage.failed(error, log)) {
      log.error({ kind }, 'a lost database connection was not handled where it happened; serving on');
      return;
    }
    log.fatal({ err: error, kind }, 'unhandled error: exiting so that a fresh process takes over');
    exit(1);
  };
  events.on('unhandledRejection', reached('unhandledRejection'));
  events.on('uncaughtException', reached('uncaughtException'));
}
