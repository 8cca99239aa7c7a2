import type { Job } from './runner.js';

/**
 * Every background job of the OMS. `oms serve` runs them in-process (unless --no-workers);
 * `oms worker` runs only them. Each job claims its rows with FOR UPDATE SKIP LOCKED.
 */
export const jobs: Job[] = [];
