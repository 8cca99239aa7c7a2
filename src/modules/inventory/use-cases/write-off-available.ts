import type { Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor } from '../../../platform/outbox/events.js';
import { insertMovements } from '../db/movements.queries.js';
import { lowerOnHandToReserved } from '../db/stock.queries.js';

export interface WriteOff {
  sku: string;
  locationId: string;
  delta: number;
  onHandAfter: number;
  reserved: number;
}

/**
 * A location says it does not have these SKUs: lowers on hand to what is still reserved there
 * (available becomes zero), writing one ledger row per changed stock row with `reason`. Rows
 * already at zero available are left alone. Rows are locked in the global (location, sku) order.
 */
export async function writeOffAvailable(tx: Db, actor: Actor, locationId: string, skus: string[], reason: string, reference: string | null, now: Date): Promise<WriteOff[]> {
  if (skus.length === 0) return [];
  const changed = await lowerOnHandToReserved(tx, actor.tenantId, locationId, skus, now);
  const result = changed.map((c) => ({ sku: c.sku, locationId, delta: Number(c.delta), onHandAfter: Number(c.on_hand), reserved: Number(c.reserved) }));
  await insertMovements(
    tx,
    result.map((r) => ({ tenantId: actor.tenantId, id: newId('mov'), sku: r.sku, locationId, delta: r.delta, onHandAfter: r.onHandAfter, reason, reference, actor: actor.actorId, at: now })),
  );
  return result;
}
