import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { preparedStatement, queryRows, type Db } from '../../../platform/db/database.js';
import { readItems, type ReadPart } from '../../../platform/db/write-part.js';
import type { OrderStatus } from '../domain/lifecycle.js';
import { orderAdjustments, orderLines, orders } from './schema.js';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderAdjustmentRow = typeof orderAdjustments.$inferSelect;
export type NewOrderAdjustment = Omit<OrderAdjustmentRow, 'tenantId' | 'orderId'>;

const INSERT_WITH_LINES_WITH = `with o as (
     insert into orders (tenant_id, id, channel, external_id, status, version, currency, placed_at, customer_email, customer,
                         shipping_address, billing_address, shipping_service_level, shipping_minor, subtotal_minor, total_minor,
                         notes, tags, created_by, created_at, updated_at, channel_order_name,
                         discount_total_minor, tax_total_minor, shipping_total_minor, duties_total_minor, cancelled_total_minor, taxes_included, money_discrepancy, customer_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13, $14, $15, $16, $17, $18::text[], $19, $20, $21, $32,
             $33, $34, $35, $36, $37, $38, $39::jsonb, $54)
     returning id, number
   ), l as (
     insert into order_lines (tenant_id, id, order_id, line_no, sku, quantity, unit_price_minor, allocated, backordered, cancelled, parent_line_id, price_share_minor,
                              discount_minor, tax_minor)
     select $1, l.id, (select id from o), l.line_no, l.sku, l.quantity, l.unit_price_minor, l.allocated, l.backordered, l.cancelled, l.parent_line_id, l.price_share_minor,
            l.discount_minor, l.tax_minor
     from unnest($22::text[], $23::int[], $24::text[], $25::int[], $26::bigint[], $27::int[], $28::int[], $29::int[], $30::text[], $31::bigint[], $40::bigint[], $41::bigint[])
          as l(id, line_no, sku, quantity, unit_price_minor, allocated, backordered, cancelled, parent_line_id, price_share_minor, discount_minor, tax_minor)
   ), a as (
     insert into order_adjustments (tenant_id, order_id, position, kind, line_no, shipping_line, title, code, source, rate, jurisdiction, service_level, order_level, amount_minor)
     select $1, (select id from o), a.* from unnest($42::int[], $43::text[], $44::int[], $45::int[], $46::text[], $47::text[], $48::text[], $49::text[], $50::text[], $51::text[], $52::boolean[], $53::bigint[])
          as a(position, kind, line_no, shipping_line, title, code, source, rate, jurisdiction, service_level, order_level, amount_minor)
   )`;
const INSERT_PARAMS = 54;
const insertWithLines = preparedStatement<{ number: string }>('orders_insert_with_lines', `${INSERT_WITH_LINES_WITH} select number::text as number from o`);

/** The insert with a read riding in it, by the read's name (capture's velocity count: one). */
const insertWithRead = new Map<string, ReturnType<typeof preparedStatement<{ number: string; ride: unknown }>>>();
function insertStatementWith(part: ReadPart<unknown>): ReturnType<typeof preparedStatement<{ number: string; ride: unknown }>> {
  let run = insertWithRead.get(part.name);
  if (!run) {
    // The text is renumbered once per part name, not per capture: a part's SQL is fixed by its name.
    const items = readItems(part, INSERT_PARAMS);
    run = preparedStatement(`orders_insert_with_lines__${part.name}`, `${INSERT_WITH_LINES_WITH}, ${items.with} select number::text as number, ${items.value} as ride from o`);
    insertWithRead.set(part.name, run);
  }
  return run;
}

const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** An order before it is stored: its number comes from the insert (the installation-wide sequence). */
export type NewOrderRow = Omit<OrderRow, 'number' | 'shipBy' | 'customerId'> & { customerId?: string | null };

/** Inserts the order, its lines and its money's adjustments in one statement (one round trip on the capture path); answers the row as stored. */
export async function insertOrderWithLines(db: Db, order: NewOrderRow, lines: OrderLineRow[], adjustments: NewOrderAdjustment[] = []): Promise<OrderRow> {
  return (await insertOrderWithLinesAnd(db, order, lines, adjustments, undefined)).order;
}

