import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { fulfillmentOrders } from './schema.js';
import type { FulfillmentOrderRow } from './fulfillment-orders.queries.js';
import { pickListOrders, pickLists, pickListStops } from './pick-lists.schema.js';

export type PickListRow = typeof pickLists.$inferSelect;
export type PickListStopRow = typeof pickListStops.$inferSelect;
export type PickList = PickListRow & { fulfillmentOrderIds: string[]; stops: PickListStopRow[] };

/**
 * Claims up to `limit` fulfillment orders of a location that are ready to pick (released or
 * accepted), oldest first, locked FOR UPDATE SKIP LOCKED: two pick lists made at the same moment
 * never take the same order; each takes the next ones the other did not lock.
 */
export async function claimReadyToPick(db: Db, tenantId: string, locationId: string, limit: number): Promise<FulfillmentOrderRow[]> {
  return db
    .select()
    .from(fulfillmentOrders)
    .where(and(eq(fulfillmentOrders.tenantId, tenantId), eq(fulfillmentOrders.locationId, locationId), inArray(fulfillmentOrders.status, ['released', 'accepted'])))
    .orderBy(asc(fulfillmentOrders.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function insertPickList(db: Db, row: PickListRow, fulfillmentOrderIds: string[], stops: PickListStopRow[]): Promise<void> {
  await db.insert(pickLists).values(row);
  await db.insert(pickListOrders).values(fulfillmentOrderIds.map((id) => ({ tenantId: row.tenantId, pickListId: row.id, fulfillmentOrderId: id })));
  if (stops.length > 0) await db.insert(pickListStops).values(stops);
}

async function complete(db: Db, tenantId: string, row: PickListRow | undefined): Promise<PickList | undefined> {
  if (!row) return undefined;
  const orders = await db.select({ id: pickListOrders.fulfillmentOrderId }).from(pickListOrders).where(and(eq(pickListOrders.tenantId, tenantId), eq(pickListOrders.pickListId, row.id))).orderBy(asc(pickListOrders.fulfillmentOrderId));
  const stops = await db.select().from(pickListStops).where(and(eq(pickListStops.tenantId, tenantId), eq(pickListStops.pickListId, row.id))).orderBy(asc(pickListStops.seq));
  return { ...row, fulfillmentOrderIds: orders.map((o) => o.id), stops };
}

export async function findPickList(db: Db, tenantId: string, id: string): Promise<PickList | undefined> {
  const [row] = await db.select().from(pickLists).where(and(eq(pickLists.tenantId, tenantId), eq(pickLists.id, id)));
  return complete(db, tenantId, row);
}

/** The pick list, locked FOR UPDATE, so confirmations of one list are applied one at a time. */
export async function lockPickList(db: Db, tenantId: string, id: string): Promise<PickList | undefined> {
  const [row] = await db.select().from(pickLists).where(and(eq(pickLists.tenantId, tenantId), eq(pickLists.id, id))).for('update');
  return complete(db, tenantId, row);
}

/** The pick list of each fulfillment order that is on one (an order is batched at most once: unique index). */
export async function pickListIdsOf(db: Db, tenantId: string, fulfillmentOrderIds: readonly string[]): Promise<Map<string, string>> {
  if (fulfillmentOrderIds.length === 0) return new Map();
  const rows = await db
    .select({ fo: pickListOrders.fulfillmentOrderId, list: pickListOrders.pickListId })
    .from(pickListOrders)
    .where(and(eq(pickListOrders.tenantId, tenantId), inArray(pickListOrders.fulfillmentOrderId, [...fulfillmentOrderIds])));
  return new Map(rows.map((r) => [r.fo, r.list]));
}

export async function setStopPicked(db: Db, tenantId: string, pickListId: string, seq: number, picked: number): Promise<void> {
  await db.update(pickListStops).set({ picked }).where(and(eq(pickListStops.tenantId, tenantId), eq(pickListStops.pickListId, pickListId), eq(pickListStops.seq, seq)));
}

export async function markPickListCompleted(db: Db, tenantId: string, id: string, now: Date): Promise<void> {
  await db.update(pickLists).set({ status: 'completed', completedAt: now, updatedAt: now }).where(and(eq(pickLists.tenantId, tenantId), eq(pickLists.id, id)));
}

export async function touchPickList(db: Db, tenantId: string, id: string, now: Date): Promise<void> {
  await db.update(pickLists).set({ updatedAt: now }).where(and(eq(pickLists.tenantId, tenantId), eq(pickLists.id, id)));
}
