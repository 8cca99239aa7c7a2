import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { sendJson, type HttpTarget } from './http.js';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  engine: Engine;
  /** Env vars for the server process. */
  env: Record<string, string>;
  /** Where the data lives, for the report (password stripped). */
  description: string;
  cleanup: () => Promise<void>;
}

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}

/**
 * BENCH_DATABASE_URL: used verbatim. DATABASE_URL or --postgres: a fresh database created on that
 * server and dropped afterwards. Otherwise: PGlite in a fresh temp dir.
 */
export async function prepareDatabase(opts: { postgres: boolean; keep: boolean; stamp: string }, log: (m: string) => void): Promise<Database> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) {
    return { engine: 'postgres', env: { DATABASE_URL: given }, description: `${redact(given)} (BENCH_DATABASE_URL, not created/dropped)`, cleanup: async () => {} };
  }
  const base = process.env.DATABASE_URL || (opts.postgres ? DEFAULT_PG : undefined);
  if (base) {
    const name = `oms_bench_${opts.stamp.replace(/[^0-9a-z]/gi, '').toLowerCase()}`;
    const admin = new URL(base);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    const url = new URL(base);
    url.pathname = `/${name}`;
    log(`created database ${name} on ${redact(admin.toString())}`);
    return {
      engine: 'postgres',
      env: { DATABASE_URL: url.toString() },
      description: redact(url.toString()),
      cleanup: async () => {
        if (opts.keep) {
          log(`kept database ${name} (--keep)`);
          return;
        }
        const c = new pg.Client({ connectionString: admin.toString() });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          log(`dropped database ${name}`);
        } finally {
          await c.end();
        }
      },
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'oms-bench-'));
  return {
    engine: 'pglite',
    env: { OMS_DATA_DIR: dir },
    description: dir,
    cleanup: async () => {
      if (opts.keep) {
        log(`kept PGlite data dir ${dir} (--keep)`);
        return;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const TAIL_LINES = 40;

export class ServerProcess {
  readonly child: ChildProcess;
  private exited = false;
  private exitInfo = '';
  private readonly tail: string[] = [];
  private readonly logFile: WriteStream;
  private readonly exitWaiters: (() => void)[] = [];
  /** Set by the owner to be told when the server dies on its own. */
  onUnexpectedExit: ((info: string) => void) | undefined;
  private stopping = false;

  constructor(opts: { cwd: string; entry: string; env: Record<string, string>; logPath: string; verbose: boolean }) {
    const entry = path.resolve(opts.cwd, opts.entry);
    if (!existsSync(entry)) throw new Error(`server entry ${entry} does not exist (yet?)`);
    this.logFile = createWriteStream(opts.logPath);
    const env: NodeJS.ProcessEnv = { ...process.env };
    // The database is chosen by prepareDatabase(); never leak the caller's settings through.
    delete env.DATABASE_URL;
    delete env.OMS_DATA_DIR;
    delete env.BENCH_DATABASE_URL;
    Object.assign(env, opts.env);
    this.child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', entry, 'serve'], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (chunk: Buffer): void => {
      this.logFile.write(chunk);
      if (opts.verbose) process.stderr.write(chunk.toString().replace(/^(?=.)/gm, '[server] '));
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        this.tail.push(line);
        if (this.tail.length > TAIL_LINES) this.tail.shift();
      }
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
      this.logFile.end();
      for (const w of this.exitWaiters.splice(0)) w();
      if (!this.stopping) this.onUnexpectedExit?.(this.exitInfo);
    });
    this.child.on('error', (err) => {
      this.tail.push(`spawn error: ${err.message}`);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exited;
  }

  describeExit(): string {
    return `server ${this.exitInfo || 'still running'}; last output:\n${this.tail.map((l) => `  | ${l}`).join('\n') || '  | (none)'}`;
  }

  async waitReady(target: HttpTarget, timeoutMs: number, signal?: AbortSignal): Promise<number> {
    const t0 = Date.now();
    let last = '';
    while (Date.now() - t0 < timeoutMs) {
      if (signal?.aborted) throw new Error('aborted while waiting for the server');
      if (this.exited) throw new Error(`server exited before becoming ready.\n${this.describeExit()}`);
      const res = await sendJson(target, 'GET', '/ready');
      if (res.status === 200) return Date.now() - t0;
      last = res.status === 0 ? (res.error ?? '') : `HTTP ${res.status} ${res.body.slice(0, 200)}`;
      await sleep(200);
    }
    throw new Error(`server not ready after ${timeoutMs} ms (last /ready: ${last}).\n${this.describeExit()}`);
  }

  /** SIGTERM, then SIGKILL after a grace period. Safe to call more than once. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    if (this.exited || this.child.exitCode !== null) return;
    const gone = new Promise<void>((r) => this.exitWaiters.push(r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }

  /** Last-resort synchronous kill, for process 'exit'. */
  killNow(): void {
    this.stopping = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
