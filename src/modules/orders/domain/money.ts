/**
 * An order's money, exactly, in integer minor units (ADR 0017). Pure: the capture flow, the
 * cancel flow, the order view and (later) refunds all compute totals here, so a total, a
 * cancellation and a refund of the same units always agree to the cent.
 *
 * - A line's `unitPriceMinor` is the price before discounts; its `discountMinor` and `taxMinor` are
 *   for all its units. They are spread over the units by `unitShare`: the remainder goes one minor
 *   unit each to the lowest unit indexes, so unit shares always add up to the line's amount.
 * - Units are cancelled from the highest index down: the live units are always 0 … live−1, and a
 *   cancellation removes exactly the shares of the units it takes.
 * - `taxesIncluded`: prices already contain the tax; the tax is shown but not added to the total.
 * - Shipping and duties are charged while any unit of the order is live.
 */

import { unitsShare } from '../../../platform/kernel/shares.js';

export { allocateProportionally, unitShare, unitsShare } from '../../../platform/kernel/shares.js';

export interface MoneyLine {
  quantity: number;
  cancelled: number;
  unitPriceMinor: number;
  /** All the line's discounts (its own and its share of order discounts), for all its units. */
  discountMinor: number;
  taxMinor: number;
}

export interface ShippingCharge {
  priceMinor: number;
  discountMinor: number;
  taxMinor: number;
}

export interface OrderCharges {
  shipping: ShippingCharge[];
  dutiesMinor: number;
  taxesIncluded: boolean;
}

/** An order's stored adjustment, as far as its charges go (orders/db: order_adjustments). */
export interface ChargeAdjustment {
  kind: string;
  shippingLine: number | null;
  amountMinor: number;
}

/**
 * The order's charges from its stored adjustments: each shipping line with the discounts and taxes
 * that name it, and the duties. Orders captured before shipping lines were stored carry their
 * shipping as one charge on the order row.
 */
export function orderCharges(order: { shippingMinor: number; taxesIncluded: boolean }, adjustments: ChargeAdjustment[]): OrderCharges {
  const sumFor = (kind: string, line: number | null) => adjustments.filter((a) => a.kind === kind && a.shippingLine === line).reduce((s, a) => s + a.amountMinor, 0);
  const shipping = adjustments
    .filter((a) => a.kind === 'shipping')
    .map((charge) => ({ priceMinor: charge.amountMinor, discountMinor: sumFor('discount', charge.shippingLine), taxMinor: sumFor('tax', charge.shippingLine) }));
  if (shipping.length === 0 && order.shippingMinor > 0) shipping.push({ priceMinor: order.shippingMinor, discountMinor: 0, taxMinor: 0 });
  const dutiesMinor = adjustments.filter((a) => a.kind === 'duty').reduce((s, a) => s + a.amountMinor, 0);
  return { shipping, dutiesMinor, taxesIncluded: order.taxesIncluded };
}

export interface OrderTotals {
  /** Σ unit price × live units, before discounts. */
  subtotal: number;
  /** Discounts on the live units (shipping discounts are inside `shipping`). */
  discount: number;
  /** Taxes on the live units and on shipping (whether or not prices include them). */
  tax: number;
  /** Shipping charged, after its discounts, before its taxes. */
  shipping: number;
  duties: number;
  /** What the customer pays: subtotal − discount + shipping + duties (+ tax unless prices include it). */
  total: number;
}

export interface UnitsPaid {
  price: number;
  discount: number;
  tax: number;
  /** price − discount (+ tax unless prices include it): what the customer paid for these units. */
  paid: number;
}

/**
 * What was paid for `count` units of a line from unit index `start` (default: the first units),
 * each unit carrying its exact share of the line's discount and tax. Refunds of returned units
 * and cancellations use this, so Σ over all units is exactly the line's total.
 */
export function paidForUnits(line: Pick<MoneyLine, 'quantity' | 'unitPriceMinor' | 'discountMinor' | 'taxMinor'>, count: number, taxesIncluded: boolean, start = 0): UnitsPaid {
  const price = line.unitPriceMinor * count;
  const discount = unitsShare(line.discountMinor, line.quantity, start, count);
  const tax = unitsShare(line.taxMinor, line.quantity, start, count);
  return { price, discount, tax, paid: price - discount + (taxesIncluded ? 0 : tax) };
}

/** The line's live units (0 … live−1) and its cancelled ones (the highest indexes). */
export function lineMoney(line: MoneyLine, taxesIncluded: boolean): { whole: UnitsPaid; live: UnitsPaid; cancelled: UnitsPaid } {
  const live = line.quantity - line.cancelled;
  return {
    whole: paidForUnits(line, line.quantity, taxesIncluded),
    live: paidForUnits(line, live, taxesIncluded),
    cancelled: paidForUnits(line, line.cancelled, taxesIncluded, live),
  };
}

/** The order's totals over its live units; `asOrdered` ignores cancellations (the totals at capture). */
export function orderTotals(lines: MoneyLine[], charges: OrderCharges, asOrdered = false): OrderTotals {
  let subtotal = 0;
  let discount = 0;
  let tax = 0;
  let live = 0;
  for (const line of lines) {
    const units = asOrdered ? line.quantity : line.quantity - line.cancelled;
    const paid = paidForUnits(line, units, charges.taxesIncluded);
    subtotal += paid.price;
    discount += paid.discount;
    tax += paid.tax;
    live += units;
  }
  let shipping = 0;
  let duties = 0;
  if (live > 0) {
    for (const s of charges.shipping) {
      shipping += s.priceMinor - s.discountMinor;
      tax += s.taxMinor;
    }
    duties = charges.dutiesMinor;
  }
  return { subtotal, discount, tax, shipping, duties, total: subtotal - discount + shipping + duties + (charges.taxesIncluded ? 0 : tax) };
}

/** A figure where the channel's stated total and the OMS's differ. */
export interface MoneyDiscrepancy {
  field: keyof OrderTotals;
  channel: number;
  computed: number;
}

/** The stated figures that differ from the computed ones (empty when the source is consistent). */
export function discrepancies(stated: Partial<Record<keyof OrderTotals, number>>, computed: OrderTotals): MoneyDiscrepancy[] {
  const fields = ['subtotal', 'discount', 'tax', 'shipping', 'duties', 'total'] as const;
  return fields.flatMap((field) => {
    const channel = stated[field];
    return channel === undefined || channel === computed[field] ? [] : [{ field, channel, computed: computed[field] }];
  });
}
