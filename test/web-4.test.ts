import { runSharedShard } from './support/shared-process.js';

// A quarter of the browser tests, in this one process and one Chromium (test/support/shared-process.ts).
runSharedShard('web', 4, 4);
