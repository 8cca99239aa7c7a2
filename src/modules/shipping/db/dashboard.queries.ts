import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';

/** Orders that had a (not voided) shipment created in [from, to): shipments_created serves the range. */
export async function countOrdersShipped(db: Db, tenantId: string, from: Date, to: Date): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct order_id)::int as n from shipments
        where tenant_id = ${tenantId} and created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz and status <> 'voided'`,
  );
  return row?.n ?? 0;
}

/**
 * Of the given (order, location) pairs still to ship, the orders whose promised ship-by date is
 * before `today`: late against the promise. Read by primary key, one pair per open fulfillment order.
 */
export async function countLateOrders(db: Db, tenantId: string, open: { orderId: string; locationId: string }[], today: string): Promise<number> {
  if (open.length === 0) return 0;
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct p.order_id)::int as n
        from unnest(${sql.param(open.map((o) => o.orderId))}::text[], ${sql.param(open.map((o) => o.locationId))}::text[]) as k(order_id, location_id)
        join delivery_promises p on p.tenant_id = ${tenantId} and p.order_id = k.order_id and p.location_id = k.location_id
        where p.ship_by < ${today}::date`,
  );
  return row?.n ?? 0;
}
