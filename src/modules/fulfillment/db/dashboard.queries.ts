import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';

/**
 * The (order, location) of every fulfillment order still to ship (not shipped, rejected or
 * cancelled): the work in progress, read through fulfillment_orders_status, so bounded by what is
 * open rather than by the tenant's history.
 */
export async function openFulfillmentOrderKeys(db: Db, tenantId: string): Promise<{ orderId: string; locationId: string }[]> {
  return queryRows<{ orderId: string; locationId: string }>(
    db,
    sql`select order_id as "orderId", location_id as "locationId" from fulfillment_orders
        where tenant_id = ${tenantId} and status in ('pending', 'released', 'accepted', 'picking', 'packed', 'cancel_requested')`,
  );
}
