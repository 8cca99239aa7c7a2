import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import type { OrderStatus } from '../domain/lifecycle.js';
import { waitingStatuses } from '../domain/search.js';

/**
 * The home page's order numbers. Each reads a bounded range of a tenant-first index, so it stays
 * fast however many orders the tenant has: created_at ranges on orders_created, the open statuses
 * on orders_status, backordered lines on the partial order_lines_backordered.
 */

/** Orders not yet shipped in full and not cancelled: what the team still has to fulfil (also what can be late). */
const awaitingStatuses: readonly OrderStatus[] = waitingStatuses;

export async function countOrdersCreated(db: Db, tenantId: string, from: Date, to: Date): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from orders where tenant_id = ${tenantId} and created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz`);
  return row?.n ?? 0;
}

export async function countOrdersAwaitingFulfillment(db: Db, tenantId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from orders where tenant_id = ${tenantId} and status in (${sql.join(awaitingStatuses.map((s) => sql`${s}`), sql`, `)})`,
  );
  return row?.n ?? 0;
}

/** Orders late on `today` (see `isLate`): waiting statuses with a ship-by before it, on orders_waiting_ship_by. */
export async function countLateOrders(db: Db, tenantId: string, today: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from orders
        where tenant_id = ${tenantId} and status in (${sql.join(waitingStatuses.map((s) => sql`${s}`), sql`, `)}) and ship_by < ${today}::date`,
  );
  return row?.n ?? 0;
}

/** Units waiting for stock. A kit line is not counted: its component lines carry the units. */
export async function backorderedUnits(db: Db, tenantId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select coalesce(sum(l.backordered), 0)::int as n from order_lines l
        where l.tenant_id = ${tenantId} and l.backordered > 0
          and not exists (select 1 from order_lines c where c.tenant_id = l.tenant_id and c.order_id = l.order_id and c.parent_line_id = l.id)`,
  );
  return row?.n ?? 0;
}

/** Orders created per hour from `start` for `hours` hours (one grouped scan); only the hours that had orders. */
export async function ordersPerHour(db: Db, tenantId: string, start: Date, hours: number): Promise<Map<number, number>> {
  const end = new Date(start.getTime() + hours * 3_600_000);
  const rows = await queryRows<{ bucket: number; n: number }>(
    db,
    sql`select floor(extract(epoch from (created_at - ${start.toISOString()}::timestamptz)) / 3600)::int as bucket, count(*)::int as n
        from orders where tenant_id = ${tenantId} and created_at >= ${start.toISOString()}::timestamptz and created_at < ${end.toISOString()}::timestamptz
        group by 1`,
  );
  return new Map(rows.map((r) => [r.bucket, r.n]));
}

/** Whether the tenant has taken any order (the demo loads only into a tenant without). */
export async function hasOrders(db: Db, tenantId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(db, sql`select id from orders where tenant_id = ${tenantId} limit 1`);
  return rows.length > 0;
}
