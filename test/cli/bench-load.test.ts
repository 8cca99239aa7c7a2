import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { parseBenchArgs } from '../../scripts/bench/args.js';
import { createTarget } from '../../scripts/bench/http.js';
import { runLoad } from '../../scripts/bench/load.js';

/**
 * The benchmark's load generator (scripts/bench/load.ts): `--rate` turns the closed loop into an
 * open one, which sends on a schedule instead of as fast as answers come back, and charges a
 * request for the time it waited behind a busy slot.
 */

async function slowServer(delayMs: number): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => setTimeout(() => res.writeHead(201).end('{}'), delayMs));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('--rate must be a positive number; without it the load is a closed loop', () => {
  assert.equal(parseBenchArgs([]).ratePerS, undefined);
  assert.equal(parseBenchArgs(['--rate', '80']).ratePerS, 80);
  assert.throws(() => parseBenchArgs(['--rate', '0']), /--rate must be a positive number/);
  assert.throws(() => parseBenchArgs(['--rate', 'fast']), /--rate must be a positive number/);
});

test('an open loop sends no more than its schedule allows, where a closed loop sends as fast as it is answered', async () => {
  const server = await slowServer(2);
  try {
    const target = createTarget('127.0.0.1', server.port, {}, 4);
    const makeRequest = () => ({ method: 'GET', path: '/' });
    const open = await runLoad({ target, concurrency: 4, ratePerS: 20, durationMs: 1000, makeRequest, successStatus: 201 });
    const closed = await runLoad({ target, concurrency: 4, durationMs: 1000, makeRequest, successStatus: 201 });
    target.agent.destroy();
    assert.equal(open.rate_per_s, 20);
    assert.equal(closed.rate_per_s, null);
    // 20 per second for one second: slots 0..19 start inside the window.
    assert.ok(open.completed + open.drained_after_deadline <= 20, `open loop sent ${open.completed + open.drained_after_deadline}`);
    assert.ok(open.successes > 0, 'the open loop had answers');
    assert.ok(closed.completed > 40, `closed loop completed only ${closed.completed}`);
  } finally {
    await server.close();
  }
});

test('--screening takes on, off, both or both-off (two tenants in one run)', () => {
  assert.equal(parseBenchArgs([]).screening, 'on');
  assert.equal(parseBenchArgs(['--screening', 'both']).screening, 'both');
  assert.equal(parseBenchArgs(['--screening', 'both-off']).screening, 'both-off');
  assert.throws(() => parseBenchArgs(['--screening', 'maybe']), /--screening must be on, off, both or both-off/);
});

test('requests grouped in one run: each group has its own successes and latency', async () => {
  const server = await slowServer(1);
  try {
    const target = createTarget('127.0.0.1', server.port, {}, 2);
    const r = await runLoad({ target, concurrency: 2, durationMs: 400, makeRequest: () => ({ method: 'GET', path: '/' }), successStatus: 201, groupOf: (seq) => (seq % 2 === 1 ? 'odd' : 'even') });
    target.agent.destroy();
    assert.deepEqual(Object.keys(r.by_group ?? {}), ['even', 'odd']);
    const even = r.by_group?.even?.successes ?? 0;
    const odd = r.by_group?.odd?.successes ?? 0;
    assert.equal(even + odd, r.successes, 'every success is in one group');
    assert.ok(Math.abs(even - odd) <= 2, `alternating requests split evenly: ${even} and ${odd}`);
  } finally {
    await server.close();
  }
});

test('an open loop charges a request for the time it waited behind a busy slot', async () => {
  // One slot, a server that takes 50 ms, orders due every 10 ms: the queue grows by 40 ms an
  // order, so the later orders' latencies (from their due time) far exceed the 50 ms of service.
  const server = await slowServer(50);
  try {
    const target = createTarget('127.0.0.1', server.port, {}, 1);
    const r = await runLoad({ target, concurrency: 1, ratePerS: 100, durationMs: 600, makeRequest: () => ({ method: 'GET', path: '/' }), successStatus: 201 });
    target.agent.destroy();
    assert.ok(r.successes >= 3, `only ${r.successes} answered`);
    assert.ok((r.latency_ms.max ?? 0) >= 100, `the longest wait was ${r.latency_ms.max} ms; queued time is not counted`);
  } finally {
    await server.close();
  }
});
