import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { preparedStatement, queryRows, type Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import type { FulfillmentStatus } from '../domain/lifecycle.js';
import { fulfillmentOrderLines, fulfillmentOrders } from './schema.js';

export type FulfillmentOrderRow = typeof fulfillmentOrders.$inferSelect;
export type FulfillmentOrderLineRow = typeof fulfillmentOrderLines.$inferSelect;
/** A fulfillment order with its lines (what the location must pick, pack and ship). */
export type FulfillmentOrder = FulfillmentOrderRow & { lines: FulfillmentOrderLineRow[] };

const insertWithLines = preparedStatement(
  'fulfillment_orders_insert_with_lines',
  `with f as (
     insert into fulfillment_orders (tenant_id, id, order_id, location_id, status, version, reject_reason, released_at, created_at, updated_at)
     select $1, f.id, f.order_id, f.location_id, f.status, f.version, f.reject_reason, f.released_at, f.created_at, f.created_at
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::timestamptz[], $9::timestamptz[])
          as f(id, order_id, location_id, status, version, reject_reason, released_at, created_at)
     returning 1
   )
   insert into fulfillment_order_lines (tenant_id, fulfillment_order_id, order_line_id, sku, quantity)
   select $1, l.fo, l.line, l.sku, l.qty from unnest($10::text[], $11::text[], $12::text[], $13::int[]) as l(fo, line, sku, qty)
   where (select count(*) from f) = cardinality($2::text[])`,
);

/** Inserts fulfillment orders (all of one tenant) and their lines in one statement (one round trip on the capture path). */
export async function insertFulfillmentOrders(db: Db, rows: FulfillmentOrderRow[], lines: FulfillmentOrderLineRow[]): Promise<void> {
  const tenantId = rows[0]?.tenantId ?? lines[0]?.tenantId;
  if (tenantId === undefined) return;
  await insertWithLines(db, [
    tenantId,
    rows.map((r) => r.id),
    rows.map((r) => r.orderId),
    rows.map((r) => r.locationId),
    rows.map((r) => r.status),
    rows.map((r) => r.version),
    rows.map((r) => r.rejectReason),
    rows.map((r) => r.releasedAt),
    rows.map((r) => r.createdAt),
    lines.map((l) => l.fulfillmentOrderId),
    lines.map((l) => l.orderLineId),
    lines.map((l) => l.sku),
    lines.map((l) => l.quantity),
  ]);
}

export async function linesOfFulfillmentOrders(db: Db, tenantId: string, ids: string[]): Promise<FulfillmentOrderLineRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(fulfillmentOrderLines)
    .where(and(eq(fulfillmentOrderLines.tenantId, tenantId), inArray(fulfillmentOrderLines.fulfillmentOrderId, ids)))
    .orderBy(asc(fulfillmentOrderLines.fulfillmentOrderId), asc(fulfillmentOrderLines.orderLineId), asc(fulfillmentOrderLines.sku));
}

/** Attaches the lines to each row, keeping the rows' order. */
export async function withLines(db: Db, tenantId: string, rows: FulfillmentOrderRow[]): Promise<FulfillmentOrder[]> {
  const lines = await linesOfFulfillmentOrders(db, tenantId, rows.map((r) => r.id));
  const byFo = new Map<string, FulfillmentOrderLineRow[]>();
  for (const l of lines) byFo.set(l.fulfillmentOrderId, [...(byFo.get(l.fulfillmentOrderId) ?? []), l]);
  return rows.map((r) => ({ ...r, lines: byFo.get(r.id) ?? [] }));
}

export async function findFulfillmentOrder(db: Db, tenantId: string, id: string): Promise<FulfillmentOrder | undefined> {
  const [row] = await db.select().from(fulfillmentOrders).where(and(eq(fulfillmentOrders.tenantId, tenantId), eq(fulfillmentOrders.id, id)));
  return row ? (await withLines(db, tenantId, [row]))[0] : undefined;
}

/** Locks the fulfillment order row (FOR UPDATE) and returns it with its lines. */
export async function lockFulfillmentOrder(db: Db, tenantId: string, id: string): Promise<FulfillmentOrder | undefined> {
  const [row] = await db.select().from(fulfillmentOrders).where(and(eq(fulfillmentOrders.tenantId, tenantId), eq(fulfillmentOrders.id, id))).for('update');
  return row ? (await withLines(db, tenantId, [row]))[0] : undefined;
}

/** Every fulfillment order of an order, locked, oldest first, with lines. */
export async function lockFulfillmentOrdersOfOrder(db: Db, tenantId: string, orderId: string): Promise<FulfillmentOrder[]> {
  const rows = await db
    .select()
    .from(fulfillmentOrders)
    .where(and(eq(fulfillmentOrders.tenantId, tenantId), eq(fulfillmentOrders.orderId, orderId)))
    .orderBy(asc(fulfillmentOrders.id))
    .for('update');
  return withLines(db, tenantId, rows);
}

export interface FulfillmentOrderFilter {
  orderId?: string;
  locationId?: string;
  status?: FulfillmentStatus;
}

