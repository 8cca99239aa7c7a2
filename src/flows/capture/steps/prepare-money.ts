import type { CanonicalDiscount, CanonicalOrder, CanonicalTax, CanonicalTransaction } from '../../../platform/contracts/canonical-order.js';
import type { FieldError } from '../../../platform/errors.js';
import { parseMoney } from '../../../platform/kernel/money.js';
import { allocateProportionally, discrepancies, orderTotals, type MoneyDiscrepancy, type OrderCharges, type OrderTotals, type NewOrderAdjustment } from '../../../modules/orders/index.js';

/** An order's money read from the canonical order: per line, per charge, the totals, any discrepancy. */
export interface PreparedMoney {
  unitPrices: number[];
  /** Per customer line: all its discounts (its own and its share of order discounts) and taxes. */
  lineDiscounts: number[];
  lineTaxes: number[];
  charges: OrderCharges;
  /** Σ shipping prices before discounts (the order's `shipping.price`). */
  shippingPrice: number;
  serviceLevel: string | null;
  adjustments: NewOrderAdjustment[];
  totals: OrderTotals;
  discrepancy: MoneyDiscrepancy[] | null;
  /** The channel's payments, in minor units: the order's ledger opens with them. */
  payments: PreparedPayment[];
}

export interface PreparedPayment {
  kind: CanonicalTransaction['kind'];
  status: NonNullable<CanonicalTransaction['status']>;
  amountMinor: number;
  gateway: string;
  gatewayReference: string | null;
  processedAt: string | null;
}

const RATE = /^(0|[1-9][0-9]{0,2})(\.[0-9]{1,10})?$/;

/**
 * Reads every amount of the order (prices, discounts, taxes, shipping lines, duties, order discounts,
 * the channel's stated totals) into minor units, collecting a field error for each bad one: a
 * malformed or negative amount, more decimals than the currency has, a malformed tax rate, a
 * discount above what it discounts. Order discounts are split over the lines here
 * (`allocateProportionally`). Nothing is rounded away: what cannot be exact is refused.
 */
