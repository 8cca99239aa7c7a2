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
