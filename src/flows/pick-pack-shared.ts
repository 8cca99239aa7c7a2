import type { Db } from '../platform/db/database.js';
import { claimIdempotencyKey, completeIdempotencyKey } from '../platform/idempotency/idempotency.js';
import type { Actor } from '../platform/outbox/events.js';

export interface Idempotency {
  key: string;
  fingerprint: string;
}

/**
 * Runs `work` inside the caller's transaction under an Idempotency-Key (when given): the first
 * request's answer is stored with its effects; a retry replays it and does nothing else.
 */
export async function idempotently<T, S extends number>(tx: Db, actor: Actor, idempotency: Idempotency | undefined, now: Date, statusCode: S, work: () => Promise<T>): Promise<{ statusCode: S; body: T }> {
  if (idempotency) {
    const claim = await claimIdempotencyKey(tx, actor.tenantId, idempotency.key, idempotency.fingerprint, now);
    if (claim.kind === 'replay') return { statusCode: claim.statusCode as S, body: claim.response as T };
  }
  const body = await work();
  if (idempotency) await completeIdempotencyKey(tx, actor.tenantId, idempotency.key, statusCode, body);
  return { statusCode, body };
}
