/**
 * One pool of worker threads per process for CPU-heavy pure work (cartonization, PDF rendering),
 * so a request that computes for a second does not stop the event loop from answering others.
 * See docs/adr/0009-cpu-work-off-the-event-loop.md.
 *
 * - Lazy: no thread starts until the first task; `closeCpuPool` (on shutdown) ends them, and a
 *   later task starts a new pool (tests build and close many apps in one process).
 * - Sized to the cores (`OMS_CPU_THREADS`, default: available parallelism), at a lower priority
 *   than the event loop (nice +10 on Linux); a thread idle for a minute ends. At most `QUEUE_PER_THREAD` tasks per thread wait; past that, and for a task
 *   waiting or running longer than `TASK_DEADLINE_MS`, the caller gets 503 SERVICE_BUSY.
 * - A task is an exported function of a module, named by the module's URL: `cpuTask(url, name)`.
 *   Arguments and results are structured-cloned (plain data, Maps, Dates; a returned Buffer comes
 *   back as a Buffer); a DomainError thrown there is thrown here.
 * - Two ways to run, told apart by this file's own extension (`runsCompiled`): compiled to
 *   JavaScript in dist/ (`npm start`, `oms`; docs/adr/0013), a thread starts at worker.js and a
 *   task's module URL, written as its `.ts` source, is turned into the compiled `.js` beside it.
 *   From the TypeScript sources through tsx (tests run under `tsx --test`, the CLI tests and
 *   development under `node --import tsx`), no way of starting gives a worker thread TypeScript ES
 *   modules on Node 20, so the thread's entry (worker.mjs) registers tsx itself; tsx's flags are
 *   left out of the threads' execArgv so its hooks are not installed twice.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { DomainError, type ErrorCode, type FieldError } from '../errors.js';

export interface TaskRequest {
  module: string;
  name: string;
  args: unknown[];
}

export type TaskReply = { ok: true; value: unknown } | { ok: false; refusal: { code: ErrorCode; detail: string | undefined; errors: FieldError[] | undefined; extra: Record<string, unknown> | undefined } };

const QUEUE_PER_THREAD = 16;
const TASK_DEADLINE_MS = 30_000;
const IDLE_MS = 60_000;

let threads = Math.max(1, availableParallelism());
let deadlineMs = TASK_DEADLINE_MS;
let pool: Piscina<TaskRequest, TaskReply> | undefined;
/** Tasks running or waiting. Counted here: piscina's own bound (maxQueue) skips abortable tasks. */
let inFlight = 0;

/** Sets the pool's size (OMS_CPU_THREADS; for the next pool started) and a task's deadline. */
export function configureCpuPool(options: { threads: number; deadlineMs?: number }): void {
  threads = Math.max(1, Math.floor(options.threads));
  deadlineMs = options.deadlineMs ?? TASK_DEADLINE_MS;
}

/** The parent's flags without tsx's (`--import tsx`, `--require …/tsx/…`): worker.mjs loads tsx. */
function workerExecArgv(): string[] {
  const isTsx = (a: string | undefined) => a !== undefined && (a === 'tsx' || /[\\/]tsx[\\/]/.test(a));
  const kept: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i] as string;
    if ((arg === '--import' || arg === '--require' || arg === '-r' || arg === '--loader') && isTsx(process.execArgv[i + 1])) i += 1;
    else if (!isTsx(arg.replace(/^--(import|require|loader)=/, ''))) kept.push(arg);
  }
  return kept;
}

/** True when this process runs the compiled JavaScript in dist/, false when it runs the TypeScript sources. */
const runsCompiled = import.meta.url.endsWith('.js');

/** What a thread imports for a task module named by its source: the compiled `.js` when running compiled. */
function runnable(module: URL): string {
  return runsCompiled ? module.href.replace(/\.ts$/, '.js') : module.href;
}

function thePool(): Piscina<TaskRequest, TaskReply> {
  pool ??= new Piscina<TaskRequest, TaskReply>({
    filename: new URL(runsCompiled ? './worker.js' : './worker.mjs', import.meta.url).href,
    name: 'default',
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: IDLE_MS,
    // Tasks render PDFs with streams: a thread must keep its event loop between tasks.
    atomics: 'disabled',
    // Below the event loop's priority: when the cores are busy, answering requests comes first.
    niceIncrement: 10,
    execArgv: workerExecArgv(),
  });
  return pool;
}

/** Runs `name` exported by `module` on a pool thread. Prefer `cpuTask`, which types it. */
export async function runInPool(module: URL, name: string, args: unknown[]): Promise<unknown> {
  if (inFlight >= threads * (1 + QUEUE_PER_THREAD)) throw new DomainError('SERVICE_BUSY', 'Too many computations are waiting.');
  let reply: TaskReply;
  inFlight += 1;
  try {
    reply = await thePool().run({ module: runnable(module), name, args }, { signal: AbortSignal.timeout(deadlineMs) });
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') throw new DomainError('SERVICE_BUSY', 'The computation took too long.');
    throw e;
  } finally {
    inFlight -= 1;
  }
  if (!reply.ok) throw new DomainError(reply.refusal.code, reply.refusal.detail, reply.refusal.errors, reply.refusal.extra);
  const value = reply.value;
  // A Buffer crosses threads as a plain Uint8Array.
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}

type Fn = (...args: never[]) => unknown;

/**
 * A function of a module, run on the pool: `cpuTask<typeof mod, 'render'>(new URL('./mod.ts',
 * import.meta.url), 'render')` returns an async function with `render`'s parameters. Name the
 * `.ts` source; running compiled, the thread loads its `.js`. The module should import only what
 * the task needs: every thread loads it.
 */
export function cpuTask<M extends Record<K, Fn>, K extends keyof M & string>(module: URL, name: K): (...args: Parameters<M[K]>) => Promise<Awaited<ReturnType<M[K]>>> {
  return (...args) => runInPool(module, name, args) as Promise<Awaited<ReturnType<M[K]>>>;
}

/** Ends the pool's threads (after their current tasks); the next task starts a new pool. */
export async function closeCpuPool(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.close();
}
