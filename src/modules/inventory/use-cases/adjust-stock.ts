import type { Db } from '../../../platform/db/database.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor } from '../../../platform/outbox/events.js';
import { findLocationsByCodeOrId, type LocationRow } from '../db/locations.queries.js';
import { insertMovements } from '../db/movements.queries.js';
import { applyOnHandDeltas, lockSkusForAllocation, setBins, type StockChange } from '../db/stock.queries.js';
import type { AvailabilityChange } from '../domain/stock-alerts.js';

export interface AdjustmentInput {
  sku: string;
  location: string;
  delta: number;
  reason: string;
  reference?: string | null;
  /** Where the SKU sits at that location (zone-aisle-bay-level); kept on the stock row. */
  bin?: string | null;
}

export interface AdjustmentResult {
  sku: string;
  locationId: string;
  locationCode: string;
  delta: number;
  onHand: number;
  reserved: number;
  /** True when the location may ship to customers (so arriving stock can fill backorders). */
  fillsOrders: boolean;
}

/** Resolves location codes/ids, refusing unknown ones with the offending field named. */
export async function resolveLocations(db: Db, tenantId: string, refs: string[], fieldOf: (i: number) => string): Promise<LocationRow[]> {
  const found = await findLocationsByCodeOrId(db, tenantId, [...new Set(refs)]);
  const byRef = new Map<string, LocationRow>();
  for (const l of found) {
    byRef.set(l.code, l);
    byRef.set(l.id, l);
  }
  const errors: FieldError[] = [];
  const resolved = refs.map((ref, i) => {
    const loc = byRef.get(ref);
    if (!loc) errors.push({ field: fieldOf(i), message: `no location with code or id "${ref}"` });
    return loc as LocationRow;
  });
  if (errors.length > 0) throw new DomainError('LOCATION_UNKNOWN', 'Some locations do not exist.', errors);
  return resolved;
}

/**
 * Applies adjustments all-or-nothing and writes one immutable ledger row per adjustment.
 * On hand never falls below reserved: such a request is refused whole.
 */
/** Names the field of the i-th adjustment in errors: `adjustments[i].delta`, or `delta` for a single one. */
export type AdjustmentField = (index: number, name: keyof AdjustmentInput) => string;

export const batchField: AdjustmentField = (i, name) => `adjustments[${i}].${name}`;

export async function adjustStock(tx: Db, actor: Actor, inputs: AdjustmentInput[], now: Date, fieldOf: AdjustmentField = batchField): Promise<{ results: AdjustmentResult[]; changes: AvailabilityChange[] }> {
  const locs = await resolveLocations(tx, actor.tenantId, inputs.map((a) => a.location), (i) => fieldOf(i, 'location'));
  const sums = new Map<string, { sku: string; locationId: string; delta: number }>();
  inputs.forEach((a, i) => {
    const key = `${(locs[i] as LocationRow).id}\u0000${a.sku}`;
    const row = sums.get(key) ?? { sku: a.sku, locationId: (locs[i] as LocationRow).id, delta: 0 };
    row.delta += a.delta;
    sums.set(key, row);
  });
  await lockSkusForAllocation(tx, actor.tenantId, inputs.map((a) => a.sku));
  const changed = await applyOnHandDeltas(tx, actor.tenantId, now, [...sums.values()]);
  const after = new Map(changed.map((c) => [`${c.location_id}\u0000${c.sku}`, c]));
  const refused = [...sums.entries()].filter(([key]) => !after.has(key));
  if (refused.length > 0) {
    throw new DomainError(
      'INVENTORY_BELOW_RESERVED',
      `On hand would fall below the reserved quantity for ${refused.map(([, r]) => r.sku).join(', ')}.`,
      inputs.flatMap((a, i) => (refused.some(([key]) => key === `${(locs[i] as LocationRow).id}\u0000${a.sku}`) ? [{ field: fieldOf(i, 'delta'), message: 'would take on hand below what is reserved' }] : [])),
    );
  }
  // Ledger rows carry the on-hand level after each adjustment, replayed in request order.
  const running = new Map<string, number>();
  for (const [key, sum] of sums) running.set(key, (after.get(key) as StockChange).on_hand - sum.delta);
  const results: AdjustmentResult[] = [];
  const movements = inputs.map((a, i) => {
    const loc = locs[i] as LocationRow;
    const key = `${loc.id}\u0000${a.sku}`;
    const level = (running.get(key) ?? 0) + a.delta;
    running.set(key, level);
    const final = after.get(key) as StockChange;
    results.push({ sku: a.sku, locationId: loc.id, locationCode: loc.code, delta: a.delta, onHand: level, reserved: final.reserved, fillsOrders: loc.active && loc.shipsToCustomers });
    return { tenantId: actor.tenantId, id: newId('mov'), sku: a.sku, locationId: loc.id, delta: a.delta, onHandAfter: level, reason: a.reason, reference: a.reference ?? null, actor: actor.actorId, at: now };
  });
  await insertMovements(tx, movements);
  await setBins(
    tx,
    actor.tenantId,
    inputs.flatMap((a, i) => (a.bin ? [{ sku: a.sku, locationId: (locs[i] as LocationRow).id, bin: a.bin }] : [])),
  );
  const changes = [...sums.entries()].map(([key, s]) => {
    const final = after.get(key) as StockChange;
    return { sku: s.sku, locationId: s.locationId, availableAfter: final.on_hand - final.reserved, availableBefore: final.on_hand - s.delta - final.reserved };
  });
  return { results, changes };
}
