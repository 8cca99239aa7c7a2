/**
 * The worker side of the CPU pool (pool.ts): runs one export of one module with the arguments it
 * was sent. A refusal (DomainError) travels back as data — an Error crossing threads keeps only
 * its message — and the pool throws it again on the main thread, so callers see what they would
 * have seen had the function run there.
 */
import { DomainError } from '../errors.js';
import type { TaskReply, TaskRequest } from './pool.js';

export default async function runTask({ module, name, args }: TaskRequest): Promise<TaskReply> {
  const exports = (await import(module)) as Record<string, unknown>;
  const fn = exports[name];
  if (typeof fn !== 'function') throw new TypeError(`${module} has no function ${name}`);
  try {
    return { ok: true, value: await (fn as (...a: unknown[]) => unknown)(...args) };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, refusal: { code: e.code, detail: e.detail, errors: e.errors, extra: e.extra } };
    throw e;
  }
}
