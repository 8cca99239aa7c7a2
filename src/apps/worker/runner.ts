import type { Db } from '../../platform/db/database.js';
import { DatabaseOutage, type OutageLogger } from '../../platform/db/outage.js';
import type { Clock } from '../../platform/kernel/clock.js';
import { exponentialBackoffMs } from '../../platform/kernel/retry.js';

/**
 * A background job: called every `everyMs`, it claims its work with FOR UPDATE SKIP LOCKED (so any
 * number of processes may run it at once) and returns how many items it handled. A job that
 * handled a full batch runs again at once, so a backlog drains without waiting for the timer.
 */
export interface Job {
  name: string;
  everyMs: number;
  run(db: Db, now: Date): Promise<{ handled: number; more: boolean }>;
}

export interface JobLogger {
  info(details: Record<string, unknown>, msg: string): void;
  /** Without it, warnings (a database outage starting) are logged as errors. */
  warn?(details: Record<string, unknown>, msg: string): void;
  error(details: Record<string, unknown>, msg: string): void;
}

/**
 * While the database cannot be reached a job waits 0.5 s, 1 s, 2 s … up to 10 s (±20%) between
 * tries instead of failing at every tick; its first success after the database returns ends it.
 */
export const DATABASE_BACKOFF = { firstMs: 500, capMs: 10_000 } as const;

export interface WorkerOptions {
  /** false: no timers; the caller runs the jobs with tick() (tests). */
  timers?: boolean;
  /** The database's outage as this process sees it, shared with the API (logged once per outage). */
  outage?: DatabaseOutage;
  /** Monotonic milliseconds for the backoff (tests); default performance.now. */
  now?: () => number;
  /** [0, 1) for the backoff's jitter (tests); default Math.random. */
  random?: () => number;
}

export interface Workers {
  /** Runs every job once, now (tests), except a job waiting out a database outage. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startWorkers(db: Db, clock: Clock, log: JobLogger, jobs: Job[], options: WorkerOptions = {}): Workers {
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  const outage = options.outage ?? new DatabaseOutage();
  const now = options.now ?? (() => performance.now());
  const random = options.random ?? Math.random;
  /** Jobs that met the database unreachable: how often in a row, and when they may try again. */
  const backoff = new Map<Job, { failures: number; retryAt: number }>();
  const outageLog: OutageLogger = { info: (details, msg) => log.info(details, msg), warn: (details, msg) => (log.warn ? log.warn(details, msg) : log.error(details, msg)) };

  const runOnce = async (job: Job): Promise<void> => {
    const waiting = backoff.get(job);
    if (waiting && now() < waiting.retryAt) return;
    for (let round = 0; round < 100 && !stopped; round++) {
      try {
        const { handled, more } = await job.run(db, clock());
        backoff.delete(job);
        outage.answered(outageLog);
        if (handled > 0) log.info({ job: job.name, handled }, 'job handled items');
        if (!more) return;
      } catch (error) {
        if (outage.failed(error, outageLog)) {
          const failures = (backoff.get(job)?.failures ?? 0) + 1;
          backoff.set(job, { failures, retryAt: now() + exponentialBackoffMs(failures, DATABASE_BACKOFF.firstMs, DATABASE_BACKOFF.capMs, random()) });
          return;
        }
        log.error({ job: job.name, err: error }, 'job failed; it runs again at its next tick');
        return;
      }
    }
  };
  const track = (job: Job) => {
    const p = runOnce(job).finally(() => running.delete(p));
    running.add(p);
    return p;
  };

  if (options.timers !== false) {
    for (const job of jobs) {
      let busy = false;
      const timer = setInterval(() => {
        if (busy || stopped) return;
        busy = true;
        void track(job).finally(() => (busy = false));
      }, job.everyMs);
      timers.push(timer);
    }
  }
  return {
    tick: async () => {
      await Promise.all(jobs.map((job) => track(job)));
    },
    stop: async () => {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running);
    },
  };
}
