import type { Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor } from '../../../platform/outbox/events.js';
import { insertMovements } from '../db/movements.queries.js';
import { addQuarantined } from '../db/stock.queries.js';

export interface QuarantineInput {
  sku: string;
  locationId: string;
  quantity: number;
  /** The ledger's reason: `quarantined` (damaged) or `refurbish`. */
  reason: 'quarantined' | 'refurbish';
}

/**
 * Puts returned units into a location's non-sellable stock (`stock_levels.quarantined`): never part
 * of on hand, so never available to promise. One ledger row per input (delta 0 on hand,
 * quarantined_delta the units), rows touched in (location, sku) order.
 */
export async function quarantineStock(tx: Db, actor: Actor, inputs: QuarantineInput[], reference: string, now: Date): Promise<{ sku: string; locationId: string; quarantined: number; onHand: number }[]> {
  const sorted = [...inputs].sort((a, b) => (a.locationId === b.locationId ? (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0) : a.locationId < b.locationId ? -1 : 1));
  const out: { sku: string; locationId: string; quarantined: number; onHand: number }[] = [];
  const movements = [];
  for (const q of sorted) {
    const row = await addQuarantined(tx, actor.tenantId, q.sku, q.locationId, q.quantity, now);
    out.push({ sku: q.sku, locationId: q.locationId, quarantined: row.quarantined, onHand: row.onHand });
    movements.push({ tenantId: actor.tenantId, id: newId('mov'), sku: q.sku, locationId: q.locationId, delta: 0, onHandAfter: row.onHand, quarantinedDelta: q.quantity, reason: q.reason, reference, actor: actor.actorId, at: now });
  }
  await insertMovements(tx, movements);
  return out;
}
