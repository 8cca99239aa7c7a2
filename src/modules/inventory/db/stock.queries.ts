import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { preparedStatement, queryRows, type Db } from '../../../platform/db/database.js';
import { keyset, type PageRequest } from '../../../platform/db/keyset.js';
import { locations, reservations, stockLevels } from './schema.js';

export interface StockSnapshotRow {
  sku: string;
  location_id: string;
  location_code: string;
  priority: number;
  available: number;
}

const planningColumns = `
  select s.sku, s.location_id, l.code as location_code, l.priority, s.on_hand - s.reserved as available
  from stock_levels s
  join locations l on l.tenant_id = s.tenant_id and l.id = s.location_id
  where s.tenant_id = $1 and s.sku = any($2::text[]) and l.active`;

/**
 * The one lock order of stock rows (ADR 0002): every statement that locks `stock_levels` rows
 * (alias `s`) takes them in (location, sku) order, so two writers never wait for each other in a
 * cycle. Text, so the prepared statements of the capture path (ADR 0004) share it too.
 */
const IN_LOCK_ORDER = 'order by s.location_id, s.sku for update of s';

const lockForPlanning = preparedStatement<StockSnapshotRow>('inventory_lock_stock_for_planning', `${planningColumns} ${IN_LOCK_ORDER}`);
const readForPlanning = preparedStatement<StockSnapshotRow>('inventory_read_stock_for_planning', planningColumns);

// A SKU never stocked at a location has no row to lock, so a receipt creating that row could
// miss a backorder being written at the same moment. Planning under locks and receiving stock
// therefore also take a per-SKU transaction advisory lock (sorted, so they never deadlock): a
// receipt either commits before the plan reads, or waits and then sees the backorder and fills it.
const lockSkus = preparedStatement(
  'inventory_lock_skus',
  `select pg_advisory_xact_lock(hashtextextended($1 || '/' || sku, 7423013))
   from (select distinct unnest($2::text[]) as sku order by 1) as s`,
);

export async function lockSkusForAllocation(db: Db, tenantId: string, skus: string[]): Promise<void> {
  await lockSkus(db, [tenantId, skus]);
}

/**
 * Locks the stock rows of these SKUs at every active location (the routing rules, not this read,
 * decide which may ship to customers), in one fixed order (location, sku) so concurrent writers
 * never deadlock, and returns what is available.
 * A plan made over this locked snapshot is exactly reservable.
 */
export async function lockStockForPlanning(db: Db, tenantId: string, skus: string[]): Promise<StockSnapshotRow[]> {
  await lockSkusForAllocation(db, tenantId, skus);
  return lockForPlanning(db, [tenantId, skus]);
}

/** Same rows, read without locks (for an optimistic plan, or what a storefront may show). */
export async function readStockForPlanning(db: Db, tenantId: string, skus: string[]): Promise<StockSnapshotRow[]> {
  return readForPlanning(db, [tenantId, skus]);
}

export interface StockChange {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
}

/**
 * Units to set aside at a location. The owner is an order line (`orderId` + `orderLineId`) or a
 * checkout reservation (`checkoutReservationId`), exactly one (`reservations_one_owner`).
 */
export interface ReservationInsert {
  id: string;
  orderId?: string;
  orderLineId?: string;
  checkoutReservationId?: string;
  sku: string;
  locationId: string;
  quantity: number;
}

/**
 * Reserves and records the reservations in one statement. The rows are locked in the global
 * (location, sku) order first (the materialised `locked` CTE), so two writers never deadlock; the
 * UPDATE is conditional (on_hand - reserved >= qty) and the CHECK constraint backs it. The
 * reservations are inserted only when every stock row was updated, so a caller seeing fewer rows
 * than asked must roll back. Callers issue it last before COMMIT: the hot rows stay locked for
 * one round trip.
 */
const reserveAndRecord = preparedStatement<StockChange>(
  'inventory_reserve_stock',
  `with want as (
     select * from unnest($3::text[], $4::text[], $5::int[]) as w(sku, location_id, qty)
   ), locked as materialized (
     select s.sku, s.location_id from stock_levels s
     join want w on w.sku = s.sku and w.location_id = s.location_id
     where s.tenant_id = $1
     ${IN_LOCK_ORDER}
   ), updated as (
     update stock_levels s set reserved = s.reserved + w.qty, updated_at = $2
     from want w, locked l
     where s.tenant_id = $1 and s.sku = w.sku and s.location_id = w.location_id
       and l.sku = w.sku and l.location_id = w.location_id and s.on_hand - s.reserved >= w.qty
     returning s.sku, s.location_id, s.on_hand, s.reserved
   ), recorded as (
     insert into reservations (tenant_id, id, order_id, order_line_id, checkout_reservation_id, sku, location_id, quantity, created_at)
     select $1, r.id, r.order_id, r.order_line_id, r.checkout_reservation_id, r.sku, r.location_id, r.quantity, $2
     from unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[])
          as r(id, order_id, order_line_id, checkout_reservation_id, sku, location_id, quantity)
     where (select count(*) from updated) = cardinality($3::text[])
   )
   select sku, location_id, on_hand, reserved from updated`,
);

