import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import type { Actor } from '../../platform/outbox/events.js';
import { binsOf, resolveLocations, type LocationRow } from '../../modules/inventory/index.js';
import {
  assignShortfall,
  claimReadyToPick,
  createPickList,
  findPickList,
  lockPickList,
  recordPicks,
  withLines,
  findFulfillmentOrder,
  type PickConfirmation,
  type PickList,
  type PickMode,
} from '../../modules/fulfillment/index.js';
import { idempotently, type Idempotency } from '../../platform/idempotency/idempotency.js';
import { rejectFulfillmentLines } from './reject-fulfillment.js';

export interface PickListView {
  id: string;
  location: string;
  mode: PickMode;
  status: 'open' | 'completed';
  fulfillment_order_ids: string[];
  stops: { bin: string | null; sku: string; quantity: number; picked: number | null }[];
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export function pickListView(list: PickList, locationCode: string): PickListView {
  return {
    id: list.id,
    location: locationCode,
    mode: list.mode,
    status: list.status,
    fulfillment_order_ids: list.fulfillmentOrderIds,
    stops: list.stops.map((s) => ({ bin: s.bin, sku: s.sku, quantity: s.quantity, picked: s.picked })),
    created_at: list.createdAt.toISOString(),
    updated_at: list.updatedAt.toISOString(),
    completed_at: list.completedAt ? list.completedAt.toISOString() : null,
  };
}

async function locationCodeOf(db: Db, tenantId: string, locationId: string): Promise<string> {
  const [location] = await resolveLocations(db, tenantId, [locationId], () => 'location');
  return (location as LocationRow).code;
}

/** A pick list and its location code, or 404 (also for a location-scoped key of another location). */
export async function getPickList(db: Db, tenantId: string, id: string, scopeLocationId?: string): Promise<{ list: PickList; locationCode: string }> {
  const list = await findPickList(db, tenantId, id);
  if (!list || (scopeLocationId !== undefined && list.locationId !== scopeLocationId)) throw new DomainError('FULFILLMENT_PICK_LIST_NOT_FOUND', `No pick list ${id}.`);
  return { list, locationCode: await locationCodeOf(db, tenantId, list.locationId) };
}

/**
 * POST /v1/pick-lists: claims the location's oldest fulfillment orders ready to pick (FOR UPDATE
 * SKIP LOCKED, so concurrent requests batch disjoint orders), moves them to `picking` and makes
 * their stops, merged by SKU and bin (where inventory says each SKU sits), in walking order.
 */
export async function createPickListFlow(
  db: Db,
  actor: Actor,
  input: { location: string; max_orders?: number | undefined; mode?: PickMode | undefined },
  now: Date,
  idempotency?: Idempotency,
): Promise<{ statusCode: 201; body: PickListView }> {
  const [location] = await resolveLocations(db, actor.tenantId, [input.location], () => 'location');
  const loc = location as LocationRow;
  const mode = input.mode ?? 'batch';
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 201, async () => {
      const claimed = await claimReadyToPick(tx, actor.tenantId, loc.id, mode === 'single' ? 1 : (input.max_orders ?? 20));
      if (claimed.length === 0) throw new DomainError('FULFILLMENT_NOTHING_TO_PICK', `No fulfillment order at ${loc.code} is released or accepted and off a pick list.`);
      const orders = await withLines(tx, actor.tenantId, claimed);
      const bins = await binsOf(tx, actor.tenantId, loc.id, orders.flatMap((o) => o.lines.map((l) => l.sku)));
      const list = await createPickList(tx, actor, { locationId: loc.id, mode, orders, binOf: (sku) => bins.get(sku) ?? null }, now);
      return pickListView(list, loc.code);
    }),
  );
}

/**
 * POST /v1/pick-lists/{id}/confirm: records what was picked per stop. A short pick is a location
 * that does not have the units: the shortfall is rejected as `not_in_stock` on the newest
 * fulfillment orders of the list holding that SKU (the one rejection path: it releases their
 * reservations, zeroes the location's available for the SKU with a ledger row, and re-routes the
 * units by the routing rules, excluding this location).
 */
export async function confirmPicks(db: Db, actor: Actor, id: string, lines: PickConfirmation[], now: Date, idempotency?: Idempotency): Promise<{ statusCode: 200; body: PickListView }> {
  return inTransaction(db, (tx) =>
    idempotently(tx, actor.tenantId, idempotency, now, 200, async () => {
      const list = await lockPickList(tx, actor.tenantId, id);
      if (!list) throw new DomainError('FULFILLMENT_PICK_LIST_NOT_FOUND', `No pick list ${id}.`);
      const shorts = await recordPicks(tx, actor, list, lines, now);
      if (shorts.length > 0) {
        // Only orders still being picked can give units back (a cancelled one already did).
        const foLines: { fulfillmentOrderId: string; sku: string; quantity: number }[] = [];
        for (const foId of list.fulfillmentOrderIds) {
          const fo = await findFulfillmentOrder(tx, actor.tenantId, foId);
          if (fo?.status === 'picking') foLines.push(...fo.lines.map((l) => ({ fulfillmentOrderId: fo.id, sku: l.sku, quantity: l.quantity })));
        }
        const perOrder = new Map<string, { sku: string; quantity: number }[]>();
        for (const short of shorts) {
          for (const part of assignShortfall(foLines, short.sku, short.shortfall)) perOrder.set(part.fulfillmentOrderId, [...(perOrder.get(part.fulfillmentOrderId) ?? []), { sku: short.sku, quantity: part.quantity }]);
        }
        for (const [foId, rejected] of [...perOrder].sort(([a], [b]) => (a < b ? -1 : 1))) await rejectFulfillmentLines(tx, actor, foId, 'not_in_stock', rejected, now);
      }
      return pickListView(list, await locationCodeOf(tx, actor.tenantId, list.locationId));
    }),
  );
}
