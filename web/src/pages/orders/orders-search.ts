import type { OrderListQuery, OrderStatus } from '../../api/types';
import { holdTypes, isHoldType, type HoldType } from '../../../../src/modules/orders/domain/holds';

export { holdTypes };

/** The orders list's filters, kept in the URL (?q=…&status=…) so a filtered list is a link to share. */
export interface OrdersSearch {
  q?: string | undefined;
  status?: OrderStatus[] | undefined;
  channel?: string | undefined;
  tag?: string | undefined;
  has_backorder?: boolean | undefined;
  late?: boolean | undefined;
  /** Orders with an active hold (ADR 0025). */
  held?: boolean | undefined;
  hold_type?: HoldType | undefined;
  sort?: OrderSort | undefined;
}

export type OrderSort = NonNullable<OrderListQuery['sort']>;
/** The list's orders, by label; the first is the API's default and stays out of the URL. */
export const orderSorts = [
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: '-total', label: 'Largest total' },
  { value: 'ship_by', label: 'Ship-by soonest' },
] as const satisfies readonly { value: OrderSort; label: string }[];

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
const sortOf = (v: unknown): OrderSort | undefined => orderSorts.slice(1).find((s) => s.value === v)?.value;

/**
 * Whatever the address bar holds becomes valid filters. Every key is returned (undefined when
 * absent or invalid): TanStack Router keeps raw keys a validator leaves out.
 */
export function parseOrdersSearch(raw: Record<string, unknown>): OrdersSearch {
  const statuses = [...new Set((Array.isArray(raw.status) ? raw.status : [raw.status]).filter(isStatus))];
  return {
    q: text(raw.q),
    status: statuses.length > 0 ? statuses : undefined,
    channel: text(raw.channel),
    tag: text(raw.tag),
    has_backorder: flag(raw.has_backorder),
    late: flag(raw.late),
    held: flag(raw.held),
    hold_type: typeof raw.hold_type === 'string' && isHoldType(raw.hold_type) ? raw.hold_type : undefined,
    sort: sortOf(raw.sort),
  };
}

/** The filters that are set (for the query key and "Filtered"). */
export function activeFilters(search: OrdersSearch): OrdersSearch {
  return Object.fromEntries(Object.entries(parseOrdersSearch(search as Record<string, unknown>)).filter(([, v]) => v !== undefined));
}

/** The filters as GET /v1/orders query parameters: only the known ones, never a stray key of the URL. */
export function ordersQuery(search: OrdersSearch, cursor: string | undefined, tz: string): OrderListQuery {
  // Late means late today where the user is, as Home counts it.
  return { ...activeFilters(search), tz, limit: 50, ...(cursor ? { cursor } : {}) };
}
