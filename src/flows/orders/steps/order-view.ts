import type { Db } from '../../../platform/db/database.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import { expectedDateFor, expectedSupplyOfSkus, reservationsOfOrders } from '../../../modules/inventory/index.js';
import { backorderedAhead, kitLineQuantities, linesOfOrders, type OrderLineRow, type OrderRow } from '../../../modules/orders/index.js';

export interface AllocationView {
  line_id: string;
  sku: string;
  location: string;
  quantity: number;
}

/** The order as the API shows it: order + lines (orders module) + allocations (inventory module). */
/** `expectedDates`: per backordered line, when inbound supply covers it (see `expectedDatesOf`); null when unknown. */
export function orderView(order: OrderRow, lines: OrderLineRow[], allocations: AllocationView[], expectedDates?: Map<string, string | null>) {
  const exp = currencyExponent(order.currency) ?? 2;
  const money = (minor: number) => formatMoney(minor, exp);
  // Kits: one flat list; a component line names its kit line in parent_line_id, a kit line shows
  // quantities derived from its components (it is never allocated itself).
  const kits = kitLineQuantities(lines);
  const kitExpected = (kitId: string) => {
    const dates = lines.filter((c) => c.parentLineId === kitId && c.backordered > 0).map((c) => expectedDates?.get(c.id) ?? null);
    return dates.length === 0 || dates.includes(null) ? null : ([...dates].sort().pop() ?? null);
  };
  return {
    id: order.id,
    channel: order.channel,
    external_id: order.externalId,
    status: order.status,
    version: order.version,
    currency: order.currency,
    placed_at: order.placedAt?.toISOString() ?? null,
    customer: order.customer,
    shipping_address: order.shippingAddress,
    billing_address: order.billingAddress,
    shipping: { service_level: order.shippingServiceLevel, price: money(order.shippingMinor) },
    notes: order.notes,
    tags: order.tags,
    lines: lines.map((l) => {
      const kit = kits.get(l.id);
      const backordered = kit ? kit.backordered : l.backordered;
      return {
        id: l.id,
        sku: l.sku,
        quantity: l.quantity,
        unit_price: money(l.unitPriceMinor),
        allocated: kit ? kit.allocated : l.allocated,
        backordered,
        cancelled: l.cancelled,
        shipped: l.shipped,
        expected_date: backordered > 0 ? (kit ? kitExpected(l.id) : (expectedDates?.get(l.id) ?? null)) : null,
        kit: kit !== undefined,
        parent_line_id: l.parentLineId,
        price_share: l.priceShareMinor === null ? null : money(l.priceShareMinor),
      };
    }),
    allocations,
    totals: { subtotal: money(order.subtotalMinor), shipping: money(order.shippingMinor), total: money(order.totalMinor) },
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
  };
}

export type OrderView = ReturnType<typeof orderView>;

/**
 * When each backordered line can expect its units: open inbound supply of its SKU (soonest first)
 * against the backorders of that SKU (oldest first, as receipts fill them). Two queries, only when
 * some line waits.
 */
export async function expectedDatesOf(db: Db, tenantId: string, lines: OrderLineRow[]): Promise<Map<string, string | null>> {
  const waiting = lines.filter((l) => l.backordered > 0);
  if (waiting.length === 0) return new Map();
  const [ahead, supply] = await Promise.all([backorderedAhead(db, tenantId, waiting.map((l) => l.id)), expectedSupplyOfSkus(db, tenantId, [...new Set(waiting.map((l) => l.sku))])]);
  const aheadOf = new Map(ahead.map((a) => [a.id, a.ahead]));
  return new Map(
    waiting.map((l) => [
      l.id,
      expectedDateFor(aheadOf.get(l.id) ?? 0, l.backordered, supply.filter((s) => s.sku === l.sku).map((s) => ({ expectedDate: s.expected_date, outstanding: s.outstanding }))),
    ]),
  );
}

export async function loadOrderViews(db: Db, tenantId: string, orders: OrderRow[]): Promise<OrderView[]> {
  const ids = orders.map((o) => o.id);
  const [lines, reservations] = await Promise.all([linesOfOrders(db, tenantId, ids), reservationsOfOrders(db, tenantId, ids)]);
  const expectedDates = await expectedDatesOf(db, tenantId, lines);
  return orders.map((o) =>
    orderView(
      o,
      lines.filter((l) => l.orderId === o.id),
      reservations.filter((r) => r.orderId === o.id).map((r) => ({ line_id: r.lineId, sku: r.sku, location: r.locationCode, quantity: r.quantity })),
      expectedDates,
    ),
  );
}
