import type { FieldError } from '../../../platform/errors.js';

export interface FoLine {
  orderLineId: string;
  sku: string;
  quantity: number;
}

export interface RejectionSplit {
  /** Units the location gives back, per order line. */
  rejected: FoLine[];
  /** What the fulfillment order keeps (lines with quantity 0 are to be removed). */
  kept: FoLine[];
  /** True when nothing is left: the whole fulfillment order is rejected. */
  whole: boolean;
  errors: FieldError[];
}

/**
 * Splits a fulfillment order's lines into what a location rejects and what it keeps. `requested`
 * names SKUs and units (undefined: everything). Units of a SKU on several order lines are taken
 * from the lines in order. A SKU the fulfillment order does not hold, or more units than it holds,
 * is an error naming the field `lines[i]`.
 */
export function splitRejection(lines: readonly FoLine[], requested: readonly { sku: string; quantity: number }[] | undefined): RejectionSplit {
  if (!requested) return { rejected: lines.map((l) => ({ ...l })), kept: lines.map((l) => ({ ...l, quantity: 0 })), whole: true, errors: [] };
  const kept = lines.map((l) => ({ ...l }));
  const rejected = new Map<string, FoLine>();
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  requested.forEach((r, i) => {
    if (seen.has(r.sku)) {
      errors.push({ field: `lines[${i}].sku`, message: 'names a SKU twice' });
      return;
    }
    seen.add(r.sku);
    const holding = kept.filter((l) => l.sku === r.sku);
    const total = holding.reduce((n, l) => n + l.quantity, 0);
    if (holding.length === 0) {
      errors.push({ field: `lines[${i}].sku`, message: `the fulfillment order holds no ${r.sku}` });
      return;
    }
    if (r.quantity > total) {
      errors.push({ field: `lines[${i}].quantity`, message: `the fulfillment order holds only ${total} of ${r.sku}` });
      return;
    }
    let left = r.quantity;
    for (const l of holding) {
      const take = Math.min(left, l.quantity);
      if (take <= 0) continue;
      l.quantity -= take;
      left -= take;
      const key = `${l.orderLineId}\u0000${l.sku}`;
      const prev = rejected.get(key);
      rejected.set(key, { orderLineId: l.orderLineId, sku: l.sku, quantity: (prev?.quantity ?? 0) + take });
    }
  });
  return { rejected: [...rejected.values()], kept, whole: errors.length === 0 && kept.every((l) => l.quantity === 0), errors };
}
