import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor } from '../../../platform/outbox/events.js';
import { insertMovements } from '../db/movements.queries.js';

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
  const changed = await queryRows<{ sku: string; on_hand: number; reserved: number; delta: number }>(
    tx,
    sql`
    with locked as materialized (
      select s.sku, s.on_hand as before from stock_levels s
      where s.tenant_id = ${actor.tenantId} and s.location_id = ${locationId} and s.sku = any(${sql.param([...new Set(skus)].sort())}::text[])
      order by s.location_id, s.sku
      for update of s
    )
    update stock_levels s set on_hand = s.reserved, updated_at = ${now}
    from locked l
    where s.tenant_id = ${actor.tenantId} and s.location_id = ${locationId} and s.sku = l.sku and s.on_hand > s.reserved
    returning s.sku, s.on_hand, s.reserved, s.on_hand - l.before as delta`,
  );
  const result = changed.map((c) => ({ sku: c.sku, locationId, delta: Number(c.delta), onHandAfter: Number(c.on_hand), reserved: Number(c.reserved) }));
  await insertMovements(
    tx,
    result.map((r) => ({ tenantId: actor.tenantId, id: newId('mov'), sku: r.sku, locationId, delta: r.delta, onHandAfter: r.onHandAfter, reason, reference, actor: actor.actorId, at: now })),
  );
  return result;
}
