import type { Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import { releaseReservations, reserveStock, type OrderReservation } from '../db/stock.queries.js';
import type { AvailabilityChange } from '../domain/stock-alerts.js';

export interface ReservationRequest {
  orderId: string;
  orderLineId: string;
  sku: string;
  locationId: string;
  quantity: number;
}

/**
 * Thrown when stock moved since the snapshot a plan was made from. The caller's transaction must
 * roll back; the caller may plan again on a fresh snapshot.
 */
export class StockChanged extends Error {
  constructor() {
    super('stock changed since the plan was made');
    this.name = 'StockChanged';
  }
}

/**
 * Reserves exactly what is asked or throws StockChanged; the caller's transaction then rolls
 * back, so there is never a half-reserved order.
 */
export async function reserve(tx: Db, tenantId: string, requests: ReservationRequest[], now: Date): Promise<AvailabilityChange[]> {
  if (requests.length === 0) return [];
  const changed = await reserveStock(tx, tenantId, now, requests.map((r) => ({ ...r, id: newId('res') })));
  const asked = new Map<string, number>();
  for (const r of requests) asked.set(`${r.locationId}\u0000${r.sku}`, (asked.get(`${r.locationId}\u0000${r.sku}`) ?? 0) + r.quantity);
  if (changed.length !== asked.size) {
    throw new StockChanged();
  }
  return changed.map((c) => {
    const qty = asked.get(`${c.location_id}\u0000${c.sku}`) ?? 0;
    return { sku: c.sku, locationId: c.location_id, availableAfter: c.on_hand - c.reserved, availableBefore: c.on_hand - c.reserved + qty };
  });
}

/**
 * Releases all of an order's reserved units, or per line a number of units (undefined: all of the
 * line's); with `locationId`, only what is reserved at that location (a location rejecting its part).
 */
export async function release(tx: Db, tenantId: string, orderId: string, perLine: Map<string, number | undefined> | undefined, now: Date, locationId?: string): Promise<OrderReservation[]> {
  const { released } = await releaseReservations(tx, tenantId, orderId, perLine, now, locationId);
  return released;
}
