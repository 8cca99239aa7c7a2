import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { idempotently, type Idempotency } from '../../../platform/idempotency/idempotency.js';

/**
 * A repeated (channel, external_id), by API, POS, import or webhook: the existing order's `body`
 * with 200, remembered under this request's Idempotency-Key too, so its retries replay it (or, if
 * the key already answered, that answer again: `replayed`). Nothing else is written.
 */
export async function answerDuplicate<T>(db: Db, tenantId: string, body: T, now: Date, idempotency: Idempotency | undefined): Promise<{ statusCode: 200 | 201; body: T; outcome: 'duplicate' | 'replayed' }> {
  if (!idempotency) return { statusCode: 200, body, outcome: 'duplicate' };
  const answer = await inTransaction(db, (tx) => idempotently<T, 200 | 201>(tx, tenantId, idempotency, now, 200, async () => body));
  return { statusCode: answer.statusCode, body: answer.body, outcome: answer.replayed ? 'replayed' : 'duplicate' };
}
