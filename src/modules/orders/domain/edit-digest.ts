import { createHash } from 'node:crypto';

/** What an edit may change or depends on, of the order and its lines. */
export interface DigestedOrder {
  status: string;
  shippingAddress: unknown;
  shippingServiceLevel: string | null;
  shippingMinor: number;
  notes: string | null;
  tags: string[];
  totalMinor: number;
  lines: { id: string; quantity: number; cancelled: number; shipped: number; unitPriceMinor: number; discountMinor: number; taxMinor: number }[];
}

/**
 * A digest of everything an edit's preview was computed from (ADR 0032). `version` moves only
 * with the status; a partial cancel, a label bought (units shipped), a tag or a note changes the
 * order without it, and an edit previewed before such a change must not be committed over it. The
 * commit compares this digest as well as the version: either differing is 409 ORDER_EDIT_CONFLICT.
 * Allocation is left out on purpose: a receipt filling a backorder changes no price and no unit.
 */
export function editDigest(order: DigestedOrder): string {
  const lines = [...order.lines].sort((a, b) => (a.id < b.id ? -1 : 1)).map((l) => [l.id, l.quantity, l.cancelled, l.shipped, l.unitPriceMinor, l.discountMinor, l.taxMinor]);
  const text = JSON.stringify([order.status, canonical(order.shippingAddress), order.shippingServiceLevel, order.shippingMinor, order.notes, order.tags, order.totalMinor, lines]);
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** JSON with keys sorted, so the same address stored by jsonb digests the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  return value;
}
