import type { Order } from '../../api/types';

/** How an order is named to people: its number (the channel's own name, #1042, is shown beside it). */
export const orderTitle = (order: Pick<Order, 'number'>): string => `Order ${order.number}`;

/** A customer's name or e-mail, from the order's free-form customer object (shown as text, never HTML). */
export function customerLabel(customer: Record<string, unknown> | null): string {
  if (!customer) return '—';
  const name = typeof customer.name === 'string' ? customer.name : '';
  const email = typeof customer.email === 'string' ? customer.email : '';
  return name || email || '—';
}
