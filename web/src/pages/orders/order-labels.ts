import type { Order } from '../../api/types';
import type { HoldType } from '../../../../src/modules/orders/domain/holds';

/** How each hold type reads to people (ADR 0025). */
const holdTypeLabels: Record<HoldType, string> = {
  fraud_review: 'Fraud review',
  address_review: 'Address review',
  payment: 'Payment',
  verification: 'Customer verification',
  inventory: 'Inventory',
  manual: 'Manual',
  routing: 'Routing queue',
};

export const holdTypeLabel = (type: HoldType): string => holdTypeLabels[type];

/** How an order is named to people: its number (the channel's own name, #1042, is shown beside it). */
export const orderTitle = (order: Pick<Order, 'number'>): string => `Order ${order.number}`;

/** A customer's name or e-mail, from the order's free-form customer object (shown as text, never HTML). */
export function customerLabel(customer: Record<string, unknown> | null): string {
  if (!customer) return '—';
  const name = typeof customer.name === 'string' ? customer.name : '';
  const email = typeof customer.email === 'string' ? customer.email : '';
  return name || email || '—';
}
