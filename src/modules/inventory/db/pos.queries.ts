import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import { lockStockRows, stockRowsNamed } from './stock.queries.js';

export interface CounterStockRow {
  sku: string;
  on_hand: number;
  reserved: number;
}

/**
 * Locks one location's stock rows of these SKUs in the global (location, sku) order and answers
 * them as they now are. A SKU never stocked there has no row (and nothing to take).
 */
export async function lockCounterStock(db: Db, tenantId: string, locationId: string, skus: string[]): Promise<CounterStockRow[]> {
  if (skus.length === 0) return [];
  const rows = await lockStockRows(db, tenantId, stockRowsNamed([...new Set(skus)].map((sku) => ({ sku, locationId }))));
  return rows.map((r) => ({ sku: r.sku, on_hand: Number(r.on_hand), reserved: Number(r.reserved) }));
}

/**
 * Lowers on hand of locked rows by the given units. The caller computed them from the locked
 * rows, so none takes on hand below reserved; the CHECK constraint backs that.
 */
export async function takeCounterStock(db: Db, tenantId: string, locationId: string, now: Date, takes: { sku: string; quantity: number }[]): Promise<CounterStockRow[]> {
  if (takes.length === 0) return [];
  const rows = await queryRows<CounterStockRow>(db, sql`
    update stock_levels s set on_hand = s.on_hand - w.qty, updated_at = ${now}
    from unnest(${sql.param(takes.map((t) => t.sku))}::text[], ${sql.param(takes.map((t) => t.quantity))}::int[]) as w(sku, qty)
    where s.tenant_id = ${tenantId} and s.location_id = ${locationId} and s.sku = w.sku
    returning s.sku, s.on_hand, s.reserved`);
  return rows.map((r) => ({ sku: r.sku, on_hand: Number(r.on_hand), reserved: Number(r.reserved) }));
}
