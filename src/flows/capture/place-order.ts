import type { Db } from '../../platform/db/database.js';
import type { CanonicalOrder } from '../../platform/contracts/canonical-order.js';
import type { Idempotency } from '../../platform/idempotency/idempotency.js';
import type { Actor } from '../../platform/outbox/events.js';
import { captureOrder, type CaptureResult } from './steps/capture-order.js';

/**
 * POST /v1/orders: an order in the canonical shape, captured by the one capture path every channel
 * uses (`captureOrder`: validate, plan, reserve, insert, events, idempotency). 201 with the new
 * order; 200 with the existing one for a repeated (channel, external_id); a repeated
 * Idempotency-Key replays the first answer.
 */
export async function placeOrder(db: Db, actor: Actor, input: CanonicalOrder, now: Date, idempotency?: Idempotency): Promise<CaptureResult> {
  return captureOrder(db, actor, input, now, idempotency, { viaApi: true });
}
