import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import type { WritePart } from '../../../platform/db/write-part.js';
import { orderChecks } from './checks.schema.js';

export type OrderChecksRow = typeof orderChecks.$inferSelect;

/**
 * The capture path's write of an order's checks, sent in the outbox's statement with the order's
 * events (`appendEvents(…, { alongside })`, ADR 0030): one round trip fewer per capture.
 */
export function orderChecksWrite(row: OrderChecksRow): WritePart {
  return {
    name: 'order_checks',
    sql: 'insert into order_checks (tenant_id, order_id, address_checks, signals, created_at) values ($1, $2, $3::jsonb, $4::jsonb, $5)',
    params: [row.tenantId, row.orderId, JSON.stringify(row.addressChecks), JSON.stringify(row.signals), row.createdAt],
  };
}

/** The checks of some orders (one query for a whole page of orders). */
export async function checksOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<OrderChecksRow[]> {
  if (orderIds.length === 0) return [];
  return db.select().from(orderChecks).where(and(eq(orderChecks.tenantId, tenantId), inArray(orderChecks.orderId, orderIds)));
}
