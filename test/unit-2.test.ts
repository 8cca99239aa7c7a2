import { runSharedShard } from './support/shared-process.js';

// Half of the unit tests beside the code, in this one process (test/support/shared-process.ts).
runSharedShard('unit', 2, 2);
