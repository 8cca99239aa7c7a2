import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import type { OrderRow } from './orders.queries.js';

/** Why an order is linked to another: what they share. */
export type LinkKind = 'email' | 'phone' | 'address' | 'customer' | 'card' | 'ip';

export interface LinkedOrder {
  id: string;
  number: number;
  status: string;
  total_minor: number;
  currency: string;
  customer_email: string | null;
  created_at: Date;
  shared: LinkKind[];
}

/** The address key of index `orders_ship_address` (migration 0049): line1|postal code|country, lower case, spaces squeezed. */
const addressKey = sql`lower(regexp_replace(coalesce(shipping_address ->> 'line1', '') || '|' || coalesce(shipping_address ->> 'postal_code', '') || '|' || coalesce(shipping_address ->> 'country', ''), '\\s+', ' ', 'g'))`;

/**
 * Orders of the tenant sharing the customer e-mail, a phone (customer's or shipping), the shipping
 * address or the customer record with `order`, newest first, at most `limit` per kind. Each probe
 * is an index range (orders_customer, orders_search_phone / _ship_phone, orders_ship_address,
 * orders_customer_id), so the answer costs the same with a million orders.
 */
export async function ordersLinkedTo(db: Db, order: OrderRow, limit = 20, also: readonly { orderId: string; kind: LinkKind }[] = []): Promise<LinkedOrder[]> {
  const t = order.tenantId;
  const probes: SQL[] = [];
  const probe = (kind: LinkKind, where: SQL) => probes.push(sql`(select id, ${kind}::text as kind from orders where tenant_id = ${t} and id <> ${order.id} and ${where} order by id desc limit ${limit})`);
  if (order.customerEmail) probe('email', sql`customer_email = ${order.customerEmail}`);
  const phone = (value: unknown) => (typeof value === 'string' ? value.replace(/[^0-9]/g, '').split('').reverse().join('') : '');
  const phones = [...new Set([phone((order.customer as { phone?: unknown } | null)?.phone), phone((order.shippingAddress as { phone?: unknown } | null)?.phone)])].filter((p) => p.length >= 6);
  for (const p of phones) {
    probe('phone', sql`search_phone = ${p}`);
    probe('phone', sql`search_ship_phone = ${p}`);
  }
  if (order.shippingAddress) probe('address', sql`shipping_address is not null and ${addressKey} = (select ${addressKey} from orders where tenant_id = ${t} and id = ${order.id})`);
  if (order.customerId) probe('customer', sql`customer_id = ${order.customerId}`);
  // Links found elsewhere (the same card or IP, which fraud screening keys orders by).
  const others = also.filter((a) => a.orderId !== order.id);
  if (others.length > 0) probes.push(sql`(select id, kind from (values ${sql.join(others.map((a) => sql`(${a.orderId}, ${a.kind}::text)`), sql`, `)}) as also_linked(id, kind))`);
  if (probes.length === 0) return [];
  const rows = await queryRows<LinkedOrder & { shared: string[] | string }>(
    db,
    sql`select o.id, o.number, o.status, o.total_minor, o.currency, o.customer_email, o.created_at, array_agg(distinct l.kind order by l.kind) as shared
        from (${sql.join(probes, sql` union all `)}) l
        join orders o on o.tenant_id = ${t} and o.id = l.id
        group by o.id, o.number, o.status, o.total_minor, o.currency, o.customer_email, o.created_at
        order by o.id desc`,
  );
  return rows.map((r) => ({ ...r, number: Number(r.number), total_minor: Number(r.total_minor), created_at: new Date(r.created_at), shared: (Array.isArray(r.shared) ? r.shared : String(r.shared).replace(/[{}]/g, '').split(',')) as LinkKind[] }));
}
