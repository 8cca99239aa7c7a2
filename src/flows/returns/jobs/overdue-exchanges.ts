import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { appendEvents } from '../../../platform/outbox/events.js';
import { claimOverdueExchanges } from '../../../modules/returns/index.js';

/**
 * Worker job: instant exchanges whose return is still requested or approved when due are flagged
 * (`overdue_at`, shown as `exchange.overdue`, listed by GET /v1/returns?exchange_overdue=true) and
 * `return.exchange_overdue` is appended, once each. The replacement has shipped on trust: the
 * merchant follows up (charge, cancel) — nothing is charged automatically.
 */
export async function flagOverdueExchanges(db: Db, now: Date, limit = 200): Promise<{ handled: number; more: boolean }> {
  return inTransaction(db, async (tx) => {
    const flagged = await claimOverdueExchanges(tx, now, limit);
    for (const x of flagged) {
      await appendEvents(tx, { tenantId: x.tenantId, actorId: 'system:returns-overdue-exchanges' }, now, [
        {
          type: 'return.exchange_overdue',
          aggregateType: 'return',
          aggregateId: x.returnId,
          data: { order_id: x.orderId, replacement_order_id: x.replacementOrderId, due_at: x.dueAt?.toISOString() ?? null, reason: 'the returned units are not on their way by the due date', who: 'system:returns-overdue-exchanges' },
        },
      ]);
    }
    return { handled: flagged.length, more: flagged.length === limit };
  });
}