/** Quantities summed per stock row (location, sku): one row is updated once per statement. */
export function sumPerStockRow(items: { sku: string; locationId: string; quantity: number }[]): { sku: string; locationId: string; quantity: number }[] {
  const perRow = new Map<string, { sku: string; locationId: string; quantity: number }>();
  for (const item of items) {
    const key = `${item.locationId}\u0000${item.sku}`;
    const row = perRow.get(key) ?? { sku: item.sku, locationId: item.locationId, quantity: 0 };
    row.quantity += item.quantity;
    perRow.set(key, row);
  }
  return [...perRow.values()];
}

export async function reserveStock(db: Db, tenantId: string, now: Date, items: ReservationInsert[]): Promise<StockChange[]> {
  const rows = sumPerStockRow(items);
  return reserveAndRecord(db, [
    tenantId,
    now,
    rows.map((r) => r.sku),
    rows.map((r) => r.locationId),
    rows.map((r) => r.quantity),
    items.map((i) => i.id),
    items.map((i) => i.orderId ?? null),
    items.map((i) => i.orderLineId ?? null),
    items.map((i) => i.checkoutReservationId ?? null),
    items.map((i) => i.sku),
    items.map((i) => i.locationId),
    items.map((i) => i.quantity),
  ]);
}

/** Units of one order line reserved at one location (a `reservations` row owned by the line). */
export interface OrderReservation {
  id: string;
  order_line_id: string;
  sku: string;
  location_id: string;
  quantity: number;
}

/** `(sku, location_id)` pairs naming these stock rows, for `lockStockRows`. */
export function stockRowsNamed(rows: { sku: string; locationId: string }[]): SQL {
  return sql`select * from unnest(${sql.param(rows.map((r) => r.sku))}::text[], ${sql.param(rows.map((r) => r.locationId))}::text[]) as w(sku, location_id)`;
}

/**
 * Locks the stock rows that `which` names (a query of `(sku, location_id)` pairs: reservations'
 * rows, or `stockRowsNamed`) in the global lock order, and answers them as they now are.
 */
export async function lockStockRows(db: Db, tenantId: string, which: SQL): Promise<StockChange[]> {
  return queryRows<StockChange>(db, sql`
    select s.sku, s.location_id, s.on_hand, s.reserved from stock_levels s
    where s.tenant_id = ${tenantId} and (s.sku, s.location_id) in (${which})
    ${sql.raw(IN_LOCK_ORDER)}`);
}

/**
 * Gives reserved units back to their stock rows: `reserved` lowered by exactly these units,
 * summed per row. The caller locked the rows (`lockStockRows`) and removed or shrank the
 * reservation rows that held the units, in the same transaction.
 */
export async function unreserveRows(db: Db, tenantId: string, now: Date, units: { sku: string; locationId: string; quantity: number }[]): Promise<StockChange[]> {
  if (units.length === 0) return [];
  const rows = sumPerStockRow(units);
  return queryRows<StockChange>(db, sql`
    update stock_levels s set reserved = s.reserved - w.qty, updated_at = ${now}
    from unnest(${sql.param(rows.map((r) => r.sku))}::text[], ${sql.param(rows.map((r) => r.locationId))}::text[], ${sql.param(rows.map((r) => r.quantity))}::int[]) as w(sku, location_id, qty)
    where s.tenant_id = ${tenantId} and s.sku = w.sku and s.location_id = w.location_id
    returning s.sku, s.location_id, s.on_hand, s.reserved`);
}

/**
 * Gives back reserved units of an order: all of them, or per line a number of units (undefined:
 * all of that line's), optionally only at one location. Stock rows are locked first, in the global order; the newest reservations
 * of a line are released first. Returns what was released per reservation.
 */
