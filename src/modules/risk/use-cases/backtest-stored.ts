import type { Db } from '../../../platform/db/database.js';
import { backtest, BACKTEST_MAX_DAYS, BACKTEST_MAX_ORDERS, type BacktestReport } from '../domain/backtest.js';
import type { Screening } from '../domain/decide.js';
import { decisionsPlacedSince } from '../db/decisions.queries.js';

export { BACKTEST_MAX_DAYS, BACKTEST_MAX_ORDERS };

/**
 * Screens the orders placed in the last `days` again, under a proposed rule set, on exactly the
 * inputs stored with their decisions (ADR 0030): what would have changed against what was decided.
 * Orders whose input was erased are left out.
 */
export async function backtestStored(db: Db, tenantId: string, screening: Screening, days: number, limit: number, now: Date): Promise<BacktestReport & { from: Date; to: Date }> {
  const from = new Date(now.getTime() - days * 86_400_000);
  const rows = (await decisionsPlacedSince(db, tenantId, from, new Date(now.getTime() + 86_400_000), limit)).filter((r) => !('erased' in (r.input as object)));
  const report = backtest(screening, rows.map((r) => ({ orderId: r.orderId, input: r.input, previous: r.action })));
  return { ...report, from, to: now };
}
