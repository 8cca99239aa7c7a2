import type { Db } from '../../platform/db/database.js';
import type { PageRequest } from '../../platform/db/keyset.js';
import { page } from '../../platform/http/pagination.js';
import { lastEventTimes } from '../../platform/outbox/events.js';
import { lowStockThresholds } from '../../modules/catalog/index.js';
import { listLowStock, stockAlertView } from '../../modules/inventory/index.js';

/**
 * GET /v1/stock-alerts: every SKU × location at or below its product's low-stock threshold now
 * (the catalog owns thresholds, inventory the levels), by SKU then location, with when it last
 * crossed (the `inventory.low_stock` / `inventory.out_of_stock` events capture and adjustments append).
 */
export async function listStockAlerts(db: Db, tenantId: string, request: PageRequest) {
  const thresholds = await lowStockThresholds(db, tenantId);
  const rows = await listLowStock(db, tenantId, thresholds, request);
  const { data, next_cursor } = page(rows, request, (r) => [r.sku, r.locationId]);
  const since = await lastEventTimes(db, tenantId, data.map((r) => `${r.sku}@${r.locationId}`), ['inventory.low_stock', 'inventory.out_of_stock']);
  return { data: data.map((r) => stockAlertView(r, since.get(`${r.sku}@${r.locationId}`))), next_cursor };
}
