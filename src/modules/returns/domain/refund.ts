import type { ReturnReason } from './reasons.js';
import { labelDeduction } from './label-deduction.js';
import { isMerchantFault, policyForSku, type ReturnPolicy } from './policy.js';

/**
 * What a return refunds, exactly, in minor units. Pure. The caller passes the orders module's
 * `paidForUnits` (unit price − the units' exact share of discount + their share of tax) so that a
 * refund, a cancellation and the order's total always agree to the cent.
 *
 * - Units refunded are taken from the line's lowest unit index not yet refunded (`start`), so
 *   successive returns of one line refund each unit's own share once, and all of them add up to the
 *   line's total.
 * - A restocking fee (policy, per SKU, basis points of the goods' value before tax, rounded down) is
 *   taken off units returned for a reason that is not the merchant's fault.
 * - The order's shipping (price − its discount, and its tax) is refunded once per order, by the first
 *   refund that has a unit returned for a merchant's-fault reason (defective, wrong item, damaged).
 */
export interface UnitsPaid {
  price: number;
  discount: number;
  tax: number;
  paid: number;
}

export interface RefundLineInput {
  orderLineId: string;
  sku: string;
  reason: string;
  /** Units received back (not missing) and not refunded before. */
  count: number;
  /** Units of this order line refunded by earlier returns (the first unit index to refund). */
  start: number;
  /** paidForUnits(line, count, taxesIncluded, start) from the orders module. */
  paid: UnitsPaid;
}

export interface RefundInput {
  policy: ReturnPolicy;
  reasons: readonly ReturnReason[];
  taxesIncluded: boolean;
  lines: RefundLineInput[];
  shipping: { priceMinor: number; discountMinor: number; taxMinor: number }[];
  /** An earlier refund of this order already gave the shipping back (`gaveShippingBack` of each earlier refund). */
  shippingRefunded: boolean;
  /** What the return label the merchant bought cost (0 or absent: none); deducted by policy (ADR 0023). */
  returnLabelMinor?: number | undefined;
}

export interface RefundLine {
  order_line_id: string;
  sku: string;
  quantity: number;
  /** Goods value of these units (after discounts, before tax) less the fee. */
  amount_minor: number;
  tax_minor: number;
  fee_minor: number;
}

export interface RefundComputation {
  lines: RefundLine[];
  shipping_minor: number;
  /** Tax on the units and on the shipping refunded. */
  tax_minor: number;
  fee_minor: number;
  /** The return label's cost taken off by policy (`deduct_return_label`). */
  label_minor: number;
  /** Σ lines.amount_minor + shipping_minor + tax_minor − label_minor. */
  amount_minor: number;
}

export function computeRefund(input: RefundInput): RefundComputation {
  const lines: RefundLine[] = input.lines
    .filter((l) => l.count > 0)
    .map((l) => {
      // Prices with tax included hold the tax inside `paid`; without, it is added on top: either way the goods are paid − tax.
      const net = l.paid.paid - l.paid.tax;
      const bps = isMerchantFault(input.reasons, l.reason) ? 0 : policyForSku(input.policy, l.sku).restocking_fee_bps;
      const fee = Math.floor((net * bps) / 10_000);
      return { order_line_id: l.orderLineId, sku: l.sku, quantity: l.count, amount_minor: net - fee, tax_minor: l.paid.tax, fee_minor: fee };
    });
  const fault = input.lines.some((l) => l.count > 0 && isMerchantFault(input.reasons, l.reason));
  let shipping = 0;
  let shippingTax = 0;
  if (fault && !input.shippingRefunded) {
    for (const s of input.shipping) {
      shipping += s.priceMinor - s.discountMinor - (input.taxesIncluded ? s.taxMinor : 0);
      shippingTax += s.taxMinor;
    }
  }
  const tax = lines.reduce((s, l) => s + l.tax_minor, 0) + shippingTax;
  const fee = lines.reduce((s, l) => s + l.fee_minor, 0);
  const gross = lines.reduce((s, l) => s + l.amount_minor, 0) + shipping + tax;
  const label = labelDeduction(input.policy, input.reasons, input.lines.map((l) => l.reason), input.returnLabelMinor ?? 0, gross);
  return { lines, shipping_minor: shipping, tax_minor: tax, fee_minor: fee, label_minor: label, amount_minor: gross - label };
}

/**
 * Whether a refund gave the order's shipping back. Not `shipping_minor > 0` alone: with prices that
 * include tax, a shipping charge discounted down to its tax refunds 0 of shipping and its tax, and
 * that tax must not go back again with the next merchant's-fault return (found by the money and
 * returns property, issue 14 §3).
 */
export function gaveShippingBack(refund: { shipping_minor: number; tax_minor: number; lines: readonly { tax_minor: number }[] }): boolean {
  return refund.shipping_minor > 0 || refund.tax_minor > refund.lines.reduce((s, l) => s + l.tax_minor, 0);
}
