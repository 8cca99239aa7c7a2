/**
 * Inbound supply (purchase orders / ASNs) as pure rules: the status machine, what a receipt may
 * take, and which expected delivery covers a backorder.
 */
export const inboundStatuses = ['open', 'partially_received', 'received', 'cancelled'] as const;
export type InboundStatus = (typeof inboundStatuses)[number];

export const inboundTransitions = {
  open: ['partially_received', 'received', 'cancelled'],
  partially_received: ['partially_received', 'received', 'cancelled'],
  received: [],
  cancelled: [],
} as const satisfies Record<InboundStatus, readonly InboundStatus[]>;

export function canInboundTransition(from: InboundStatus, to: InboundStatus): boolean {
  return (inboundTransitions[from] as readonly InboundStatus[]).includes(to);
}

export interface InboundLineState {
  sku: string;
  quantity: number;
  received: number;
}

export interface ReceiptRefusal {
  code: 'INBOUND_LINE_UNKNOWN' | 'INBOUND_OVER_RECEIPT' | 'INBOUND_NOTHING_OUTSTANDING';
  field: string;
  message: string;
}

/**
 * What a receipt books per SKU: the given lines, or (none given) everything still outstanding.
 * Refuses (all-or-nothing) SKUs not on the shipment and more than is outstanding, naming the field.
 */
export function planReceipt(lines: InboundLineState[], asked: { sku: string; quantity: number }[] | undefined): { receipts: { sku: string; quantity: number }[]; refusals: ReceiptRefusal[] } {
  if (!asked) {
    const receipts = lines.filter((l) => l.quantity > l.received).map((l) => ({ sku: l.sku, quantity: l.quantity - l.received }));
    return receipts.length > 0 ? { receipts, refusals: [] } : { receipts, refusals: [{ code: 'INBOUND_NOTHING_OUTSTANDING', field: 'lines', message: 'nothing is outstanding' }] };
  }
  const bySku = new Map(lines.map((l) => [l.sku, l]));
  const taken = new Map<string, number>();
  const refusals: ReceiptRefusal[] = [];
  asked.forEach((a, i) => {
    const line = bySku.get(a.sku);
    if (!line) {
      refusals.push({ code: 'INBOUND_LINE_UNKNOWN', field: `lines[${i}].sku`, message: `the shipment has no line for ${a.sku}` });
      return;
    }
    const outstanding = line.quantity - line.received - (taken.get(a.sku) ?? 0);
    if (a.quantity > outstanding) {
      refusals.push({ code: 'INBOUND_OVER_RECEIPT', field: `lines[${i}].quantity`, message: `only ${Math.max(outstanding, 0)} of ${a.sku} outstanding, ${a.quantity} received` });
      return;
    }
    taken.set(a.sku, (taken.get(a.sku) ?? 0) + a.quantity);
  });
  return { receipts: refusals.length > 0 ? [] : [...taken].map(([sku, quantity]) => ({ sku, quantity })), refusals };
}

/** The status once these quantities are received: derived from the lines, never set by hand. */
export function statusFromLines(lines: InboundLineState[]): InboundStatus {
  if (lines.every((l) => l.received >= l.quantity)) return 'received';
  return lines.some((l) => l.received > 0) ? 'partially_received' : 'open';
}

export interface ExpectedSupply {
  expectedDate: string;
  outstanding: number;
}

/**
 * When a backordered line can expect its units, first in first out: backorders of a SKU are
 * filled oldest first, so a line waits behind `ahead` units backordered before it; expected
 * deliveries arrive soonest first (`supply` sorted by date). The answer is the date of the delivery
 * that completes the line, or null when what is expected does not cover it.
 */
export function expectedDateFor(ahead: number, backordered: number, supply: ExpectedSupply[]): string | null {
  const needed = ahead + backordered;
  let cumulative = 0;
  for (const s of supply) {
    cumulative += s.outstanding;
    if (cumulative >= needed) return s.expectedDate;
  }
  return null;
}
