import { and, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import type { EditChange } from '../domain/edits.js';
import { orderAdjustments, orderEdits, orderLines, orders } from './schema.js';
import type { NewOrderAdjustment, OrderLineRow } from './orders.queries.js';

export type OrderEditRow = typeof orderEdits.$inferSelect;

export async function insertOrderEdit(db: Db, row: OrderEditRow): Promise<void> {
  await db.insert(orderEdits).values(row);
}

export async function findOrderEdit(db: Db, tenantId: string, orderId: string, id: string): Promise<OrderEditRow | undefined> {
  const [row] = await db.select().from(orderEdits).where(and(eq(orderEdits.tenantId, tenantId), eq(orderEdits.orderId, orderId), eq(orderEdits.id, id)));
  return row;
}

/** The edit under its row lock: staging, committing and discarding one edit queue behind each other. */
export async function lockOrderEdit(db: Db, tenantId: string, orderId: string, id: string): Promise<OrderEditRow | undefined> {
  const [row] = await db.select().from(orderEdits).where(and(eq(orderEdits.tenantId, tenantId), eq(orderEdits.orderId, orderId), eq(orderEdits.id, id))).for('update');
  return row;
}

/** An order's edits, newest first (ids are time-ordered), at most `limit`. */
export async function editsOfOrder(db: Db, tenantId: string, orderId: string, limit: number): Promise<OrderEditRow[]> {
  return db.select().from(orderEdits).where(and(eq(orderEdits.tenantId, tenantId), eq(orderEdits.orderId, orderId))).orderBy(desc(orderEdits.id)).limit(limit);
}

export async function setOrderEditChanges(db: Db, tenantId: string, id: string, changes: EditChange[], now: Date): Promise<void> {
  await db.update(orderEdits).set({ changes, updatedAt: now }).where(and(eq(orderEdits.tenantId, tenantId), eq(orderEdits.id, id)));
}

/** Commits or discards an open edit, once: a conditional update (false: it was closed meanwhile). */
export async function closeOrderEdit(db: Db, tenantId: string, id: string, close: { status: 'committed' | 'discarded'; by: string; at: Date; reason: string | null; result: Record<string, unknown> | null }): Promise<boolean> {
  const rows = await db
    .update(orderEdits)
    .set({ status: close.status, closedBy: close.by, closedAt: close.at, updatedAt: close.at, reason: close.reason, result: close.result })
    .where(and(eq(orderEdits.tenantId, tenantId), eq(orderEdits.id, id), eq(orderEdits.status, 'open')))
    .returning({ id: orderEdits.id });
  return rows.length === 1;
}

/** What an edit sets on the order row besides totals and status. */
export interface EditedOrderFields {
  shippingAddress: Record<string, unknown> | null;
  shippingServiceLevel: string | null;
  shippingMinor: number;
  notes: string | null;
  tags: string[];
}

/**
 * The edit's compare-and-set on the order's version (the caller holds the row lock, so zero rows
 * means the version moved since the edit began): the fields it changes, version + 1.
 */
export async function setEditedOrder(db: Db, tenantId: string, id: string, expectedVersion: number, fields: EditedOrderFields, now: Date): Promise<boolean> {
  const rows = await db
    .update(orders)
    .set({ ...fields, version: expectedVersion + 1, updatedAt: now })
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id), eq(orders.version, expectedVersion)))
    .returning({ id: orders.id });
  return rows.length === 1;
}

/** New quantities and amounts of existing lines (units added, discounts); allocation is set apart. */
export async function setEditedLines(db: Db, tenantId: string, lines: Pick<OrderLineRow, 'id' | 'quantity' | 'discountMinor' | 'taxMinor' | 'priceShareMinor'>[]): Promise<void> {
  if (lines.length === 0) return;
  await db.execute(sql`
    update order_lines l set quantity = v.quantity, discount_minor = v.discount_minor, tax_minor = v.tax_minor, price_share_minor = v.price_share_minor
    from unnest(${sql.param(lines.map((l) => l.id))}::text[], ${sql.param(lines.map((l) => l.quantity))}::int[],
                ${sql.param(lines.map((l) => l.discountMinor))}::bigint[], ${sql.param(lines.map((l) => l.taxMinor))}::bigint[],
                ${sql.param(lines.map((l) => l.priceShareMinor))}::bigint[]) as v(id, quantity, discount_minor, tax_minor, price_share_minor)
    where l.tenant_id = ${tenantId} and l.id = v.id`);
}

export async function insertOrderLines(db: Db, lines: OrderLineRow[]): Promise<void> {
  if (lines.length === 0) return;
  await db.insert(orderLines).values(lines);
}

/** Appends adjustments after the order's last position (the caller holds the order's row lock). */
export async function appendOrderAdjustments(db: Db, tenantId: string, orderId: string, rows: Omit<NewOrderAdjustment, 'position'>[]): Promise<void> {
  if (rows.length === 0) return;
  const [last] = await queryRows<{ position: number }>(db, sql`select coalesce(max(position), 0)::int as position from order_adjustments where tenant_id = ${tenantId} and order_id = ${orderId}`);
  const start = last?.position ?? 0;
  await db.insert(orderAdjustments).values(rows.map((r, i) => ({ ...r, tenantId, orderId, position: start + i + 1 })));
}

/** The price of the order's one stored shipping line (a changed shipping method). */
export async function setShippingLinePrice(db: Db, tenantId: string, orderId: string, priceMinor: number, serviceLevel: string | null): Promise<void> {
  await db
    .update(orderAdjustments)
    .set({ amountMinor: priceMinor, serviceLevel })
    .where(and(eq(orderAdjustments.tenantId, tenantId), eq(orderAdjustments.orderId, orderId), eq(orderAdjustments.kind, 'shipping')));
}
