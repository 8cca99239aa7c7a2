/**
 * The module's CPU-heavy pure work, run on the process's worker pool (platform/cpu): parsing an
 * X12 interchange costs about 0.1 s per MB, and an import may hand over interchanges of many MB.
 */
import { cpuTask } from '../../platform/cpu/pool.js';
import type * as interchange from './domain/x12/interchange.js';

/** `parseInterchange` on a pool thread. */
export const parseInterchangeOffLoop = cpuTask<typeof interchange, 'parseInterchange'>(new URL('./domain/x12/interchange.ts', import.meta.url), 'parseInterchange');
