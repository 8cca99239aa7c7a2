import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Db } from '../../platform/db/database.js';
import { DatabaseOutage } from '../../platform/db/outage.js';
import { DATABASE_BACKOFF, startWorkers, type Job } from './runner.js';

const adminShutdown = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

function harness(run: Job['run']) {
  let now = 0;
  const lines: { level: string; msg: string }[] = [];
  const log = {
    info: (_: Record<string, unknown>, msg: string) => lines.push({ level: 'info', msg }),
    warn: (_: Record<string, unknown>, msg: string) => lines.push({ level: 'warn', msg }),
    error: (_: Record<string, unknown>, msg: string) => lines.push({ level: 'error', msg }),
  };
  let calls = 0;
  const job: Job = { name: 'test-job', everyMs: 250, run: (db, at) => (calls++, run(db, at)) };
  const outage = new DatabaseOutage(() => now);
  const workers = startWorkers({} as Db, () => new Date(0), log, [job], { timers: false, outage, now: () => now, random: () => 0.5 });
  return {
    lines,
    outage,
    calls: () => calls,
    /** Ticks at `at` ms and says whether the job ran. */
    async tickAt(at: number): Promise<boolean> {
      now = at;
      const before = calls;
      await workers.tick();
      return calls > before;
    },
  };
}

it('a job backs off exponentially, up to a cap, while the database is unreachable; the outage is logged once, and its end once', async () => {
  let down = true;
  const h = harness(async () => {
    if (down) throw adminShutdown();
    return { handled: 0, more: false };
  });
  // Tries at 0, then 0.5 s, 1 s, 2 s, 4 s, 8 s, 10 s, 10 s … after each failure (random 0.5: no jitter).
  const tries: number[] = [];
  for (let at = 0; at <= 60_000; at += 250) if (await h.tickAt(at)) tries.push(at);
  const gaps = tries.slice(1).map((t, i) => t - (tries[i] as number));
  assert.deepEqual(gaps.slice(0, 7), [500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000], `tried at ${tries.join(', ')}`);
  assert.ok(gaps.every((g) => g <= DATABASE_BACKOFF.capMs), 'never waits longer than the cap');
  assert.ok(tries.length < 15, `${tries.length} tries in a minute, not one per 250 ms tick`);
  assert.equal(h.outage.down, true);

  down = false;
  let resumedAt = 60_000;
  while (!(await h.tickAt((resumedAt += 250)))) assert.ok(resumedAt < 60_000 + DATABASE_BACKOFF.capMs * 1.2 + 250, 'the job tries again within the cap');
  assert.equal(h.outage.down, false);
  assert.equal(await h.tickAt(resumedAt + 250), true, 'back to every tick once the database answered');
  assert.deepEqual(h.lines, [
    { level: 'warn', msg: 'database unreachable: requests answer 503 and jobs back off until it answers again' },
    { level: 'info', msg: 'database reachable again' },
  ]);
});

it('any other failure is a bug: logged at every tick, no backoff', async () => {
  const h = harness(async () => {
    throw new TypeError('a bug');
  });
  for (const at of [0, 250, 500]) assert.equal(await h.tickAt(at), true);
  assert.deepEqual(h.lines.map((l) => l.level), ['error', 'error', 'error']);
  assert.equal(h.outage.down, false);
});
