import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { formatMoney, currencyExponent } from '../../platform/kernel/money.js';
import type { Address } from '../../platform/http/address.js';
import { readStockForPlanning, reservationsOfOrders } from '../../modules/inventory/index.js';
import { findOrder, linesOfOrders } from '../../modules/orders/index.js';
import type { RoutingPolicy } from '../../modules/routing/index.js';
import { prepare, planFor, type CanonicalOrder } from '../capture/place-order.js';
import { loadRoutingSetup } from './steps/routing.js';
import { customerLineIndex, stockSkusOf } from './steps/explode-kits.js';

export interface SimulationResult {
  policy: string | null;
  rule: string;
  hold: { queue: string; reason: string } | null;
  allocations: { line: number; sku: string; location: string; quantity: number }[];
  backorders: { line: number; sku: string; quantity: number }[];
  shortages: { line: number; sku: string; requested: number; available: number }[];
  explanation: string[];
}

/**
 * The allocation plan capture would make for this order right now (or under a proposed policy),
 * with its reasons, reserving nothing. It runs the same validation, the same setup reads and the
 * same planner over the same stock read as capture.
 */
export async function simulateRouting(db: Db, tenantId: string, order: CanonicalOrder, now: Date, proposed?: RoutingPolicy): Promise<SimulationResult> {
  const skus = [...new Set(order.lines.map((l) => l.sku))];
  const [prepared, routing, firstRead] = await Promise.all([prepare(db, tenantId, order), loadRoutingSetup(db, tenantId, now), readStockForPlanning(db, tenantId, skus)]);
  // Kits are planned on their components' stock, as at capture (src/flows/routing/steps/explode-kits.ts).
  const stockSkus = stockSkusOf(skus, prepared.products);
  const snapshot = stockSkus === skus ? firstRead : await readStockForPlanning(db, tenantId, stockSkus);
  const lineIds = order.lines.map((_, i) => `line-${i}`);
  const plan = planFor(order, lineIds, prepared, routing, snapshot, proposed ? { policy: proposed } : {});
  // A kit's component units answer the customer's kit line.
  const line = (id: string) => customerLineIndex(order.lines, prepared.unitPrices, prepared.products, lineIds, id);
  return {
    policy: plan.policy,
    rule: plan.rule,
    hold: plan.hold,
    allocations: plan.allocations.map((a) => ({ line: line(a.lineId), sku: a.sku, location: a.locationCode, quantity: a.quantity })),
    backorders: plan.backorders.map((b) => ({ line: line(b.lineId), sku: b.sku, quantity: b.quantity })),
    shortages: plan.shortages.map((s) => ({ line: line(s.lineId), sku: s.sku, requested: s.requested, available: s.available })),
    explanation: plan.explanation,
  };
}

export interface StoredOrderSimulation extends SimulationResult {
  order_id: string;
  /** Where the order's units are reserved now. */
  current: { sku: string; location: string; quantity: number }[];
  /** Whether the simulated plan puts units elsewhere than they are now. */
  changed: boolean;
}

/**
 * Past orders re-routed as if they arrived now (their own reservations counted back as
 * available), under the current policies or a proposed one: what a policy change would do to
 * real traffic before it goes live. Cancelled units are left out; nothing is reserved.
 */
export async function simulateStoredOrders(db: Db, tenantId: string, orderIds: string[], now: Date, proposed?: RoutingPolicy): Promise<StoredOrderSimulation[]> {
  const results: StoredOrderSimulation[] = [];
  for (const [i, orderId] of orderIds.entries()) {
    const order = await findOrder(db, tenantId, orderId);
    if (!order) throw new DomainError('ORDER_NOT_FOUND', `No order ${orderId}.`, [{ field: `order_ids[${i}]`, message: 'no such order' }]);
    const [lines, reserved] = await Promise.all([linesOfOrders(db, tenantId, [orderId]), reservationsOfOrders(db, tenantId, [orderId])]);
    const exponent = currencyExponent(order.currency) ?? 2;
    // Kit component lines are exploded again from their kit line.
    const live = lines.filter((l) => l.quantity - l.cancelled > 0 && l.parentLineId === null);
    const canonical: CanonicalOrder = {
      channel: order.channel,
      currency: order.currency,
      tags: order.tags,
      shipping_address: order.shippingAddress as Address | null,
      lines: live.map((l) => ({ sku: l.sku, quantity: l.quantity - l.cancelled, unit_price: formatMoney(l.unitPriceMinor, exponent) })),
    };
    const skus = [...new Set(live.map((l) => l.sku))];
    const [prepared, routing, firstRead] = await Promise.all([prepare(db, tenantId, canonical), loadRoutingSetup(db, tenantId, now), readStockForPlanning(db, tenantId, skus)]);
    const stockSkus = stockSkusOf(skus, prepared.products);
    const snapshot = stockSkus === skus ? firstRead : await readStockForPlanning(db, tenantId, stockSkus);
    const withOwn = snapshot.map((row) => ({ ...row, available: row.available + reserved.filter((r) => r.sku === row.sku && r.locationCode === row.location_code).reduce((n, r) => n + r.quantity, 0) }));
    const plan = planFor(canonical, live.map((l) => l.id), prepared, routing, withOwn, proposed ? { policy: proposed } : {});
    const index = (id: string) => customerLineIndex(canonical.lines, prepared.unitPrices, prepared.products, live.map((l) => l.id), id);
    const current = reserved.map((r) => ({ sku: r.sku, location: r.locationCode, quantity: r.quantity }));
    const key = (xs: { sku: string; location: string; quantity: number }[]) => xs.map((x) => `${x.sku}@${x.location}x${x.quantity}`).sort().join(',');
    const allocations = plan.allocations.map((a) => ({ line: index(a.lineId), sku: a.sku, location: a.locationCode, quantity: a.quantity }));
    results.push({
      order_id: orderId,
      policy: plan.policy,
      rule: plan.rule,
      hold: plan.hold,
      allocations,
      backorders: plan.backorders.map((b) => ({ line: index(b.lineId), sku: b.sku, quantity: b.quantity })),
      shortages: plan.shortages.map((s) => ({ line: index(s.lineId), sku: s.sku, requested: s.requested, available: s.available })),
      explanation: plan.explanation,
      current,
      changed: key(current) !== key(allocations),
    });
  }
  return results;
}
