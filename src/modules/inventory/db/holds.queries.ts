import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import type { HoldStatus } from '../domain/holds.js';
import { stockHolds } from './schema.js';
import { sumPerStockRow, type StockChange } from './stock.queries.js';

export type HoldRow = typeof stockHolds.$inferSelect;

export async function insertHold(db: Db, row: HoldRow): Promise<void> {
  await db.insert(stockHolds).values(row);
}

export async function findHold(db: Db, tenantId: string, id: string): Promise<HoldRow | undefined> {
  const [row] = await db.select().from(stockHolds).where(and(eq(stockHolds.tenantId, tenantId), eq(stockHolds.id, id)));
  return row;
}

/** Locks the hold: whoever changes its status (capture, release, expiry) holds this lock first. */
export async function lockHold(db: Db, tenantId: string, id: string): Promise<HoldRow | undefined> {
  const [row] = await db.select().from(stockHolds).where(and(eq(stockHolds.tenantId, tenantId), eq(stockHolds.id, id))).for('update');
  return row;
}

/** Compare-and-set from active: false means someone else ended the hold first. */
export async function endHold(db: Db, tenantId: string, id: string, to: Exclude<HoldStatus, 'active'>, orderId: string | null, now: Date): Promise<boolean> {
  const rows = await db
    .update(stockHolds)
    .set({ status: to, orderId, updatedAt: now })
    .where(and(eq(stockHolds.tenantId, tenantId), eq(stockHolds.id, id), eq(stockHolds.status, 'active')))
    .returning({ id: stockHolds.id });
  return rows.length === 1;
}

export interface ClaimedHold {
  tenant_id: string;
  id: string;
  sku: string;
  quantity: number;
  expires_at: Date;
}

/**
 * Claims up to `limit` active holds whose time is up, across tenants, oldest expiry first. SKIP
 * LOCKED: a hold claimed by another worker (or being consumed or released by a request) is left
 * to it, so any number of workers split the backlog and each hold is ended exactly once.
 */
export async function claimExpiredHolds(db: Db, now: Date, limit: number): Promise<ClaimedHold[]> {
  const rows = await queryRows<ClaimedHold & { expires_at: Date | string }>(db, sql`
    select tenant_id, id, sku, quantity, expires_at from stock_holds
    where status = 'active' and expires_at <= ${now}
    order by expires_at, tenant_id, id
    limit ${limit}
    for update skip locked`);
  return rows.map((r) => ({ ...r, expires_at: new Date(r.expires_at) }));
}

/**
 * Reserves the hold's units and records them as reservations owned by the hold, in one
 * statement, with the same locking as an order's reservation: rows locked in (location, sku)
 * order, conditional update, rows recorded only when every stock row was updated. Fewer rows
 * returned than asked means the stock moved: the caller rolls back.
 */
export async function reserveForHold(db: Db, tenantId: string, now: Date, holdId: string, items: { id: string; sku: string; locationId: string; quantity: number }[]): Promise<StockChange[]> {
  const p = <T>(values: T[]) => sql.param(values);
  return queryRows<StockChange>(db, sql`
    with want as (
      select * from unnest(${p(items.map((i) => i.sku))}::text[], ${p(items.map((i) => i.locationId))}::text[], ${p(items.map((i) => i.quantity))}::int[]) as w(sku, location_id, qty)
    ), locked as materialized (
      select s.sku, s.location_id from stock_levels s
      join want w on w.sku = s.sku and w.location_id = s.location_id
      where s.tenant_id = ${tenantId}
      order by s.location_id, s.sku
      for update of s
    ), updated as (
      update stock_levels s set reserved = s.reserved + w.qty, updated_at = ${now}
      from want w, locked l
      where s.tenant_id = ${tenantId} and s.sku = w.sku and s.location_id = w.location_id
        and l.sku = w.sku and l.location_id = w.location_id and s.on_hand - s.reserved >= w.qty
      returning s.sku, s.location_id, s.on_hand, s.reserved
    ), recorded as (
      insert into reservations (tenant_id, id, hold_id, sku, location_id, quantity, created_at)
      select ${tenantId}, r.id, ${holdId}, r.sku, r.location_id, r.qty, ${now}
      from unnest(${p(items.map((i) => i.id))}::text[], ${p(items.map((i) => i.sku))}::text[], ${p(items.map((i) => i.locationId))}::text[], ${p(items.map((i) => i.quantity))}::int[]) as r(id, sku, location_id, qty)
      where (select count(*) from updated) = ${items.length}
    )
    select sku, location_id, on_hand, reserved from updated`);
}

export interface ReleasedHoldUnits {
  hold_id: string;
  sku: string;
  location_id: string;
  quantity: number;
}

/**
 * Gives back every unit the holds reserve: the stock rows are locked first in the global
 * (location, sku) order, then the hold's reservation rows are deleted and `reserved` lowered by
 * exactly what they held. The caller holds the holds' row locks, so this runs once per hold.
 */
export async function releaseHoldUnits(db: Db, tenantId: string, holdIds: string[], now: Date): Promise<{ released: ReleasedHoldUnits[]; stock: StockChange[] }> {
  if (holdIds.length === 0) return { released: [], stock: [] };
  const ids = sql.param(holdIds);
  await db.execute(sql`
    select 1 from stock_levels s
    where s.tenant_id = ${tenantId} and (s.sku, s.location_id) in (
      select sku, location_id from reservations where tenant_id = ${tenantId} and hold_id = any(${ids}::text[]))
    order by s.location_id, s.sku for update`);
  const released = await queryRows<ReleasedHoldUnits>(db, sql`
    delete from reservations where tenant_id = ${tenantId} and hold_id = any(${ids}::text[])
    returning hold_id, sku, location_id, quantity`);
  if (released.length === 0) return { released, stock: [] };
  const rows = sumPerStockRow(released.map((r) => ({ sku: r.sku, locationId: r.location_id, quantity: r.quantity })));
  const stock = await queryRows<StockChange>(db, sql`
    update stock_levels s set reserved = s.reserved - w.qty, updated_at = ${now}
    from unnest(${sql.param(rows.map((r) => r.sku))}::text[], ${sql.param(rows.map((r) => r.locationId))}::text[], ${sql.param(rows.map((r) => r.quantity))}::int[]) as w(sku, location_id, qty)
    where s.tenant_id = ${tenantId} and s.sku = w.sku and s.location_id = w.location_id
    returning s.sku, s.location_id, s.on_hand, s.reserved`);
  return { released, stock };
}

/** Where each hold's live units sit (location codes), for the hold's view. */
export async function allocationsOfHolds(db: Db, tenantId: string, holdIds: string[]): Promise<{ hold_id: string; location: string; quantity: number }[]> {
  if (holdIds.length === 0) return [];
  return queryRows(db, sql`
    select r.hold_id, l.code as location, sum(r.quantity)::int as quantity
    from reservations r join locations l on l.tenant_id = r.tenant_id and l.id = r.location_id
    where r.tenant_id = ${tenantId} and r.hold_id = any(${sql.param(holdIds)}::text[])
    group by r.hold_id, l.code
    order by r.hold_id, l.code`);
}
