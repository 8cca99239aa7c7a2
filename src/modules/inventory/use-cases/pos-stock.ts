import type { Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor } from '../../../platform/outbox/events.js';
import { insertMovements } from '../db/movements.queries.js';
import { lockCounterStock, takeCounterStock } from '../db/pos.queries.js';
import { lockSkusForAllocation } from '../db/stock.queries.js';
import type { AvailabilityChange } from '../domain/stock-alerts.js';

export interface SoldUnits {
  sku: string;
  quantity: number;
}

export interface CounterSaleOutcome {
  sku: string;
  locationId: string;
  /** Units sold at the counter (summed over the sale's lines of this SKU). */
  sold: number;
  /** Units taken off on hand (from unreserved stock only). */
  taken: number;
  /** Units sold that the system did not have unreserved there: sold - taken. */
  missing: number;
  onHand: number;
  reserved: number;
}

/**
 * Units already handed over at a location's counter leave its stock. The sale happened, so it is
 * never refused: each SKU's on hand falls by what was sold, but only as far as its unreserved
 * units go (units reserved for other orders stay theirs: `reserved <= on_hand` holds); what the
 * system did not have is answered as `missing` for the caller to report. Locks like a receipt:
 * the per-SKU advisory lock (sorted), then the stock rows in (location, sku) order. One ledger row
 * per SKU that moved, with `reason` and `reference`.
 */
export async function takeSoldUnits(tx: Db, actor: Actor, locationId: string, units: SoldUnits[], reason: string, reference: string, now: Date): Promise<{ outcomes: CounterSaleOutcome[]; changes: AvailabilityChange[] }> {
  const sold = new Map<string, number>();
  for (const u of units) sold.set(u.sku, (sold.get(u.sku) ?? 0) + u.quantity);
  const skus = [...sold.keys()].sort();
  await lockSkusForAllocation(tx, actor.tenantId, skus);
  const rows = new Map((await lockCounterStock(tx, actor.tenantId, locationId, skus)).map((r) => [r.sku, r]));
  const takes = skus.flatMap((sku) => {
    const row = rows.get(sku);
    const quantity = row ? Math.min(sold.get(sku) as number, row.on_hand - row.reserved) : 0;
    return quantity > 0 ? [{ sku, quantity }] : [];
  });
  const after = new Map((await takeCounterStock(tx, actor.tenantId, locationId, now, takes)).map((r) => [r.sku, r]));
  const outcomes = skus.map((sku) => {
    const level = after.get(sku) ?? rows.get(sku);
    const taken = takes.find((t) => t.sku === sku)?.quantity ?? 0;
    const units = sold.get(sku) as number;
    return { sku, locationId, sold: units, taken, missing: units - taken, onHand: level?.on_hand ?? 0, reserved: level?.reserved ?? 0 };
  });
  await insertMovements(
    tx,
    outcomes.filter((o) => o.taken > 0).map((o) => ({ tenantId: actor.tenantId, id: newId('mov'), sku: o.sku, locationId, delta: -o.taken, onHandAfter: o.onHand, reason, reference, actor: actor.actorId, at: now })),
  );
  const changes = outcomes.filter((o) => o.taken > 0).map((o) => ({ sku: o.sku, locationId, availableBefore: o.onHand - o.reserved + o.taken, availableAfter: o.onHand - o.reserved }));
  return { outcomes, changes };
}