export async function releaseReservations(
  db: Db,
  tenantId: string,
  orderId: string,
  perLine: Map<string, number | undefined> | undefined,
  now: Date,
  locationId?: string,
): Promise<{ released: OrderReservation[]; stock: StockChange[] }> {
  const lineFilter = sql`${perLine ? sql`and order_line_id = any(${sql.param([...perLine.keys()])}::text[])` : sql``} ${locationId ? sql`and location_id = ${locationId}` : sql``}`;
  await lockStockRows(db, tenantId, sql`select sku, location_id from reservations where tenant_id = ${tenantId} and order_id = ${orderId} ${lineFilter}`);
  const live = await queryRows<OrderReservation>(db, sql`
    select id, order_line_id, sku, location_id, quantity from reservations
    where tenant_id = ${tenantId} and order_id = ${orderId} ${lineFilter}
    order by order_line_id, id desc
    for update`);
  const released: OrderReservation[] = [];
  const remaining = new Map(perLine ?? []);
  const kept: { id: string; quantity: number }[] = [];
  for (const r of live) {
    const wanted = perLine ? remaining.get(r.order_line_id) : undefined;
    const take = wanted === undefined ? r.quantity : Math.min(wanted, r.quantity);
    if (take <= 0) continue;
    if (wanted !== undefined) remaining.set(r.order_line_id, wanted - take);
    released.push({ ...r, quantity: take });
    if (take < r.quantity) kept.push({ id: r.id, quantity: r.quantity - take });
  }
  if (released.length === 0) return { released, stock: [] };
  const gone = released.filter((r) => !kept.some((k) => k.id === r.id)).map((r) => r.id);
  if (gone.length > 0) await db.execute(sql`delete from reservations where tenant_id = ${tenantId} and id = any(${sql.param(gone)}::text[])`);
  if (kept.length > 0) {
    await db.execute(sql`
      update reservations r set quantity = v.quantity
      from unnest(${sql.param(kept.map((k) => k.id))}::text[], ${sql.param(kept.map((k) => k.quantity))}::int[]) as v(id, quantity)
      where r.tenant_id = ${tenantId} and r.id = v.id`);
  }
  const stock = await unreserveRows(db, tenantId, now, released.map((r) => ({ sku: r.sku, locationId: r.location_id, quantity: r.quantity })));
  return { released, stock };
}

export interface AdjustmentRow {
  sku: string;
  locationId: string;
  delta: number;
}

/**
 * Applies summed deltas per (sku, location), creating rows as needed, in the global lock order.
 * A row whose on_hand would fall below its reserved quantity is not changed and not returned.
 * (An upsert cannot do this in one statement: PostgreSQL checks the CHECK constraint on the
 * candidate insert row, whose on_hand would be the bare, possibly negative, delta.)
 */
export async function applyOnHandDeltas(db: Db, tenantId: string, now: Date, rows: AdjustmentRow[]): Promise<StockChange[]> {
  const skus = sql.param(rows.map((r) => r.sku));
  const locationIds = sql.param(rows.map((r) => r.locationId));
  const deltas = sql.param(rows.map((r) => r.delta));
  await db.execute(sql`
    insert into stock_levels (tenant_id, sku, location_id, on_hand, reserved, updated_at)
    select ${tenantId}, w.sku, w.location_id, 0, 0, ${now}
    from unnest(${skus}::text[], ${locationIds}::text[]) as w(sku, location_id)
    order by w.location_id, w.sku
    on conflict (tenant_id, sku, location_id) do nothing`);
  await lockStockRows(db, tenantId, stockRowsNamed(rows));
  return queryRows<StockChange>(db, sql`
    update stock_levels s set on_hand = s.on_hand + w.delta, updated_at = ${now}
    from unnest(${skus}::text[], ${locationIds}::text[], ${deltas}::int[]) as w(sku, location_id, delta)
    where s.tenant_id = ${tenantId} and s.sku = w.sku and s.location_id = w.location_id and s.on_hand + w.delta >= s.reserved
    returning s.sku, s.location_id, s.on_hand, s.reserved`);
}

/**
 * Lowers on hand to what is reserved (available zero) on these SKUs' rows at one location, locked
 * in the global order; rows already at zero available are left alone. Answers the changed rows
 * with their delta.
 */
export async function lowerOnHandToReserved(db: Db, tenantId: string, locationId: string, skus: string[], now: Date): Promise<(StockChange & { delta: number })[]> {
  const unique = [...new Set(skus)];
  const before = new Map((await lockStockRows(db, tenantId, stockRowsNamed(unique.map((sku) => ({ sku, locationId }))))).map((r) => [r.sku, Number(r.on_hand)]));
  const changed = await queryRows<StockChange>(db, sql`
    update stock_levels s set on_hand = s.reserved, updated_at = ${now}
    where s.tenant_id = ${tenantId} and s.location_id = ${locationId} and s.sku = any(${sql.param(unique)}::text[]) and s.on_hand > s.reserved
    returning s.sku, s.location_id, s.on_hand, s.reserved`);
  return changed.map((c) => ({ ...c, delta: Number(c.on_hand) - (before.get(c.sku) ?? Number(c.on_hand)) }));
}

