import type { OrderWithListFields } from '../../api/pending';

/** How an order is named to people: its number, the channel's own name (#1042) when it has one. */
export function orderTitle(order: Pick<OrderWithListFields, 'id' | 'number' | 'channel_order_name'>): string {
  if (order.number !== undefined) return `Order ${order.number}`;
  return order.channel_order_name ? `Order ${order.channel_order_name}` : `Order ${order.id}`;
}

/** A customer's name or e-mail, from the order's free-form customer object (shown as text, never HTML). */
export function customerLabel(customer: Record<string, unknown> | null): string {
  if (!customer) return '—';
  const name = typeof customer.name === 'string' ? customer.name : '';
  const email = typeof customer.email === 'string' ? customer.email : '';
  return name || email || '—';
}

/** Units over the order's lines (kit lines count through their components, like the API's units). */
export function unitsOf(order: OrderWithListFields): number {
  if (order.units) return order.units.ordered;
  return order.lines.filter((l) => !l.kit).reduce((n, l) => n + l.quantity, 0);
}
