import { and, eq, inArray } from 'drizzle-orm';
import { preparedStatement, type Db } from '../../../platform/db/database.js';
import { orderChecks } from './checks.schema.js';

export type OrderChecksRow = typeof orderChecks.$inferSelect;

// On the capture path, so a named statement (ADR 0004).
const insertChecks = preparedStatement<Record<string, never>>(
  'order_checks_insert',
  `insert into order_checks (tenant_id, order_id, address_checks, signals, created_at)
   values ($1, $2, $3::jsonb, $4::jsonb, $5)`,
);

export async function insertOrderChecks(db: Db, row: OrderChecksRow): Promise<void> {
  await insertChecks(db, [row.tenantId, row.orderId, JSON.stringify(row.addressChecks), JSON.stringify(row.signals), row.createdAt]);
}

/** The checks of some orders (one query for a whole page of orders). */
export async function checksOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<OrderChecksRow[]> {
  if (orderIds.length === 0) return [];
  return db.select().from(orderChecks).where(and(eq(orderChecks.tenantId, tenantId), inArray(orderChecks.orderId, orderIds)));
}
