import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor } from '../../../platform/outbox/events.js';
import { insertMovements } from '../db/movements.queries.js';
import { applyOnHandDeltas, releaseReservations, reserveStock, sumPerStockRow, type StockChange } from '../db/stock.queries.js';

export interface ShippedUnits {
  orderLineId: string;
  sku: string;
  quantity: number;
}

function ledgerRows(actor: Actor, locationId: string, changed: StockChange[], units: ShippedUnits[], sign: 1 | -1, reason: string, reference: string, now: Date) {
  const perSku = new Map(sumPerStockRow(units.map((u) => ({ sku: u.sku, locationId, quantity: u.quantity }))).map((r) => [r.sku, r.quantity]));
  return changed.map((c) => ({
    tenantId: actor.tenantId,
    id: newId('mov'),
    sku: c.sku,
    locationId,
    delta: sign * (perSku.get(c.sku) ?? 0),
    onHandAfter: Number(c.on_hand),
    reason,
    reference,
    actor: actor.actorId,
    at: now,
  }));
}

/**
 * Units leave the building: the order's reservations at the location are consumed (removed and
 * `reserved` lowered) and on hand falls by the same units, with one ledger row per stock row.
 * Exactly what is asked must be reserved there; anything else is a bug upstream and rolls back.
 */
export async function consumeForShipment(tx: Db, actor: Actor, orderId: string, locationId: string, units: ShippedUnits[], reference: string, now: Date): Promise<void> {
  const perLine = new Map<string, number>();
  for (const u of units) perLine.set(u.orderLineId, (perLine.get(u.orderLineId) ?? 0) + u.quantity);
  const { released } = await releaseReservations(tx, actor.tenantId, orderId, perLine, now, locationId);
  const releasedUnits = released.reduce((n, r) => n + r.quantity, 0);
  const askedUnits = units.reduce((n, u) => n + u.quantity, 0);
  if (releasedUnits !== askedUnits) {
    throw new DomainError('FULFILLMENT_CONCURRENT_UPDATE', `Only ${releasedUnits} of ${askedUnits} units are still reserved for this order at the location.`);
  }
  const rows = sumPerStockRow(units.map((u) => ({ sku: u.sku, locationId, quantity: u.quantity })));
  const changed = await applyOnHandDeltas(tx, actor.tenantId, now, rows.map((r) => ({ sku: r.sku, locationId, delta: -r.quantity })));
  if (changed.length !== rows.length) throw new DomainError('FULFILLMENT_CONCURRENT_UPDATE', 'Stock changed while shipping; try again.');
  await insertMovements(tx, ledgerRows(actor, locationId, changed, units, -1, 'shipped', reference, now));
}

/**
 * A voided label: the units are back on the shelf and reserved for the same order lines again,
 * with ledger rows that say so.
 */
export async function restoreAfterVoid(tx: Db, actor: Actor, orderId: string, locationId: string, units: ShippedUnits[], reference: string, now: Date): Promise<void> {
  const rows = sumPerStockRow(units.map((u) => ({ sku: u.sku, locationId, quantity: u.quantity })));
  const changed = await applyOnHandDeltas(tx, actor.tenantId, now, rows.map((r) => ({ sku: r.sku, locationId, delta: r.quantity })));
  await insertMovements(tx, ledgerRows(actor, locationId, changed, units, 1, 'label_voided', reference, now));
  const reserved = await reserveStock(
    tx,
    actor.tenantId,
    now,
    units.map((u) => ({ id: newId('res'), orderId, orderLineId: u.orderLineId, sku: u.sku, locationId, quantity: u.quantity })),
  );
  if (reserved.length !== rows.length) throw new DomainError('FULFILLMENT_CONCURRENT_UPDATE', 'Stock changed while voiding; try again.');
}
