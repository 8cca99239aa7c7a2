import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import type { ReturnStatus } from '../domain/lifecycle.js';
import { returnDispositions, returnLines, returnRefunds, returns, returnSettings } from './schema.js';

export type ReturnRow = typeof returns.$inferSelect;
export type ReturnLineRow = typeof returnLines.$inferSelect;
export type DispositionRow = typeof returnDispositions.$inferSelect;
export type RefundRow = typeof returnRefunds.$inferSelect;
export type SettingsRow = typeof returnSettings.$inferSelect;

export async function findSettings(db: Db, tenantId: string): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(returnSettings).where(eq(returnSettings.tenantId, tenantId));
  return row;
}

export async function upsertSettings(db: Db, row: SettingsRow, which: 'reasons' | 'policy'): Promise<void> {
  await db
    .insert(returnSettings)
    .values(row)
    .onConflictDoUpdate({ target: returnSettings.tenantId, set: { [which]: row[which], updatedAt: row.updatedAt, updatedBy: row.updatedBy } });
}

export async function insertReturn(db: Db, row: ReturnRow, lines: ReturnLineRow[]): Promise<void> {
  await db.insert(returns).values(row);
  await db.insert(returnLines).values(lines);
}

export async function findReturn(db: Db, tenantId: string, id: string): Promise<ReturnRow | undefined> {
  const [row] = await db.select().from(returns).where(and(eq(returns.tenantId, tenantId), eq(returns.id, id)));
  return row;
}

export async function lockReturn(db: Db, tenantId: string, id: string): Promise<ReturnRow | undefined> {
  const [row] = await db.select().from(returns).where(and(eq(returns.tenantId, tenantId), eq(returns.id, id))).for('update');
  return row;
}

export async function linesOfReturns(db: Db, tenantId: string, ids: string[]): Promise<ReturnLineRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(returnLines).where(and(eq(returnLines.tenantId, tenantId), inArray(returnLines.returnId, ids))).orderBy(asc(returnLines.returnId), asc(returnLines.id));
}

export async function dispositionsOfReturns(db: Db, tenantId: string, ids: string[]): Promise<DispositionRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(returnDispositions).where(and(eq(returnDispositions.tenantId, tenantId), inArray(returnDispositions.returnId, ids))).orderBy(asc(returnDispositions.returnId), asc(returnDispositions.id));
}

export async function refundsOfReturns(db: Db, tenantId: string, ids: string[]): Promise<RefundRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(returnRefunds).where(and(eq(returnRefunds.tenantId, tenantId), inArray(returnRefunds.returnId, ids)));
}

export async function refundsOfOrder(db: Db, tenantId: string, orderId: string): Promise<RefundRow[]> {
  return db.select().from(returnRefunds).where(and(eq(returnRefunds.tenantId, tenantId), eq(returnRefunds.orderId, orderId))).orderBy(asc(returnRefunds.id));
}

/** Units of each order line under a return that is neither declined nor cancelled (what the trigger sums). */
export async function unitsUnderReturn(db: Db, tenantId: string, orderId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ orderLineId: returnLines.orderLineId, units: sql<number>`sum(${returnLines.quantity})::int` })
    .from(returnLines)
    .innerJoin(returns, and(eq(returns.tenantId, returnLines.tenantId), eq(returns.id, returnLines.returnId)))
    .where(and(eq(returnLines.tenantId, tenantId), eq(returnLines.orderId, orderId), sql`${returns.status} not in ('declined', 'cancelled')`))
    .groupBy(returnLines.orderLineId);
  return new Map(rows.map((r) => [r.orderLineId, Number(r.units)]));
}

export interface ReturnFilter {
  status?: ReturnStatus | undefined;
  orderId?: string | undefined;
  locationId?: string | undefined;
  /** Instant exchanges flagged overdue whose return still has not moved (ADR 0022). */
  exchangeOverdue?: boolean | undefined;
}

