import type { Db } from '../../../platform/db/database.js';
import { adjustmentsOfOrders, linesOfOrders, orderCharges, paidForUnits, type OrderRow } from '../../../modules/orders/index.js';
import { computeRefund, dispositionsOfReturns, gaveShippingBack, linesOfReturns, refundsOfOrder, returnSettingsOf, returnShippingOf, type RefundComputation, type ReturnRow } from '../../../modules/returns/index.js';

/**
 * What the return refunds (returns' `computeRefund` over the orders module's `paidForUnits`): the
 * units that came back (every disposition but missing), each line from its lowest unit not yet
 * refunded by an earlier return of the order; shipping once per order, by policy. `requested`: every
 * unit of the return as if it had come back (what an instant exchange credits before the parcel
 * arrives, ADR 0022).
 */
export async function refundOfReturn(tx: Db, tenantId: string, order: OrderRow, ret: ReturnRow, units: 'received' | 'requested' = 'received'): Promise<RefundComputation> {
  const [settings, lines, dispositions, orderLines, adjustments, earlier, parcel] = await Promise.all([
    returnSettingsOf(tx, tenantId),
    linesOfReturns(tx, tenantId, [ret.id]),
    dispositionsOfReturns(tx, tenantId, [ret.id]),
    linesOfOrders(tx, tenantId, [order.id]),
    adjustmentsOfOrders(tx, tenantId, [order.id]),
    refundsOfOrder(tx, tenantId, order.id),
    returnShippingOf(tx, tenantId, ret.id),
  ]);
  const prior = earlier.filter((r) => r.returnId !== ret.id);
  const refundedUnits = new Map<string, number>();
  for (const r of prior) for (const l of r.lines) refundedUnits.set(l.order_line_id, (refundedUnits.get(l.order_line_id) ?? 0) + l.quantity);
  const byId = new Map(orderLines.map((l) => [l.id, l]));
  const { shipping } = orderCharges(order, adjustments);
  return computeRefund({
    policy: settings.policy,
    reasons: settings.reasons,
    taxesIncluded: order.taxesIncluded,
    shipping,
    shippingRefunded: prior.some((r) => gaveShippingBack({ shipping_minor: r.shippingMinor, tax_minor: r.taxMinor, lines: r.lines })),
    // A label the merchant bought for this return (ADR 0023); the policy decides who pays it.
    returnLabelMinor: parcel?.amountMinor ?? 0,
    lines: lines.map((l) => {
      const line = byId.get(l.orderLineId);
      if (!line) throw new Error(`return line ${l.id} names order line ${l.orderLineId}, not on order ${order.id}`);
      const count = units === 'requested' ? l.quantity : dispositions.filter((d) => d.returnLineId === l.id && d.disposition !== 'missing').reduce((n, d) => n + d.quantity, 0);
      const start = refundedUnits.get(l.orderLineId) ?? 0;
      return { orderLineId: l.orderLineId, sku: l.sku, reason: l.reason, count, start, paid: paidForUnits(line, count, order.taxesIncluded, start) };
    }),
  });
}
