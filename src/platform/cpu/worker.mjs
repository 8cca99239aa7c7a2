// The pool's thread entry. A worker thread gets no TypeScript hooks from its parent on Node 20:
// `--import tsx` in the inherited execArgv loads only CommonJS hooks there, and bin/oms.js
// registers tsx from code, which threads do not inherit. So the thread registers tsx itself,
// then loads the typed worker (worker.ts).
import { register } from 'tsx/esm/api';

register();
const { default: runTask } = await import('./worker.ts');
export default runTask;
