// The pool's thread entry when the process runs the TypeScript sources (tests, development; the
// compiled build in dist/ starts its threads at worker.js and never loads this file). A worker
// thread gets no TypeScript hooks from its parent on Node 20: `--import tsx` in the inherited
// execArgv loads only CommonJS hooks there, and tsx registered from code is not inherited. So the
// thread registers tsx itself, then loads the typed worker (worker.ts).
import { register } from 'tsx/esm/api';

register();
const { default: runTask } = await import('./worker.ts');
export default runTask;
