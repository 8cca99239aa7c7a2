import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';

const BINARIES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real NATS server with JetStream for a test: TEST_NATS_URL when set (CI points it at the
 * machine's server), else a private `nats-server -js` on a free port with a throw-away store.
 * Undefined when neither exists (the caller then says why the test cannot run here).
 */
export async function startNats(): Promise<{ url: string; stop(): Promise<void> } | undefined> {
  if (process.env.TEST_NATS_URL) return { url: process.env.TEST_NATS_URL, stop: async () => {} };
  const server = await startPrivateNats();
  return server && { url: server.url, stop: () => server.dispose() };
}

export interface PrivateNats {
  url: string;
  /** Stops the server (SIGTERM); its JetStream store stays for `start`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
  /** Stops it for good and removes its store. */
  dispose(): Promise<void>;
}

/**
 * A `nats-server -js` of the test's own, which it may stop and start again (the machine's server
 * is shared by the tests running beside it). Undefined when nats-server is not installed.
 */
export async function startPrivateNats(): Promise<PrivateNats | undefined> {
  const binary = BINARIES.find((b) => existsSync(b));
  if (!binary) return undefined;
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'oms-nats-'));
  const url = `nats://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        const nc = await connect({ servers: url, reconnect: false });
        await nc.close();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    running.kill('SIGTERM');
    await new Promise((r) => running.once('exit', r));
  };
  await start();
  return {
    url,
    stop,
    start,
    dispose: async () => {
      await stop();
      rmSync(store, { recursive: true, force: true });
    },
  };
}
