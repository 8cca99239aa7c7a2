import { StockChanged, type StockSnapshotRow } from '../../../modules/inventory/index.js';

/**
 * ADR 0002's planning loop, the one copy: `attempt` plans on an unlocked read of the stock and
 * reserves last with a conditional statement; when stock moved meanwhile that statement throws
 * `StockChanged`, the transaction rolls back and the loop reads again and retries. After
 * `optimisticAttempts` such tries `attempt` is given no snapshot: it must plan on rows it locks
 * itself (`lockStockForPlanning`), which cannot be overtaken, so the loop always ends. Any other
 * error, or `StockChanged` on the locked try, goes to the caller.
 */
export async function withOptimisticPlan<T>(
  optimisticAttempts: number,
  firstRead: StockSnapshotRow[],
  reread: () => Promise<StockSnapshotRow[]>,
  attempt: (unlockedSnapshot: StockSnapshotRow[] | undefined) => Promise<T>,
): Promise<T> {
  let snapshot = firstRead;
  for (let n = 1; ; n++) {
    const locked = n > optimisticAttempts;
    try {
      return await attempt(locked ? undefined : snapshot);
    } catch (error) {
      if (!(error instanceof StockChanged) || locked) throw error;
      snapshot = await reread();
    }
  }
}
