/** Run as a process of its own (pool.test.ts): one pool task, its answer printed as JSON. */
import { closeCpuPool, cpuTask } from '../../src/platform/cpu/pool.js';
import type * as tasks from './cpu-tasks.js';

const bytes = cpuTask<typeof tasks, 'bytes'>(new URL('./cpu-tasks.ts', import.meta.url), 'bytes');
const pdf = await bytes();
process.stdout.write(`${JSON.stringify({ isBuffer: Buffer.isBuffer(pdf), text: pdf.toString() })}\n`);
await closeCpuPool();