/** Oldest first, as published (a location works its queue in order): an exception to platform/db/keyset.ts. */
export async function listFulfillmentOrders(db: Db, tenantId: string, filter: FulfillmentOrderFilter, page: PageRequest): Promise<FulfillmentOrder[]> {
  const k = keyset([fulfillmentOrders.id], page, 'oldest_first');
  const rows = await db
    .select()
    .from(fulfillmentOrders)
    .where(
      and(
        eq(fulfillmentOrders.tenantId, tenantId),
        filter.orderId ? eq(fulfillmentOrders.orderId, filter.orderId) : undefined,
        filter.locationId ? eq(fulfillmentOrders.locationId, filter.locationId) : undefined,
        filter.status ? eq(fulfillmentOrders.status, filter.status) : undefined,
        k.where,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return withLines(db, tenantId, rows);
}

/** Compare-and-set on status and version: false means another request moved it first. */
export async function updateFulfillmentOrderStatus(
  db: Db,
  tenantId: string,
  fo: Pick<FulfillmentOrderRow, 'id' | 'status' | 'version'>,
  patch: { status: FulfillmentStatus; rejectReason?: string | null; releasedAt?: Date | null },
  now: Date,
): Promise<boolean> {
  const updated = await db
    .update(fulfillmentOrders)
    .set({ ...patch, version: fo.version + 1, updatedAt: now })
    .where(and(eq(fulfillmentOrders.tenantId, tenantId), eq(fulfillmentOrders.id, fo.id), eq(fulfillmentOrders.status, fo.status), eq(fulfillmentOrders.version, fo.version)))
    .returning({ id: fulfillmentOrders.id });
  return updated.length === 1;
}

/** Sets line quantities of one fulfillment order; a quantity of 0 removes the line. */
export async function setFulfillmentLineQuantities(db: Db, tenantId: string, fulfillmentOrderId: string, lines: { orderLineId: string; sku: string; quantity: number }[], now: Date): Promise<void> {
  const gone = lines.filter((l) => l.quantity <= 0);
  const kept = lines.filter((l) => l.quantity > 0);
  if (gone.length > 0) {
    await db.execute(sql`
      delete from fulfillment_order_lines l
      using unnest(${sql.param(gone.map((g) => g.orderLineId))}::text[], ${sql.param(gone.map((g) => g.sku))}::text[]) as v(order_line_id, sku)
      where l.tenant_id = ${tenantId} and l.fulfillment_order_id = ${fulfillmentOrderId} and l.order_line_id = v.order_line_id and l.sku = v.sku`);
  }
  if (kept.length > 0) {
    await db.execute(sql`
      insert into fulfillment_order_lines (tenant_id, fulfillment_order_id, order_line_id, sku, quantity)
      select ${tenantId}, ${fulfillmentOrderId}, v.order_line_id, v.sku, v.quantity
      from unnest(${sql.param(kept.map((k) => k.orderLineId))}::text[], ${sql.param(kept.map((k) => k.sku))}::text[], ${sql.param(kept.map((k) => k.quantity))}::int[]) as v(order_line_id, sku, quantity)
      on conflict (tenant_id, fulfillment_order_id, order_line_id, sku) do update set quantity = excluded.quantity`);
  }
  // A change of content bumps the version, so a concurrent status move based on the old content fails its compare-and-set.
  await db.update(fulfillmentOrders).set({ updatedAt: now, version: sql`${fulfillmentOrders.version} + 1` }).where(and(eq(fulfillmentOrders.tenantId, tenantId), eq(fulfillmentOrders.id, fulfillmentOrderId)));
}

/** Pending fulfillment orders of a tenant created at or before `cutoff`, claimed (FOR UPDATE SKIP LOCKED). */
export async function claimPendingFulfillmentOrders(db: Db, tenantId: string, cutoff: Date, limit: number): Promise<FulfillmentOrderRow[]> {
  return db
    .select()
    .from(fulfillmentOrders)
    .where(and(eq(fulfillmentOrders.tenantId, tenantId), eq(fulfillmentOrders.status, 'pending'), lte(fulfillmentOrders.createdAt, cutoff)))
    .orderBy(asc(fulfillmentOrders.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Tenants that have pending fulfillment orders (the wave job's work list). */
export async function tenantsWithPendingFulfillmentOrders(db: Db): Promise<string[]> {
  const rows = await queryRows<{ tenant_id: string }>(db, sql`select distinct tenant_id from fulfillment_orders where status = 'pending'`);
  return rows.map((r) => r.tenant_id);
}

/** Fulfillment orders created per location since `since` (daily capacity counting). */
export async function fulfillmentOrdersCreatedPerLocationSince(db: Db, tenantId: string, since: Date): Promise<Map<string, number>> {
  const rows = await queryRows<{ location_id: string; n: number | string }>(
    db,
    sql`select location_id, count(*) as n from fulfillment_orders where tenant_id = ${tenantId} and created_at >= ${since} group by location_id`,
  );
  return new Map(rows.map((r) => [r.location_id, Number(r.n)]));
}
