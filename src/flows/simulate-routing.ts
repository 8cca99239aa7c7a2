import type { Db } from '../platform/db/database.js';
import { readStockForPlanning } from '../modules/inventory/index.js';
import { prepare, planFor, type CanonicalOrder } from './place-order.js';

export interface SimulationResult {
  allocations: { line: number; sku: string; location: string; quantity: number }[];
  backorders: { line: number; sku: string; quantity: number }[];
  shortages: { line: number; sku: string; requested: number; available: number }[];
  explanation: string[];
}

/**
 * The allocation plan capture would make for this order right now, with its reasons, reserving
 * nothing. It runs the same validation and the same planner over the same stock read as capture.
 */
export async function simulateRouting(db: Db, tenantId: string, order: CanonicalOrder): Promise<SimulationResult> {
  const prepared = await prepare(db, tenantId, order);
  const lineIds = order.lines.map((_, i) => `line-${i}`);
  const snapshot = await readStockForPlanning(db, tenantId, [...new Set(order.lines.map((l) => l.sku))]);
  const plan = planFor(order, lineIds, prepared, snapshot);
  const line = (id: string) => lineIds.indexOf(id);
  return {
    allocations: plan.allocations.map((a) => ({ line: line(a.lineId), sku: a.sku, location: a.locationCode, quantity: a.quantity })),
    backorders: plan.backorders.map((b) => ({ line: line(b.lineId), sku: b.sku, quantity: b.quantity })),
    shortages: plan.shortages.map((s) => ({ line: line(s.lineId), sku: s.sku, requested: s.requested, available: s.available })),
    explanation: plan.explanation,
  };
}
