import type { Db } from '../../platform/db/database.js';
import type { Clock } from '../../platform/kernel/clock.js';

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
  error(details: Record<string, unknown>, msg: string): void;
}

export interface Workers {
  /** Runs every job once, now (tests and `oms worker --once`). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startWorkers(db: Db, clock: Clock, log: JobLogger, jobs: Job[], options: { timers?: boolean } = {}): Workers {
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();

  const runOnce = async (job: Job): Promise<void> => {
    for (let round = 0; round < 100 && !stopped; round++) {
      try {
        const { handled, more } = await job.run(db, clock());
        if (handled > 0) log.info({ job: job.name, handled }, 'job handled items');
        if (!more) return;
      } catch (error) {
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
