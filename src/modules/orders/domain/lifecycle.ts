/**
 * The order lifecycle: a closed list of statuses and the legal moves between them, readable on
 * one screen. docs/order-lifecycle.md is generated from this table (npm run docs).
 */
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
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

const allocationOutcomes = ['on_hold', 'backordered', 'partially_allocated', 'allocated'] as const;

export const transitions = {
  received: [...allocationOutcomes, 'cancelled'],
  on_hold: ['backordered', 'partially_allocated', 'allocated', 'cancelled'],
  backordered: ['on_hold', 'partially_allocated', 'allocated', 'cancelled'],
  partially_allocated: ['on_hold', 'backordered', 'allocated', 'in_fulfillment', 'partially_shipped', 'cancelled'],
  allocated: ['on_hold', 'backordered', 'partially_allocated', 'in_fulfillment', 'partially_shipped', 'shipped', 'cancelled'],
  in_fulfillment: ['partially_shipped', 'shipped', 'cancelled'],
  // A voided label puts its units back: the order returns to where its other lines stand.
  partially_shipped: ['shipped', 'cancelled', 'on_hold', 'backordered', 'partially_allocated', 'allocated'],
  shipped: ['delivered', 'partially_returned', 'returned', 'closed', 'partially_shipped', 'partially_allocated', 'allocated'],
  delivered: ['partially_returned', 'returned', 'closed'],
  partially_returned: ['returned', 'closed'],
  returned: ['closed'],
  cancelled: [],
  closed: [],
} as const satisfies Record<OrderStatus, readonly OrderStatus[]>;

export const terminalStatuses: readonly OrderStatus[] = orderStatuses.filter((s) => transitions[s].length === 0);

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return (transitions[from] as readonly OrderStatus[]).includes(to);
}

/** Statuses in which lines may still be cancelled (nothing has left a warehouse). */
export function isCancellable(status: OrderStatus): boolean {
  return canTransition(status, 'cancelled');
}

export interface LineQuantities {
  quantity: number;
  allocated: number;
  backordered: number;
  cancelled: number;
  /** Units that have left a warehouse (0 when omitted). */
  shipped?: number;
  /** Needed only to tell kit lines apart: a kit line is the parent of its component lines. */
  id?: string;
  parentLineId?: string | null;
}

/**
 * The lines that carry stock: all but kit lines. A kit line (the customer's line for a bundle) is
 * never allocated itself; its component lines are, so its quantities are derived from theirs.
 */
export function stockLines<T extends LineQuantities>(lines: T[]): T[] {
  const kits = new Set(lines.flatMap((l) => (l.parentLineId ? [l.parentLineId] : [])));
  return kits.size === 0 ? lines : lines.filter((l) => l.id === undefined || !kits.has(l.id));
}

/** Units of stock-carrying lines that are neither allocated, backordered nor cancelled (an order on hold). */
export function unfilledUnits(lines: LineQuantities[]): number {
  return stockLines(lines).reduce((n, l) => n + l.quantity - l.cancelled - l.allocated - l.backordered, 0);
}

/**
 * The order's status is derived from its lines, never set by hand: once units have shipped it is
 * `partially_shipped` or `shipped`; before that, how the lines are allocated. `on_hold` is the one
 * exception: it is where an order waits when it has lines that could be neither allocated nor
 * backordered (tenant setting).
 */
export function allocationStatus(lines: LineQuantities[], unfilled: boolean): OrderStatus {
  const live = stockLines(lines).filter((l) => l.quantity - l.cancelled > 0);
  const shipped = live.reduce((n, l) => n + (l.shipped ?? 0), 0);
  if (shipped > 0) return shipped === live.reduce((n, l) => n + l.quantity - l.cancelled, 0) ? 'shipped' : 'partially_shipped';
  if (unfilled) return 'on_hold';
  if (live.length === 0) return 'cancelled';
  const allocated = live.reduce((n, l) => n + l.allocated, 0);
  const backordered = live.reduce((n, l) => n + l.backordered, 0);
  if (backordered === 0) return 'allocated';
  return allocated === 0 ? 'backordered' : 'partially_allocated';
}
