import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import { lineMoney, type NewOrderAdjustment, type OrderLineRow, type OrderRow } from '../../../modules/orders/index.js';

type Adjustment = Pick<NewOrderAdjustment, 'kind' | 'lineNo' | 'shippingLine' | 'title' | 'code' | 'source' | 'rate' | 'jurisdiction' | 'serviceLevel' | 'orderLevel' | 'amountMinor'>;

/**
 * The money part of the order view (ADR 0017): per line its discounts, taxes, total and what
 * cancellations took off; the shipping lines and duties; the totals; the channel's stated figures
 * that differ from the OMS's. Decimal strings in the order currency, from the stored minor units.
 */
export function moneyView(order: OrderRow, lines: OrderLineRow[], adjustments: Adjustment[]) {
  const exp = currencyExponent(order.currency) ?? 2;
  const money = (minor: number) => formatMoney(minor, exp);
  const discountsOf = (list: Adjustment[]) => list.filter((a) => a.kind === 'discount').map((a) => ({ code: a.code, title: a.title, source: a.source, amount: money(a.amountMinor), order_level: a.orderLevel }));
  const taxesOf = (list: Adjustment[]) => list.filter((a) => a.kind === 'tax').map((a) => ({ title: a.title, rate: a.rate, amount: money(a.amountMinor), jurisdiction: a.jurisdiction }));
  const byLine = new Map<number, Adjustment[]>();
  const byShipping = new Map<number, Adjustment[]>();
  for (const a of adjustments) {
    if (a.lineNo !== null) byLine.set(a.lineNo, [...(byLine.get(a.lineNo) ?? []), a]);
    else if (a.shippingLine !== null) byShipping.set(a.shippingLine, [...(byShipping.get(a.shippingLine) ?? []), a]);
  }
  const lineViews = new Map(
    lines.map((l) => {
      const m = lineMoney(l, order.taxesIncluded);
      const own = byLine.get(l.lineNo) ?? [];
      return [
        l.id,
        { discounts: discountsOf(own), taxes: taxesOf(own), discount_total: money(l.discountMinor), tax_total: money(l.taxMinor), total: money(m.whole.paid), cancelled_amount: money(m.cancelled.paid) },
      ] as const;
    }),
  );
  const shippingLines = [...byShipping.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, list]) => {
      const charge = list.find((a) => a.kind === 'shipping');
      if (!charge) return [];
      const discount = list.filter((a) => a.kind === 'discount').reduce((s, a) => s + a.amountMinor, 0);
      const tax = list.filter((a) => a.kind === 'tax').reduce((s, a) => s + a.amountMinor, 0);
      return [
        {
          title: charge.title,
          service_level: charge.serviceLevel,
          price: money(charge.amountMinor),
          discounts: discountsOf(list),
          taxes: taxesOf(list),
          total: money(charge.amountMinor - discount + (order.taxesIncluded ? 0 : tax)),
        },
      ];
    });
  // An order whose shipping came as the plain `shipping` field (or was captured before shipping lines were kept) has one charge, on the order row.
  if (shippingLines.length === 0 && order.shippingMinor > 0) {
    shippingLines.push({ title: null, service_level: order.shippingServiceLevel, price: money(order.shippingMinor), discounts: [], taxes: [], total: money(order.shippingMinor) });
  }
  return {
    lineViews,
    shipping_lines: shippingLines,
    duties: adjustments.filter((a) => a.kind === 'duty').map((a) => ({ title: a.title, amount: money(a.amountMinor) })),
    taxes_included: order.taxesIncluded,
    totals: {
      subtotal: money(order.subtotalMinor),
      discount_total: money(order.discountTotalMinor),
      tax_total: money(order.taxTotalMinor),
      shipping: money(order.shippingTotalMinor),
      shipping_total: money(order.shippingTotalMinor),
      duties_total: money(order.dutiesTotalMinor),
      total: money(order.totalMinor),
      cancelled: money(order.cancelledTotalMinor),
    },
    money_discrepancy:
      order.moneyDiscrepancy?.map((d) => ({ field: d.field, channel: money(d.channel), computed: money(d.computed), difference: money(d.channel - d.computed) })) ?? null,
  };
}
