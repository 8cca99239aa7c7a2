import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { deleteFinishedRuns } from '../db/automations.queries.js';

/**
 * The `automation-run-retention` job (ADR 0038): runs are kept `retentionDays` (default 90,
 * OMS_AUTOMATION_RUN_RETENTION_DAYS) after they finished — completed, not matched, failed, loop
 * guarded — then deleted, 1,000 per transaction. A waiting run is never deleted, however old: it
 * still has actions to run. The loop guard counts only the past hour's runs, so it loses nothing.
 */
export async function pruneRuns(db: Db, now: Date, retentionDays: number): Promise<{ handled: number; more: boolean }> {
  const batch = 1_000;
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  const handled = await inTransaction(db, (tx) => deleteFinishedRuns(tx, before, batch));
  return { handled, more: handled === batch };
}