/** Records where each SKU sits at a location (its bin), as reported with an adjustment. */
export async function setBins(db: Db, tenantId: string, rows: { sku: string; locationId: string; bin: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    update stock_levels s set bin = v.bin
    from unnest(${sql.param(rows.map((r) => r.sku))}::text[], ${sql.param(rows.map((r) => r.locationId))}::text[], ${sql.param(rows.map((r) => r.bin))}::text[]) as v(sku, location_id, bin)
    where s.tenant_id = ${tenantId} and s.sku = v.sku and s.location_id = v.location_id`);
}

/** By SKU, then location id (platform/db/keyset.ts). */
export async function listStock(db: Db, tenantId: string, filter: { sku?: string; skuPrefix?: string; locationId?: string }, page: PageRequest) {
  const k = keyset([stockLevels.sku, stockLevels.locationId], page, 'by_key');
  return db
    .select({ sku: stockLevels.sku, locationId: stockLevels.locationId, locationCode: locations.code, onHand: stockLevels.onHand, reserved: stockLevels.reserved, bin: stockLevels.bin, updatedAt: stockLevels.updatedAt })
    .from(stockLevels)
    .innerJoin(locations, and(eq(locations.tenantId, stockLevels.tenantId), eq(locations.id, stockLevels.locationId)))
    .where(
      and(
        eq(stockLevels.tenantId, tenantId),
        filter.sku ? eq(stockLevels.sku, filter.sku) : undefined,
        // `>=` lets the (tenant_id, sku, …) key start at the prefix; starts_with keeps only its SKUs.
        filter.skuPrefix ? sql`${stockLevels.sku} >= ${filter.skuPrefix} and starts_with(${stockLevels.sku}, ${filter.skuPrefix})` : undefined,
        filter.locationId ? eq(stockLevels.locationId, filter.locationId) : undefined,
        k.where,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
}

export async function stockOfSku(db: Db, tenantId: string, sku: string) {
  return db
    .select({ locationId: stockLevels.locationId, locationCode: locations.code, onHand: stockLevels.onHand, reserved: stockLevels.reserved, quarantined: stockLevels.quarantined, bin: stockLevels.bin, shipsToCustomers: locations.shipsToCustomers, active: locations.active })
    .from(stockLevels)
    .innerJoin(locations, and(eq(locations.tenantId, stockLevels.tenantId), eq(locations.id, stockLevels.locationId)))
    .where(and(eq(stockLevels.tenantId, tenantId), eq(stockLevels.sku, sku)))
    .orderBy(asc(locations.code));
}

export async function reservationsOfOrders(db: Db, tenantId: string, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db
    // Rows selected by order_id are order rows: their order and line ids are set (reservations_one_owner).
    .select({ id: reservations.id, orderId: sql<string>`${reservations.orderId}`, lineId: sql<string>`${reservations.orderLineId}`, sku: reservations.sku, locationCode: locations.code, quantity: reservations.quantity })
    .from(reservations)
    .innerJoin(locations, and(eq(locations.tenantId, reservations.tenantId), eq(locations.id, reservations.locationId)))
    .where(and(eq(reservations.tenantId, tenantId), inArray(reservations.orderId, orderIds)))
    .orderBy(asc(reservations.orderLineId), asc(locations.code));
}

/** Where each of these SKUs sits at one location (its bin; null when not recorded), for pick paths. */
export async function binsOf(db: Db, tenantId: string, locationId: string, skus: string[]): Promise<Map<string, string | null>> {
  if (skus.length === 0) return new Map();
  const rows = await queryRows<{ sku: string; bin: string | null }>(
    db,
    sql`select sku, bin from stock_levels where tenant_id = ${tenantId} and location_id = ${locationId} and sku = any(${sql.param([...new Set(skus)])}::text[])`,
  );
  return new Map(rows.map((r) => [r.sku, r.bin]));
}

/** Adds units to a stock row's non-sellable `quarantined` (the row is created when missing); the row after. */
export async function addQuarantined(db: Db, tenantId: string, sku: string, locationId: string, units: number, now: Date): Promise<{ onHand: number; quarantined: number }> {
  const [row] = await queryRows<{ on_hand: number; quarantined: number }>(db, sql`
    insert into stock_levels (tenant_id, sku, location_id, on_hand, reserved, quarantined, updated_at)
    values (${tenantId}, ${sku}, ${locationId}, 0, 0, ${units}, ${now})
    on conflict (tenant_id, sku, location_id) do update set quarantined = stock_levels.quarantined + excluded.quarantined, updated_at = excluded.updated_at
    returning on_hand, quarantined`);
  if (!row) throw new Error('quarantine upsert returned no row');
  return { onHand: Number(row.on_hand), quarantined: Number(row.quarantined) };
}
