/**
 * The return's state machine, as data (docs/return-lifecycle.md is generated from this table).
 * Receipts move a return to partially_received / received by the quantities settled; once every
 * unit is settled (received with a disposition, or missing) it is inspected; a refund, store credit
 * or an exchange closes it (ADR 0022). An instant exchange leaves the return where it is: its receipt
 * closes it once inspected. No status was added for exchanges: the exchange is a record beside the
 * return (`return_exchanges`), and "overdue" is a flag on it, not a state.
 */
export const returnStatuses = ['requested', 'approved', 'in_transit', 'partially_received', 'received', 'inspected', 'closed', 'declined', 'cancelled'] as const;
export type ReturnStatus = (typeof returnStatuses)[number];

export const returnTransitions = {
  requested: ['approved', 'declined', 'cancelled'],
  approved: ['in_transit', 'partially_received', 'received', 'cancelled'],
  in_transit: ['partially_received', 'received', 'cancelled'],
  partially_received: ['received'],
  received: ['inspected'],
  inspected: ['closed'],
  closed: [],
  declined: [],
  cancelled: [],
} as const satisfies Record<ReturnStatus, readonly ReturnStatus[]>;

export function canTransition(from: ReturnStatus, to: ReturnStatus): boolean {
  return (returnTransitions[from] as readonly ReturnStatus[]).includes(to);
}

/** Statuses whose lines count against the units shipped (the database trigger uses the same list). */
export function holdsUnits(status: ReturnStatus): boolean {
  return status !== 'declined' && status !== 'cancelled';
}

/** Statuses that take receipts. */
export function receivable(status: ReturnStatus): boolean {
  return status === 'approved' || status === 'in_transit' || status === 'partially_received';
}

/** Where receipts leave the return: received when every unit is settled, else partially received. */
export function statusAfterReceipt(lines: readonly { quantity: number; settled: number }[]): 'received' | 'partially_received' {
  return lines.every((l) => l.settled >= l.quantity) ? 'received' : 'partially_received';
}
