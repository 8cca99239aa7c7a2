/**
 * Price signals at capture (ADR 0027): a line priced far from the catalogue, an order that totals
 * zero though its goods are worth something. They are recorded, never refused: a sale, a
 * marketplace's own pricing or a goodwill replacement look the same. Fraud screening reads them
 * later, so they stay plain data: a code, the field, a value and a sentence.
 */
export interface OrderSignal {
  code: 'price_far_below_catalogue' | 'price_far_above_catalogue' | 'zero_total';
  field: string;
  /** price_*: the difference from the catalogue price in whole percent (−99 is 99 % below); zero_total: the catalogue value of the lines, minor units. */
  value: number;
  message: string;
}

export interface PricedLineInput {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  /** The catalogue price in the order's currency; null: unknown or in another currency. */
  cataloguePriceMinor: number | null;
}

export function priceSignals(lines: PricedLineInput[], totalMinor: number, farPercent: number, formatMinor: (minor: number) => string): OrderSignal[] {
  const signals: OrderSignal[] = [];
  lines.forEach((l, i) => {
    const catalogue = l.cataloguePriceMinor;
    if (catalogue === null || catalogue <= 0) return;
    const difference = l.unitPriceMinor - catalogue;
    if (Math.abs(difference) * 100 < farPercent * catalogue) return;
    // Whole percent toward zero: 0.01 against 15.00 is 99 % below, never a rounded-up 100 %.
    const percent = Math.trunc((difference * 100) / catalogue);
    const below = percent < 0;
    signals.push({
      code: below ? 'price_far_below_catalogue' : 'price_far_above_catalogue',
      field: `lines[${i}].unit_price`,
      value: percent,
      message: `${l.sku} was sold at ${formatMinor(l.unitPriceMinor)}, ${Math.abs(percent)} % ${below ? 'below' : 'above'} its catalogue price of ${formatMinor(catalogue)}.`,
    });
  });
  const catalogueValue = lines.reduce((sum, l) => sum + (l.cataloguePriceMinor ?? 0) * l.quantity, 0);
  if (totalMinor === 0 && catalogueValue > 0) {
    signals.push({ code: 'zero_total', field: 'lines', value: catalogueValue, message: `The order totals ${formatMinor(0)} although its goods are worth ${formatMinor(catalogueValue)} at catalogue prices.` });
  }
  return signals;
}
