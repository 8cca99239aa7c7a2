import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { DomainError } from '../errors.js';
import { closeCpuPool, configureCpuPool, cpuTask } from './pool.js';
import type * as tasks from '../../../test/support/cpu-tasks.js';

const module = new URL('../../../test/support/cpu-tasks.ts', import.meta.url);
const spin = cpuTask<typeof tasks, 'spin'>(module, 'spin');
const echo = cpuTask<typeof tasks, 'echo'>(module, 'echo');
const refuse = cpuTask<typeof tasks, 'refuse'>(module, 'refuse');
const crash = cpuTask<typeof tasks, 'crash'>(module, 'crash');

after(() => closeCpuPool());

test('a task runs on a thread: plain data, Dates and Maps go and come back; a Buffer comes back a Buffer', async () => {
  const when = new Date('2026-11-27T10:00:00Z');
  const result = await echo({ when, sizes: new Map([['A', 1]]) });
  assert.deepEqual(result.when, when);
  assert.deepEqual(result.sizes, new Map([['A', 1]]));
  // A Buffer nested in a result comes back as a Uint8Array; one returned as the result is a Buffer.
  assert.equal(Buffer.from(result.pdf).toString(), '%PDF-1.7');
  const bytes = await cpuTask<typeof tasks, 'bytes'>(module, 'bytes')();
  assert.ok(Buffer.isBuffer(bytes), 'the task returned bytes');
});

test('a refusal thrown on the thread is the same DomainError here; a bug stays an error', async () => {
  await assert.rejects(refuse(), (e: unknown) => {
    assert.ok(e instanceof DomainError, `a DomainError: ${String(e)}`);
    assert.deepEqual([e.code, e.detail, e.errors, e.extra], ['FULFILLMENT_PLAN_TOO_LARGE', 'Too big.', [{ field: 'items', message: 'at most 5000 units' }], { limit: 'units', max: 5000 }]);
    return true;
  });
  await assert.rejects(crash(), (e: unknown) => !(e instanceof DomainError) && e instanceof Error && /a bug/.test(e.message));
});

test('past its queue the pool refuses with 503 SERVICE_BUSY instead of queueing without end; then serves again', async () => {
  await closeCpuPool();
  configureCpuPool({ threads: 1 });
  try {
    // One thread and 16 places in the queue: the 18th task at once is one too many.
    const running = Array.from({ length: 17 }, () => spin(50));
    await assert.rejects(spin(1), (e: unknown) => e instanceof DomainError && e.code === 'SERVICE_BUSY' && e.status === 503);
    await Promise.all(running);
    assert.ok(await spin(1), 'the pool takes work again');
  } finally {
    await closeCpuPool();
    configureCpuPool({ threads: 2 });
  }
});

test('a task past its deadline is stopped (its thread ends) and refused with 503 SERVICE_BUSY; the pool goes on', async () => {
  configureCpuPool({ threads: 2, deadlineMs: 300 });
  try {
    await assert.rejects(spin(60_000), (e: unknown) => e instanceof DomainError && e.code === 'SERVICE_BUSY' && /too long/.test(e.detail ?? ''));
  } finally {
    configureCpuPool({ threads: 2 });
  }
  assert.ok(await spin(1), 'the pool takes work again');
});

test('threads load the TypeScript tasks however the process started: node --import tsx (npm start) and tsx registered from code (bin/oms.js)', async () => {
  const run = promisify(execFile);
  const probe = 'test/support/cpu-pool-probe.ts';
  const expected = { isBuffer: true, text: '%PDF-1.7\n' };
  const viaImport = await run(process.execPath, ['--import', 'tsx', probe], { cwd: new URL('../../../', import.meta.url).pathname });
  assert.deepEqual(JSON.parse(viaImport.stdout), expected);
  const viaRegister = await run(process.execPath, ['--input-type=module', '-e', `import { register } from 'tsx/esm/api'; register(); await import('./${probe}');`], { cwd: new URL('../../../', import.meta.url).pathname });
  assert.deepEqual(JSON.parse(viaRegister.stdout), expected);
});
