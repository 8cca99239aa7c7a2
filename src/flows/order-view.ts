import type { Db } from '../platform/db/database.js';
import { currencyExponent, formatMoney } from '../platform/kernel/money.js';
import { reservationsOfOrders } from '../modules/inventory/index.js';
import { linesOfOrders, type OrderLineRow, type OrderRow } from '../modules/orders/index.js';

export interface AllocationView {
  line_id: string;
  sku: string;
  location: string;
  quantity: number;
}

/** The order as the API shows it: order + lines (orders module) + allocations (inventory module). */
export function orderView(order: OrderRow, lines: OrderLineRow[], allocations: AllocationView[]) {
  const exp = currencyExponent(order.currency) ?? 2;
  const money = (minor: number) => formatMoney(minor, exp);
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
    lines: lines.map((l) => ({
      id: l.id,
      sku: l.sku,
      quantity: l.quantity,
      unit_price: money(l.unitPriceMinor),
      allocated: l.allocated,
      backordered: l.backordered,
      cancelled: l.cancelled,
    })),
    allocations,
    totals: { subtotal: money(order.subtotalMinor), shipping: money(order.shippingMinor), total: money(order.totalMinor) },
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
  };
}

export type OrderView = ReturnType<typeof orderView>;

export async function loadOrderViews(db: Db, tenantId: string, orders: OrderRow[]): Promise<OrderView[]> {
  const ids = orders.map((o) => o.id);
  const [lines, reservations] = await Promise.all([linesOfOrders(db, tenantId, ids), reservationsOfOrders(db, tenantId, ids)]);
  return orders.map((o) =>
    orderView(
      o,
      lines.filter((l) => l.orderId === o.id),
      reservations.filter((r) => r.orderId === o.id).map((r) => ({ line_id: r.lineId, sku: r.sku, location: r.locationCode, quantity: r.quantity })),
    ),
  );
}
