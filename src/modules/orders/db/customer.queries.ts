import { and, eq, inArray, sql } from 'drizzle-orm';
import { preparedStatement, queryRows, type Db } from '../../../platform/db/database.js';
import { orders } from './schema.js';

/**
 * A customer's orders in figures (ADR 0026), by query over `orders_customer_id`: per customer and
 * currency, the orders, what they came to (`total_minor` is over the live units: cancellations are
 * already out of it), the first and last order. Cancelled orders count as orders (they were placed).
 */
export interface CustomerOrderFigures {
  customerId: string;
  currency: string;
  orders: number;
  netMinor: number;
  firstAt: Date;
  lastAt: Date;
}

export async function customerOrderFigures(db: Db, tenantId: string, customerIds: string[]): Promise<CustomerOrderFigures[]> {
  if (customerIds.length === 0) return [];
  const rows = await queryRows<{ customer_id: string; currency: string; orders: number; net_minor: string; first_at: string | Date; last_at: string | Date }>(db, sql`
    select customer_id, currency, count(*)::int as orders, sum(total_minor)::text as net_minor,
           min(coalesce(placed_at, created_at)) as first_at, max(coalesce(placed_at, created_at)) as last_at
    from orders
    where tenant_id = ${tenantId} and customer_id = any(${sql.param(customerIds)}::text[])
    group by customer_id, currency
    order by customer_id, currency`);
  return rows.map((r) => ({ customerId: r.customer_id, currency: r.currency, orders: r.orders, netMinor: Number(r.net_minor), firstAt: new Date(r.first_at), lastAt: new Date(r.last_at) }));
}

/** The ids of a customer's orders (for the figures other modules keep per order: refunds, returns). */
export async function orderIdsOfCustomer(db: Db, tenantId: string, customerId: string): Promise<string[]> {
  const rows = await db.select({ id: orders.id }).from(orders).where(and(eq(orders.tenantId, tenantId), eq(orders.customerId, customerId)));
  return rows.map((r) => r.id);
}

/** A merge: the merged customer's orders now belong to the survivor. Their ids. */
export async function moveOrdersToCustomer(db: Db, tenantId: string, from: string, to: string): Promise<string[]> {
  const rows = await db.update(orders).set({ customerId: to }).where(and(eq(orders.tenantId, tenantId), eq(orders.customerId, from))).returning({ id: orders.id });
  return rows.map((r) => r.id);
}

/** The personal fields of orders, as erasure reads and rewrites them. */
export interface OrderContacts {
  id: string;
  customerEmail: string | null;
  customer: Record<string, unknown> | null;
  shippingAddress: Record<string, unknown> | null;
  billingAddress: Record<string, unknown> | null;
  notes: string | null;
}

export async function contactsOfOrders(db: Db, tenantId: string, orderIds: string[]): Promise<OrderContacts[]> {
  if (orderIds.length === 0) return [];
  return db
    .select({ id: orders.id, customerEmail: orders.customerEmail, customer: orders.customer, shippingAddress: orders.shippingAddress, billingAddress: orders.billingAddress, notes: orders.notes })
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), inArray(orders.id, orderIds)));
}

/** Erasure: the orders' personal fields replaced, and what capture found about their addresses (money, lines and status untouched). */
export async function replaceOrderContacts(db: Db, tenantId: string, rows: OrderContacts[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  await db.execute(sql`
    update orders o set customer_email = v.customer_email, customer = v.customer::jsonb, shipping_address = v.shipping_address::jsonb,
                        billing_address = v.billing_address::jsonb, notes = v.notes, updated_at = ${now}
    from unnest(${sql.param(rows.map((r) => r.id))}::text[], ${sql.param(rows.map((r) => r.customerEmail))}::text[], ${sql.param(rows.map((r) => json(r.customer)))}::text[],
                ${sql.param(rows.map((r) => json(r.shippingAddress)))}::text[], ${sql.param(rows.map((r) => json(r.billingAddress)))}::text[], ${sql.param(rows.map((r) => r.notes))}::text[])
         as v(id, customer_email, customer, shipping_address, billing_address, notes)
    where o.tenant_id = ${tenantId} and o.id = v.id`);
  // What capture found holds the same person's data: the standardised addresses (name, street,
  // phone) and findings that quote them (an invalid phone). The codes and fields stay.
  await db.execute(sql`
    update order_checks c
       set address_checks = jsonb_set(
             jsonb_set(c.address_checks, '{standardized}', '{"shipping_address": null, "billing_address": null}'::jsonb),
             '{findings}',
             coalesce((select jsonb_agg(f || '{"message": "(erased)"}'::jsonb) from jsonb_array_elements(c.address_checks -> 'findings') f), '[]'::jsonb)
           ) || '{"review_reason": null}'::jsonb
     where c.tenant_id = ${tenantId} and c.order_id = any(${sql.param(rows.map((r) => r.id))}::text[])`);
}

/** A customer's earlier orders in one currency, for fraud screening (ADR 0030); cancelled orders build no trust and are left out. */
export interface CustomerOrderHistory {
  ordersCount: number;
  averageOrderMinor: number;
  maxOrderMinor: number;
  firstOrderAt: string;
}

// On the capture path (fraud screening of a returning customer), so a named statement (ADR 0004).
const historyOf = preparedStatement<{ orders: number; average: string | null; max: string | null; first_at: string | Date | null }>(
  'orders_customer_history',
  `select count(*)::int as orders, round(avg(total_minor))::text as average, max(total_minor)::text as max, min(coalesce(placed_at, created_at)) as first_at
     from orders
    where tenant_id = $1 and customer_id = $2 and currency = $3 and status <> 'cancelled'`,
);

export async function customerOrderHistory(db: Db, tenantId: string, customerId: string, currency: string): Promise<CustomerOrderHistory | null> {
  const [row] = await historyOf(db, [tenantId, customerId, currency]);
  if (!row || row.orders === 0 || row.first_at === null) return null;
  return { ordersCount: row.orders, averageOrderMinor: Number(row.average), maxOrderMinor: Number(row.max), firstOrderAt: new Date(row.first_at).toISOString() };
}