export function prepareMoney(input: CanonicalOrder, exponent: number, errors: FieldError[]): PreparedMoney {
  const amount = (text: string, field: string): number => {
    const parsed = parseMoney(text, exponent);
    if (parsed.ok) return parsed.minor;
    const message =
      parsed.error === 'too_many_decimals'
        ? `has more than ${exponent} decimal places, the most ${input.currency} allows`
        : parsed.error === 'too_large'
          ? 'is too large'
          : 'must be a non-negative decimal string such as "19.99"';
    errors.push({ field, message });
    return 0;
  };
  const adjustments: NewOrderAdjustment[] = [];
  const add = (a: Omit<NewOrderAdjustment, 'position' | 'code' | 'title' | 'source' | 'rate' | 'jurisdiction' | 'serviceLevel' | 'lineNo' | 'shippingLine' | 'orderLevel'> & Partial<NewOrderAdjustment>) =>
    adjustments.push({ lineNo: null, shippingLine: null, code: null, title: null, source: null, rate: null, jurisdiction: null, serviceLevel: null, orderLevel: false, ...a, position: adjustments.length + 1 });
  const discountsOf = (list: CanonicalDiscount[] | undefined, field: string, where: Partial<NewOrderAdjustment>): number =>
    (list ?? []).reduce((sum, d, j) => {
      const minor = amount(d.amount, `${field}[${j}].amount`);
      add({ kind: 'discount', amountMinor: minor, code: d.code ?? null, title: d.title ?? null, source: d.source ?? null, ...where });
      return sum + minor;
    }, 0);
  const taxesOf = (list: CanonicalTax[] | undefined, field: string, where: Partial<NewOrderAdjustment>): number =>
    (list ?? []).reduce((sum, t, j) => {
      if (t.rate != null && !RATE.test(t.rate)) errors.push({ field: `${field}[${j}].rate`, message: 'must be a decimal rate such as "0.0825" (8.25%)' });
      const minor = amount(t.amount, `${field}[${j}].amount`);
      add({ kind: 'tax', amountMinor: minor, title: t.title ?? null, rate: t.rate ?? null, jurisdiction: t.jurisdiction ?? null, ...where });
      return sum + minor;
    }, 0);

  const unitPrices = input.lines.map((l, i) => amount(l.unit_price, `lines[${i}].unit_price`));
  const gross = input.lines.map((l, i) => l.quantity * (unitPrices[i] as number));
  const lineDiscounts = input.lines.map((l, i) => {
    const d = discountsOf(l.discounts, `lines[${i}].discounts`, { lineNo: i + 1 });
    if (d > (gross[i] as number)) errors.push({ field: `lines[${i}].discounts`, message: `add up to more than the line's value (quantity × unit_price)` });
    return d;
  });
  const lineTaxes = input.lines.map((l, i) => taxesOf(l.taxes, `lines[${i}].taxes`, { lineNo: i + 1 }));

  // Each order discount is split over what the lines are still worth after the discounts before it.
  /** What each line is worth after the discounts split so far: the weights of order-level amounts. */
  const worthAfterDiscounts = () => gross.map((g, i) => Math.max(0, g - (lineDiscounts[i] as number)));
  (input.order_discounts ?? []).forEach((d, j) => {
    const field = `order_discounts[${j}]`;
    const minor = amount(d.amount, `${field}.amount`);
    const weights = worthAfterDiscounts();
    const parts = minor <= weights.reduce((a, b) => a + b, 0) ? allocateProportionally(minor, weights) : undefined;
    if (!parts) {
      errors.push({ field: `${field}.amount`, message: 'is more than the lines are worth after their discounts' });
      return;
    }
    parts.forEach((part, i) => {
      if (part === 0) return;
      lineDiscounts[i] = (lineDiscounts[i] as number) + part;
      add({ kind: 'discount', amountMinor: part, code: d.code ?? null, title: d.title ?? null, source: d.source ?? null, lineNo: i + 1, orderLevel: true });
    });
  });

  // Order-level taxes go to the lines like order discounts, by what the lines are worth after all their discounts.
  (input.order_taxes ?? []).forEach((t, j) => {
    const field = `order_taxes[${j}]`;
    if (t.rate != null && !RATE.test(t.rate)) errors.push({ field: `${field}.rate`, message: 'must be a decimal rate such as "0.0825" (8.25%)' });
    const minor = amount(t.amount, `${field}.amount`);
    const parts = allocateProportionally(minor, worthAfterDiscounts());
    if (!parts) {
      errors.push({ field: `${field}.amount`, message: 'cannot be split over lines that are worth nothing' });
      return;
    }
    parts.forEach((part, i) => {
      if (part === 0) return;
      lineTaxes[i] = (lineTaxes[i] as number) + part;
      add({ kind: 'tax', amountMinor: part, title: t.title ?? null, rate: t.rate ?? null, jurisdiction: t.jurisdiction ?? null, lineNo: i + 1, orderLevel: true });
    });
  });

  const shippingLines = input.shipping_lines ?? (input.shipping?.price != null ? [{ title: null, service_level: input.shipping.service_level ?? null, price: input.shipping.price }] : []);
  if (input.shipping_lines && input.shipping?.price != null) errors.push({ field: 'shipping.price', message: 'cannot be combined with shipping_lines (send the charge as a shipping line)' });
  let shippingPrice = 0;
  const shipping = shippingLines.map((s, k) => {
    const field = input.shipping_lines ? `shipping_lines[${k}]` : 'shipping';
    const priceMinor = amount(s.price, `${field}.price`);
    shippingPrice += priceMinor;
    // The legacy `shipping` field is one charge with nothing else to keep: the order row's
    // shipping_minor and service level say all of it, so no adjustment row is written (capture's hot path).
    if (input.shipping_lines) add({ kind: 'shipping', amountMinor: priceMinor, title: s.title ?? null, serviceLevel: s.service_level ?? null, shippingLine: k + 1 });
    const discountMinor = discountsOf('discounts' in s ? s.discounts : undefined, `${field}.discounts`, { shippingLine: k + 1 });
    if (discountMinor > priceMinor) errors.push({ field: `${field}.discounts`, message: 'add up to more than the shipping price' });
    const taxMinor = taxesOf('taxes' in s ? s.taxes : undefined, `${field}.taxes`, { shippingLine: k + 1 });
    // Prices that include tax hold the tax inside what is paid: more tax than that would make a refund of the
    // shipping negative (found by the money and returns property, issue 14 §3).
    if (input.taxes_included === true && taxMinor > priceMinor - discountMinor) errors.push({ field: `${field}.taxes`, message: 'add up to more than the shipping price after its discounts, which includes them (taxes_included)' });
    return { priceMinor, discountMinor, taxMinor };
  });
  const dutiesMinor = (input.duties ?? []).reduce((sum, d, j) => {
    const minor = amount(d.amount, `duties[${j}].amount`);
    add({ kind: 'duty', amountMinor: minor, title: d.title ?? null });
    return sum + minor;
  }, 0);

  const charges: OrderCharges = { shipping, dutiesMinor, taxesIncluded: input.taxes_included === true };
  const lines = input.lines.map((l, i) => ({ quantity: l.quantity, cancelled: 0, unitPriceMinor: unitPrices[i] as number, discountMinor: lineDiscounts[i] as number, taxMinor: lineTaxes[i] as number }));
  const totals = orderTotals(lines, charges);
  if (!Object.values(totals).every(Number.isSafeInteger)) errors.push({ field: 'lines', message: 'total is too large' });

  const stated: Partial<Record<keyof OrderTotals, number>> = {};
  for (const key of ['subtotal', 'discount', 'tax', 'shipping', 'total'] as const) {
    const text = input.channel_totals?.[key];
    if (text != null) stated[key] = amount(text, `channel_totals.${key}`);
  }
  const found = discrepancies(stated, totals);
  const payments = preparePayments(input.transactions ?? [], amount, errors);
  const serviceLevel = input.shipping?.service_level ?? shippingLines.find((s) => s.service_level)?.service_level ?? null;
  return { unitPrices, lineDiscounts, lineTaxes, charges, shippingPrice, serviceLevel, adjustments, totals, discrepancy: found.length > 0 ? found : null, payments };
}

/** The channel's payments: each amount above zero, each gateway reference once. */
function preparePayments(list: CanonicalTransaction[], amount: (text: string, field: string) => number, errors: FieldError[]): PreparedPayment[] {
  const seen = new Set<string>();
  return list.map((t, j) => {
    const field = `transactions[${j}]`;
    const minor = amount(t.amount, `${field}.amount`);
    if (minor === 0 && !errors.some((e) => e.field === `${field}.amount`)) errors.push({ field: `${field}.amount`, message: 'must be more than zero' });
    const reference = t.gateway_reference ?? null;
    if (reference !== null) {
      const key = `${t.gateway}\u0000${reference}`;
      if (seen.has(key)) errors.push({ field: `${field}.gateway_reference`, message: `repeats ${t.gateway} reference ${reference}: one transaction per reference` });
      seen.add(key);
    }
    return { kind: t.kind, status: t.status ?? 'success', amountMinor: minor, gateway: t.gateway, gatewayReference: reference, processedAt: t.processed_at ?? null };
  });
}
