import type { Static } from '@fastify/type-provider-typebox';
import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { dockToStock, returnRate, type AnalyticsView, type RateGroup } from '../../modules/returns/index.js';

/**
 * GET /v1/analytics/returns: the return rate of the orders placed in [from, to) (units under
 * return ÷ units shipped, by SKU, reason or channel) and dock-to-stock time of the units disposed
 * in [from, to) (seconds from the parcel reaching the dock to the disposition, p50 and p90 over
 * dispositions).
 */
export async function returnAnalytics(db: Db, tenantId: string, fromDay: string, toDay: string, group: RateGroup): Promise<Static<typeof AnalyticsView>> {
  const from = new Date(`${fromDay}T00:00:00Z`);
  const to = new Date(`${toDay}T00:00:00Z`);
  if (!(to.getTime() > from.getTime())) throw new DomainError('REQUEST_INVALID', 'The period is empty.', [{ field: 'query.to', message: 'must be after from' }]);
  const [rates, dock] = await Promise.all([returnRate(db, tenantId, from, to, group), dockToStock(db, tenantId, from, to)]);
  return {
    from: fromDay,
    to: toDay,
    group_by: group,
    rates: rates.map((r) => ({ key: r.key, units_returned: r.returned, units_shipped: r.shipped, rate: r.shipped === 0 ? null : r.returned / r.shipped })),
    dock_to_stock: { units: dock.units, p50_seconds: dock.p50, p90_seconds: dock.p90 },
  };
}
