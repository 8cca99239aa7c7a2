import type { OrderListQuery, OrderStatus } from '../../api/pending';

/** The orders list's filters, kept in the URL (?q=…&status=…) so a filtered list is a link to share. */
export interface OrdersSearch {
  q?: string;
  status?: OrderStatus[];
  channel?: string;
  tag?: string;
  has_backorder?: boolean;
  late?: boolean;
}

export const orderStatuses = [
  'received',
  'on_hold',
  'backordered',
  'partially_allocated',
  'allocated',
  'in_fulfillment',
  'partially_shipped',
  'shipped',
  'delivered',
  'partially_returned',
  'returned',
  'cancelled',
  'closed',
] as const satisfies readonly OrderStatus[];

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 200) : undefined);
const flag = (v: unknown): boolean | undefined => (v === true || v === 'true' ? true : undefined);
const isStatus = (v: unknown): v is OrderStatus => (orderStatuses as readonly unknown[]).includes(v);

/** Whatever the address bar holds becomes valid filters; anything else is dropped, never sent. */
export function parseOrdersSearch(raw: Record<string, unknown>): OrdersSearch {
  const statuses = (Array.isArray(raw.status) ? raw.status : [raw.status]).filter(isStatus);
  const search: OrdersSearch = {};
  const q = text(raw.q);
  if (q) search.q = q;
  if (statuses.length > 0) search.status = [...new Set(statuses)];
  const channel = text(raw.channel);
  if (channel) search.channel = channel;
  const tag = text(raw.tag);
  if (tag) search.tag = tag;
  if (flag(raw.has_backorder)) search.has_backorder = true;
  if (flag(raw.late)) search.late = true;
  return search;
}

/** The filters as GET /v1/orders query parameters. */
export function ordersQuery(search: OrdersSearch, cursor: string | undefined): OrderListQuery {
  return { ...search, limit: 50, ...(cursor ? { cursor } : {}) };
}