/**
 * The same insert with another module's read riding in it (`ReadPart`, ADR 0030), its answer
 * beside the row; without a part, the plain insert.
 */
export async function insertOrderWithLinesAnd<T>(db: Db, order: NewOrderRow, lines: OrderLineRow[], adjustments: NewOrderAdjustment[], read: ReadPart<T> | undefined): Promise<{ order: OrderRow; read: T | undefined }> {
  const col = <K extends keyof OrderLineRow>(k: K) => lines.map((l) => l[k]);
  const adj = <K extends keyof NewOrderAdjustment>(k: K) => adjustments.map((a) => a[k]);
  const params = [
    order.tenantId, order.id, order.channel, order.externalId, order.status, order.version, order.currency, order.placedAt,
    order.customerEmail, jsonOrNull(order.customer), jsonOrNull(order.shippingAddress), jsonOrNull(order.billingAddress),
    order.shippingServiceLevel, order.shippingMinor, order.subtotalMinor, order.totalMinor, order.notes, order.tags,
    order.createdBy, order.createdAt, order.updatedAt,
    col('id'), col('lineNo'), col('sku'), col('quantity'), col('unitPriceMinor'), col('allocated'), col('backordered'), col('cancelled'),
    col('parentLineId'), col('priceShareMinor'), order.channelOrderName,
    order.discountTotalMinor, order.taxTotalMinor, order.shippingTotalMinor, order.dutiesTotalMinor, order.cancelledTotalMinor, order.taxesIncluded, jsonOrNull(order.moneyDiscrepancy),
    col('discountMinor'), col('taxMinor'),
    adj('position'), adj('kind'), adj('lineNo'), adj('shippingLine'), adj('title'), adj('code'), adj('source'), adj('rate'), adj('jurisdiction'), adj('serviceLevel'), adj('orderLevel'), adj('amountMinor'),
    order.customerId ?? null,
  ];
  if (params.length !== INSERT_PARAMS) throw new Error(`the order insert has ${INSERT_PARAMS} parameters, ${params.length} given`);
  const stored = (number: string): OrderRow => ({ ...order, customerId: order.customerId ?? null, number: Number(number), shipBy: null });
  if (!read) {
    const [inserted] = await insertWithLines(db, params);
    if (!inserted) throw new Error('the order insert answered no number');
    return { order: stored(inserted.number), read: undefined };
  }
  const [inserted] = await insertStatementWith(read as ReadPart<unknown>)(db, [...params, ...read.params]);
  if (!inserted) throw new Error('the order insert answered no number');
  return { order: stored(inserted.number), read: read.parse(inserted.ride) };
}

export async function findOrder(db: Db, tenantId: string, id: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)));
  return row;
}

export async function lockOrder(db: Db, tenantId: string, id: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(and(eq(orders.tenantId, tenantId), eq(orders.id, id))).for('update');
  return row;
}

export async function findOrderByExternalId(db: Db, tenantId: string, channel: string, externalId: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(and(eq(orders.tenantId, tenantId), eq(orders.channel, channel), eq(orders.externalId, externalId)));
  return row;
}

export async function linesOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<OrderLineRow[]> {
  if (orderIds.length === 0) return [];
  return db.select().from(orderLines).where(and(eq(orderLines.tenantId, tenantId), inArray(orderLines.orderId, orderIds))).orderBy(asc(orderLines.orderId), asc(orderLines.lineNo));
}

/** Compare-and-set on version: zero rows means another request moved the order first. */
export async function updateOrderStatus(db: Db, tenantId: string, id: string, expectedVersion: number, status: OrderStatus, now: Date): Promise<boolean> {
  const updated = await db
    .update(orders)
    .set({ status, version: expectedVersion + 1, updatedAt: now })
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id), eq(orders.version, expectedVersion)))
    .returning({ id: orders.id });
  return updated.length === 1;
}

