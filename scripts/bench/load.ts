import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { clip, send, type HttpTarget } from './http.js';
import { LatencyRecorder, round, type LatencySummary } from './stats.js';

export interface PreparedRequest {
  method: string;
  path: string;
  body?: Buffer;
  headers?: Record<string, string>;
}

export interface LoadSpec {
  target: HttpTarget;
  /** Fixed number of requests in flight (closed loop: each worker waits for its response). */
  concurrency: number;
  /** Open loop: requests scheduled at this rate; each latency counts from its scheduled start (no coordinated omission). */
  ratePerS?: number | undefined;
  durationMs: number;
  /** Builds request number `seq` (unique across the whole process). */
  makeRequest: (seq: number) => PreparedRequest;
  /** The one status counted as a success. Anything else is an error. */
  successStatus: number;
  /** Names the group request `seq` belongs to, for latencies per group of one run (`by_group`). */
  groupOf?: ((seq: number) => string) | undefined;
  /** Server process id, to sample its CPU use from /proc (Linux only). */
  serverPid?: number | undefined;
  /** The database server's processes serving this run (PostgreSQL backends), to sample their CPU too. */
  dbPids?: number[] | undefined;
  signal?: AbortSignal | undefined;
}

export interface ErrorBucket {
  /** "HTTP 409", "HTTP 200" (a 2xx that is not the expected status), or "transport: ECONNRESET…". */
  kind: string;
  count: number;
  /** Up to three distinct response bodies / messages. */
  samples: string[];
}

export interface LoadResult {
  concurrency: number;
  /** Open loop's arrival rate, or null for a closed loop. */
  rate_per_s: number | null;
  duration_s: number;
  /** Responses received within the measured window, any status. */
  completed: number;
  successes: number;
  errors: number;
  /** Successes per second over the measured window. */
  throughput_per_s: number;
  /** Latency of successful requests only. */
  latency_ms: LatencySummary;
  /** Latency of failed requests (they can be much faster or slower than successes). */
  error_latency_ms: LatencySummary;
  /** With `groupOf`: each group's successes and their latency, measured in the same window. */
  by_group?: Record<string, { successes: number; latency_ms: LatencySummary }>;
  errors_by_kind: ErrorBucket[];
  /** Requests still in flight at the deadline (completed afterwards and not counted), and in an open loop those due in the window but not yet sent. */
  drained_after_deadline: number;
  /** Load generator health: its own CPU use (% of one core) and event-loop delay. */
  client_cpu_pct: number;
  client_event_loop_p99_ms: number;
  /** Server process CPU use (% of one core), when measurable. */
  server_cpu_pct: number | null;
  /** CPU of the OMS process and of the database backends per successful request, in ms: steadier than throughput on a busy machine. */
  server_cpu_ms_per_success: number | null;
  db_cpu_ms_per_success: number | null;
}

let globalSeq = 0;

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const ok = new LatencyRecorder();
  const bad = new LatencyRecorder();
  const groups = new Map<string, LatencyRecorder>();
  const groupRecorder = (seq: number): LatencyRecorder | undefined => {
    if (!spec.groupOf) return undefined;
    const name = spec.groupOf(seq);
    let g = groups.get(name);
    if (!g) groups.set(name, (g = new LatencyRecorder()));
    return g;
  };
  const buckets = new Map<string, ErrorBucket>();
  let completed = 0;
  let drained = 0;

  const noteError = (kind: string, sample: string): void => {
    let b = buckets.get(kind);
    if (!b) buckets.set(kind, (b = { kind, count: 0, samples: [] }));
    b.count++;
    const s = clip(sample);
    if (b.samples.length < 3 && !b.samples.includes(s)) b.samples.push(s);
  };

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpu0 = process.cpuUsage();
  const srv0 = spec.serverPid === undefined ? undefined : procCpuMs(spec.serverPid);
  const db0 = spec.dbPids === undefined ? undefined : sumCpuMs(spec.dbPids);
  const t0 = performance.now();
  const deadline = t0 + spec.durationMs;

  // Open loop: slot k is due at t0 + k / rate; a worker takes the next slot, waits for its time and
  // counts the latency from it, so a request that waited for a free worker is charged for the wait.
  let nextSlot = 0;
  const intervalMs = spec.ratePerS === undefined ? 0 : 1000 / spec.ratePerS;
  const startOfNext = async (): Promise<number> => {
    if (spec.ratePerS === undefined) return performance.now();
    const due = t0 + nextSlot++ * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return due;
  };

  const worker = async (): Promise<void> => {
    while (!spec.signal?.aborted) {
      const start = await startOfNext();
      if (start >= deadline) return;
      if (performance.now() >= deadline) {
        drained++; // due in the window, but an overloaded open loop got to it only after
        return;
      }
      const seq = globalSeq++;
      const r = spec.makeRequest(seq);
      const res = await send(spec.target, r.method, r.path, r.body, r.headers);
      const end = performance.now();
      if (end > deadline) {
        drained++;
        continue;
      }
      completed++;
      const ms = end - start;
      if (res.status === spec.successStatus) {
        ok.record(ms);
        groupRecorder(seq)?.record(ms);
      } else {
        bad.record(ms);
        if (res.status === 0) noteError(`transport: ${(res.error ?? 'error').split(':')[0]}`, res.error ?? '');
        else noteError(`HTTP ${res.status}`, res.body);
      }
    }
  };

  await Promise.all(Array.from({ length: spec.concurrency }, () => worker()));

  const wallMs = Math.min(performance.now(), deadline) - t0;
  const cpu = process.cpuUsage(cpu0);
  const srv1 = spec.serverPid === undefined ? undefined : procCpuMs(spec.serverPid);
  const db1 = spec.dbPids === undefined ? undefined : sumCpuMs(spec.dbPids);
  const perSuccess = (a: number | undefined, b: number | undefined): number | null => (a !== undefined && b !== undefined && ok.count > 0 ? round((b - a) / ok.count, 2) : null);
  loopDelay.disable();
  const windowS = wallMs / 1000;

  return {
    concurrency: spec.concurrency,
    rate_per_s: spec.ratePerS ?? null,
    duration_s: round(windowS, 3),
    completed,
    successes: ok.count,
    errors: bad.count,
    throughput_per_s: windowS > 0 ? round(ok.count / windowS, 1) : 0,
    latency_ms: ok.summary(),
    error_latency_ms: bad.summary(),
    ...(spec.groupOf ? { by_group: Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, g]) => [name, { successes: g.count, latency_ms: g.summary() }])) } : {}),
    errors_by_kind: [...buckets.values()].sort((a, b) => b.count - a.count),
    drained_after_deadline: drained,
    client_cpu_pct: round(((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100, 1),
    client_event_loop_p99_ms: round(loopDelay.percentile(99) / 1e6, 1),
    server_cpu_pct: srv0 !== undefined && srv1 !== undefined ? round(((srv1 - srv0) / (performance.now() - t0)) * 100, 1) : null,
    server_cpu_ms_per_success: perSuccess(srv0, srv1),
    db_cpu_ms_per_success: perSuccess(db0, db1),
  };
}

/** utime+stime summed over processes (a backend that exited in between counts what it had used by then only). */
function sumCpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (procCpuMs(pid) ?? 0), 0);
}

/** utime+stime of a process in ms from /proc/<pid>/stat, or undefined where unavailable. */
function procCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime 14, stime 15 → indexes 11, 12 after the ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined; // CLK_TCK is 100 on Linux
  } catch {
    return undefined;
  }
}
