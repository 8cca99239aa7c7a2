/**
 * Cooperative time-slicing for long work that must stay on the event loop (it needs the embedded
 * database, which lives on this thread, or it is a stream of small steps). `await loopTurn()` in
 * such a loop lets timers, I/O and other requests run once the loop has gone `SLICE_MS` without a
 * turn; otherwise it costs one microtask.
 *
 * Why it is needed: a chain of promises that are already resolved never reaches the event loop.
 * PGlite answers queries that way (its WebAssembly runs on this thread), so 2,000 queries in a row
 * kept every timer and request waiting 2 s; an import of 2,000 orders on the embedded database
 * held the loop for 35 s.
 */
const SLICE_MS = 5;

let sliceStart = performance.now();

export async function loopTurn(): Promise<void> {
  if (performance.now() - sliceStart < SLICE_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  sliceStart = performance.now();
}