export async function setLineQuantities(db: Db, tenantId: string, lines: Pick<OrderLineRow, 'id' | 'allocated' | 'backordered' | 'cancelled'>[]): Promise<void> {
  if (lines.length === 0) return;
  await db.execute(sql`
    update order_lines l set allocated = v.allocated, backordered = v.backordered, cancelled = v.cancelled
    from unnest(${sql.param(lines.map((l) => l.id))}::text[], ${sql.param(lines.map((l) => l.allocated))}::int[],
                ${sql.param(lines.map((l) => l.backordered))}::int[], ${sql.param(lines.map((l) => l.cancelled))}::int[]) as v(id, allocated, backordered, cancelled)
    where l.tenant_id = ${tenantId} and l.id = v.id`);
}

/** Waiting backorders for a SKU, oldest first, locked so two receipts never fill the same line. */
export async function lockBackorderedLines(db: Db, tenantId: string, sku: string, limit: number): Promise<OrderLineRow[]> {
  return db
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.tenantId, tenantId), eq(orderLines.sku, sku), sql`${orderLines.backordered} > 0`))
    .orderBy(asc(orderLines.id))
    .limit(limit)
    .for('update');
}

/**
 * For each given line, the units of its SKU backordered by older lines (line ids sort by creation)
 * of orders a receipt would fill (not on hold, not cancelled): what arriving stock serves first.
 */
export async function backorderedAhead(db: Db, tenantId: string, lineIds: string[]): Promise<{ id: string; ahead: number }[]> {
  if (lineIds.length === 0) return [];
  return queryRows<{ id: string; ahead: number }>(db, sql`
    select l.id, coalesce((
      select sum(o.backordered) from order_lines o
      join orders oo on oo.tenant_id = o.tenant_id and oo.id = o.order_id
      where o.tenant_id = l.tenant_id and o.sku = l.sku and o.backordered > 0 and o.id < l.id and oo.status not in ('on_hold', 'cancelled')
    ), 0)::int as ahead
    from order_lines l
    where l.tenant_id = ${tenantId} and l.id = any(${sql.param(lineIds)}::text[])`);
}

/** Adds shipped units per line (negative: a voided label). The CHECKs keep 0 <= shipped <= allocated. */
export async function addShippedUnits(db: Db, tenantId: string, lines: { id: string; delta: number }[]): Promise<void> {
  if (lines.length === 0) return;
  await db.execute(sql`
    update order_lines l set shipped = l.shipped + v.delta
    from unnest(${sql.param(lines.map((l) => l.id))}::text[], ${sql.param(lines.map((l) => l.delta))}::int[]) as v(id, delta)
    where l.tenant_id = ${tenantId} and l.id = v.id`);
}

/** Replaces the tags; the caller holds the order's row lock and records the change. */
export async function updateOrderTags(db: Db, tenantId: string, id: string, tags: string[], now: Date): Promise<void> {
  await db.update(orders).set({ tags, updatedAt: now }).where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)));
}

/** The earliest ship-by date the order was promised (the promise flow keeps it next to the promises; an earlier one stays). */
export async function setOrderShipBy(db: Db, tenantId: string, id: string, shipBy: string): Promise<void> {
  await db.update(orders).set({ shipBy: sql`least(${orders.shipBy}, ${shipBy}::date)` }).where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)));
}

/** The adjustments (discounts, taxes, shipping lines, duties) of some orders, in order and position order. */
export async function adjustmentsOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<OrderAdjustmentRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .select()
    .from(orderAdjustments)
    .where(and(eq(orderAdjustments.tenantId, tenantId), inArray(orderAdjustments.orderId, orderIds)))
    .orderBy(asc(orderAdjustments.orderId), asc(orderAdjustments.position));
}

/** The order's totals after a change of its live units (a cancellation); the caller holds the row lock. */
export async function setOrderTotals(
  db: Db,
  tenantId: string,
  id: string,
  totals: Pick<OrderRow, 'subtotalMinor' | 'discountTotalMinor' | 'taxTotalMinor' | 'shippingTotalMinor' | 'dutiesTotalMinor' | 'totalMinor' | 'cancelledTotalMinor'>,
): Promise<void> {
  await db.update(orders).set(totals).where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)));
}