/** Newest first by id. */
export async function listReturns(db: Db, tenantId: string, filter: ReturnFilter, page: PageRequest): Promise<ReturnRow[]> {
  const k = keyset([returns.id], page);
  return db
    .select()
    .from(returns)
    .where(
      and(
        eq(returns.tenantId, tenantId),
        filter.status ? eq(returns.status, filter.status) : undefined,
        filter.orderId ? eq(returns.orderId, filter.orderId) : undefined,
        filter.locationId ? eq(returns.locationId, filter.locationId) : undefined,
        filter.exchangeOverdue === undefined
          ? undefined
          : sql`${filter.exchangeOverdue ? sql`` : sql`not `}(${returns.status} in ('requested', 'approved') and exists (select 1 from return_exchanges e where e.tenant_id = ${returns.tenantId} and e.return_id = ${returns.id} and e.overdue_at is not null))`,
        k.where,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

/** Compare-and-set on version; false when someone else moved the return first. */
export async function updateReturn(db: Db, tenantId: string, ret: ReturnRow, patch: Partial<Pick<ReturnRow, 'status' | 'locationId' | 'trackingNumber'>>, now: Date): Promise<boolean> {
  const rows = await db
    .update(returns)
    .set({ ...patch, version: ret.version + 1, updatedAt: now })
    .where(and(eq(returns.tenantId, tenantId), eq(returns.id, ret.id), eq(returns.version, ret.version)))
    .returning({ id: returns.id });
  return rows.length === 1;
}

/** Adds settled units to a line only while they fit (settled ≤ quantity); false when they do not. */
export async function addSettled(db: Db, tenantId: string, lineId: string, units: number): Promise<boolean> {
  const rows = await db
    .update(returnLines)
    .set({ settled: sql`${returnLines.settled} + ${units}` })
    .where(and(eq(returnLines.tenantId, tenantId), eq(returnLines.id, lineId), sql`${returnLines.settled} + ${units} <= ${returnLines.quantity}`))
    .returning({ id: returnLines.id });
  return rows.length === 1;
}

export async function insertDispositions(db: Db, rows: DispositionRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(returnDispositions).values(rows);
}

/** Inserts the return's one refund; false when it already has one (the unique index). */
export async function insertRefund(db: Db, row: RefundRow): Promise<boolean> {
  const rows = await db.insert(returnRefunds).values(row).onConflictDoNothing().returning({ id: returnRefunds.id });
  return rows.length === 1;
}

export type RateGroup = 'sku' | 'reason' | 'channel';

/**
 * Return rate of the orders placed in [from, to): units under return (returns neither declined nor
 * cancelled) ÷ units shipped, by SKU, reason or channel. By reason the denominator is every unit
 * shipped in the period.
 */
export async function returnRate(db: Db, tenantId: string, from: Date, to: Date, group: RateGroup): Promise<{ key: string; returned: number; shipped: number }[]> {
  const returned = queryRows<{ key: string; units: number }>(db, sql`
    select ${group === 'reason' ? sql`l.reason` : group === 'sku' ? sql`v.sku` : sql`v.channel`} as key, sum(l.quantity)::int as units
    from return_lines l
    join returns r on r.tenant_id = l.tenant_id and r.id = l.return_id and r.status not in ('declined', 'cancelled')
    join return_rate_lines v on v.tenant_id = l.tenant_id and v.order_line_id = l.order_line_id
    where l.tenant_id = ${tenantId} and v.placed_at >= ${from} and v.placed_at < ${to}
    group by 1`);
  const shipped = queryRows<{ key: string; units: number }>(db, sql`
    select ${group === 'reason' ? sql`'*'` : group === 'sku' ? sql`v.sku` : sql`v.channel`} as key, sum(v.shipped)::int as units
    from return_rate_lines v
    where v.tenant_id = ${tenantId} and v.placed_at >= ${from} and v.placed_at < ${to}
    group by 1`);
  const [r, s] = await Promise.all([returned, shipped]);
  const shippedBy = new Map(s.map((x) => [x.key, Number(x.units)]));
  const keys = group === 'reason' ? r.map((x) => x.key) : [...new Set([...s.map((x) => x.key), ...r.map((x) => x.key)])];
  const returnedBy = new Map(r.map((x) => [x.key, Number(x.units)]));
  return keys.sort().map((key) => ({ key, returned: returnedBy.get(key) ?? 0, shipped: group === 'reason' ? (shippedBy.get('*') ?? 0) : (shippedBy.get(key) ?? 0) }));
}

/** Seconds from the dock to the disposition of units disposed in [from, to) (missing units excluded), p50 and p90. */
export async function dockToStock(db: Db, tenantId: string, from: Date, to: Date): Promise<{ units: number; p50: number | null; p90: number | null }> {
  const [row] = await queryRows<{ units: number | null; p50: number | null; p90: number | null }>(db, sql`
    select sum(quantity)::int as units,
           percentile_cont(0.5) within group (order by extract(epoch from disposed_at - received_at)) as p50,
           percentile_cont(0.9) within group (order by extract(epoch from disposed_at - received_at)) as p90
    from return_dispositions
    where tenant_id = ${tenantId} and disposition <> 'missing' and disposed_at >= ${from} and disposed_at < ${to}`);
  return { units: Number(row?.units ?? 0), p50: row?.p50 === null || row?.p50 === undefined ? null : Number(row.p50), p90: row?.p90 === null || row?.p90 === undefined ? null : Number(row.p90) };
}

/**
 * A customer's returns in figures (ADR 0026): how many returns the orders had (declined and
 * cancelled ones left out) and what their refunds came to per currency.
 */
export async function returnFiguresOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<{ returns: number; refunded: { currency: string; amountMinor: number }[] }> {
  if (orderIds.length === 0) return { returns: 0, refunded: [] };
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(returns)
    .where(and(eq(returns.tenantId, tenantId), inArray(returns.orderId, orderIds), sql`${returns.status} not in ('declined', 'cancelled')`));
  const refunded = await db
    .select({ currency: returnRefunds.currency, amountMinor: sql<string>`sum(${returnRefunds.amountMinor})::text` })
    .from(returnRefunds)
    .where(and(eq(returnRefunds.tenantId, tenantId), inArray(returnRefunds.orderId, orderIds)))
    .groupBy(returnRefunds.currency)
    .orderBy(returnRefunds.currency);
  return { returns: count?.n ?? 0, refunded: refunded.map((r) => ({ currency: r.currency, amountMinor: Number(r.amountMinor) })) };
}
