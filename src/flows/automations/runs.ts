import type { Db } from '../../platform/db/database.js';
import type { PageRequest } from '../../platform/db/keyset.js';
import { listRuns, runView, type RunFilter } from '../../modules/automations/index.js';
import { orderNumbersOf } from '../../modules/orders/index.js';

/**
 * /v1/automation-runs and /v1/automations/{id}/runs (ADR 0038): the runs newest first, each with
 * its order's number beside its id (read from the orders module: people know an order by its number).
 */
export async function runViews(db: Db, tenantId: string, filter: RunFilter, page: PageRequest): Promise<ReturnType<typeof runView>[]> {
  const rows = await listRuns(db, tenantId, filter, page);
  const numbers = await orderNumbersOf(db, tenantId, rows.flatMap((r) => (r.orderId === null ? [] : [r.orderId])));
  return rows.map((r) => runView(r, numbers));
}
