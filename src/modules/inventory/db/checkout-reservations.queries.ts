import { and, eq, gt, lte, or, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import type { CheckoutReservationStatus } from '../domain/checkout-reservations.js';
import { checkoutReservations } from './schema.js';
import { lockStockRows, unreserveRows, type StockChange } from './stock.queries.js';

export type CheckoutReservationRow = typeof checkoutReservations.$inferSelect;

export async function insertCheckoutReservation(db: Db, row: CheckoutReservationRow): Promise<void> {
  await db.insert(checkoutReservations).values(row);
}

export async function findCheckoutReservation(db: Db, tenantId: string, id: string): Promise<CheckoutReservationRow | undefined> {
  const [row] = await db.select().from(checkoutReservations).where(and(eq(checkoutReservations.tenantId, tenantId), eq(checkoutReservations.id, id)));
  return row;
}

export interface CheckoutReservationFilter {
  /** As a client sees it: a lapsed checkout reservation the worker has not swept yet is expired, not active. */
  status?: CheckoutReservationStatus | undefined;
  channel?: string | undefined;
  sku?: string | undefined;
}

/** A page of checkout reservations, newest first (the (tenant_id, id) key; live ones are few and recent). */
export async function listCheckoutReservations(db: Db, tenantId: string, filter: CheckoutReservationFilter, now: Date, page: PageRequest): Promise<CheckoutReservationRow[]> {
  const k = keyset([checkoutReservations.id], page);
  const t = checkoutReservations;
  const status =
    filter.status === 'active'
      ? and(eq(t.status, 'active'), gt(t.expiresAt, now))
      : filter.status === 'expired'
        ? or(eq(t.status, 'expired'), and(eq(t.status, 'active'), lte(t.expiresAt, now)))
        : filter.status
          ? eq(t.status, filter.status)
          : undefined;
  return db
    .select()
    .from(t)
    .where(and(eq(t.tenantId, tenantId), status, filter.channel !== undefined ? eq(t.channel, filter.channel) : undefined, filter.sku !== undefined ? eq(t.sku, filter.sku) : undefined, k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

/** Locks the checkout reservation: whoever changes its status (capture, release, expiry) holds this lock first. */
export async function lockCheckoutReservation(db: Db, tenantId: string, id: string): Promise<CheckoutReservationRow | undefined> {
  const [row] = await db.select().from(checkoutReservations).where(and(eq(checkoutReservations.tenantId, tenantId), eq(checkoutReservations.id, id))).for('update');
  return row;
}

/** Compare-and-set from active: false means someone else ended the checkout reservation first. */
export async function endCheckoutReservation(db: Db, tenantId: string, id: string, to: Exclude<CheckoutReservationStatus, 'active'>, orderId: string | null, now: Date): Promise<boolean> {
  const rows = await db
    .update(checkoutReservations)
    .set({ status: to, orderId, updatedAt: now })
    .where(and(eq(checkoutReservations.tenantId, tenantId), eq(checkoutReservations.id, id), eq(checkoutReservations.status, 'active')))
    .returning({ id: checkoutReservations.id });
  return rows.length === 1;
}

export interface ClaimedCheckoutReservation {
  tenant_id: string;
  id: string;
  sku: string;
  quantity: number;
  expires_at: Date;
}

/**
 * Claims up to `limit` active checkout reservations whose time is up, across tenants, oldest
 * expiry first. SKIP LOCKED: one claimed by another worker (or being consumed or released by a
 * request) is left to it, so any number of workers split the backlog and each ends exactly once.
 */
export async function claimExpiredCheckoutReservations(db: Db, now: Date, limit: number): Promise<ClaimedCheckoutReservation[]> {
  const rows = await queryRows<ClaimedCheckoutReservation & { expires_at: Date | string }>(db, sql`
    select tenant_id, id, sku, quantity, expires_at from checkout_reservations
    where status = 'active' and expires_at <= ${now}
    order by expires_at, tenant_id, id
    limit ${limit}
    for update skip locked`);
  return rows.map((r) => ({ ...r, expires_at: new Date(r.expires_at) }));
}

export interface ReleasedCheckoutUnits {
  checkout_reservation_id: string;
  sku: string;
  location_id: string;
  quantity: number;
}

/**
 * Gives back every unit these checkout reservations set aside: their stock rows are locked first
 * (global order), then their reservation rows are deleted and `reserved` lowered by exactly what
 * they held. The caller holds the checkout reservations' row locks, so this runs once for each.
 */
export async function releaseCheckoutUnits(db: Db, tenantId: string, ids: string[], now: Date): Promise<{ released: ReleasedCheckoutUnits[]; stock: StockChange[] }> {
  if (ids.length === 0) return { released: [], stock: [] };
  const owners = sql`tenant_id = ${tenantId} and checkout_reservation_id = any(${sql.param(ids)}::text[])`;
  await lockStockRows(db, tenantId, sql`select sku, location_id from reservations where ${owners}`);
  const released = await queryRows<ReleasedCheckoutUnits>(db, sql`
    delete from reservations where ${owners}
    returning checkout_reservation_id, sku, location_id, quantity`);
  const stock = await unreserveRows(db, tenantId, now, released.map((r) => ({ sku: r.sku, locationId: r.location_id, quantity: r.quantity })));
  return { released, stock };
}

/** Where each checkout reservation's live units sit (location codes), for its view. */
export async function allocationsOfCheckoutReservations(db: Db, tenantId: string, ids: string[]): Promise<{ checkout_reservation_id: string; location: string; quantity: number }[]> {
  if (ids.length === 0) return [];
  return queryRows(db, sql`
    select r.checkout_reservation_id, l.code as location, sum(r.quantity)::int as quantity
    from reservations r join locations l on l.tenant_id = r.tenant_id and l.id = r.location_id
    where r.tenant_id = ${tenantId} and r.checkout_reservation_id = any(${sql.param(ids)}::text[])
    group by r.checkout_reservation_id, l.code
    order by r.checkout_reservation_id, l.code`);
}
