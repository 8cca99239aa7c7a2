import { runSharedShard } from './support/shared-process.js';

// A sixth of the API tests, in this one process (test/support/shared-process.ts).
runSharedShard('api', 5, 6);
