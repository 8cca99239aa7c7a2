import { runUnitTests } from './support/unit-tests.js';

// Half of the unit tests beside the code, in this one process (test/support/unit-tests.ts).
runUnitTests(2, 2);
