// The bodies that record an OMS refund on the platform the order came from (ADR 0021), built from
// the refund push's payload (decimal strings made from the ledger's minor units) and the platform's
// order lines, read when sending (the OMS keeps no platform line ids: lines are matched by SKU).
// Pure: no HTTP, no clock.
//
// - Shopify REST Admin `POST /orders/{id}/refunds.json`: { refund: { currency, notify, note,
//   shipping: { amount }, refund_line_items: [{ line_item_id, quantity, restock_type: "no_restock" }],
//   transactions: [{ parent_id, amount, kind: "refund", gateway }] } }. The OMS owns stock, so nothing
//   is restocked on Shopify. `transactions` only when the channel lets Shopify move the money.
// - WooCommerce REST v3 `POST /orders/{id}/refunds`: { amount, reason, api_refund, api_restock: false,
//   line_items: [{ id, quantity, refund_total, refund_tax: [{ id, refund_total }] }] }. `api_refund`
//   false records the refund without calling the payment gateway (WooCommerce's default is true).

import { formatMoney, parseMoney } from '../../../platform/kernel/money.js';

/**
 * What a refund push sends (`shopify_refund`, `woocommerce_refund`), or what the operator has to
 * record by hand (`manual_refund`): fixed when the refund is recorded, amounts as decimal strings
 * made from the ledger's minor units. The platform's line ids are looked up by SKU when sending.
 */
export interface RefundPushPayload {
  /** The ledger's refund transaction (`refund.created`'s refund_id). */
  transaction_id: string;
  return_id: string | null;
  currency: string;
  /** The whole refund: Σ lines (amount + tax) + shipping + shipping_tax. */
  amount: string;
  /** Per SKU: units, their goods value after discounts and fees (before tax), and their tax. */
  lines: { sku: string; quantity: number; amount: string; tax: string }[];
  shipping: string;
  shipping_tax: string;
  reason: string;
  /** Whether the platform also moves the money through its payment gateway (settings.refund_through_platform, default false). */
  through_platform: boolean;
  /** The capture or sale the ledger refunded against: its gateway and the gateway's id for it, when known. */
  parent_gateway: string | null;
  parent_reference: string | null;
}

/** The marker the note or reason carries, so an attempt whose answer was lost finds its refund. */
export const refundMarker = (payload: Pick<RefundPushPayload, 'transaction_id'>) => `OMS refund ${payload.transaction_id}`;

export const refundNote = (payload: Pick<RefundPushPayload, 'transaction_id' | 'reason'>) => (payload.reason === '' ? refundMarker(payload) : `${payload.reason} (${refundMarker(payload)})`);

type Built<T> = { ok: true; body: T } | { ok: false; error: string };

/** Decimal places of the payload's amounts (the amount's fraction; the ledger made them all alike). */
function exponentOf(amount: string): number {
  return amount.split('.')[1]?.length ?? 0;
}

function minor(text: string, exponent: number): number {
  const parsed = parseMoney(text, exponent);
  if (!parsed.ok) throw new Error(`refund push amount "${text}" is not a decimal of ${exponent} places`);
  return parsed.minor;
}

/** A tax line's total as minor units; 0 when it is not a plain decimal (a zero or unusable rate is not refunded against). */
function rateMinor(total: string, exponent: number): number {
  const parsed = parseMoney(total, exponent);
  return parsed.ok ? parsed.minor : 0;
}

/** `units` of a SKU spread over the platform's lines with that SKU, each up to its quantity, in their order. */
function spread<L extends { id: number | string; sku: string | null; quantity: number }>(sku: string, units: number, lines: readonly L[], used: Map<string, number>): { line: L; quantity: number }[] | null {
  const out: { line: L; quantity: number }[] = [];
  let left = units;
  for (const line of lines) {
    if (left === 0) break;
    if (line.sku !== sku) continue;
    const free = line.quantity - (used.get(String(line.id)) ?? 0);
    if (free <= 0) continue;
    const take = Math.min(free, left);
    used.set(String(line.id), (used.get(String(line.id)) ?? 0) + take);
    out.push({ line, quantity: take });
    left -= take;
  }
  return left === 0 ? out : null;
}

/** Splits `total` minor units over parts by weight, the remainder on the last: the parts add up exactly. */
function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0) return weights.map((_, i) => (i === weights.length - 1 ? total : 0));
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  parts[parts.length - 1] = (parts[parts.length - 1] ?? 0) + total - parts.reduce((s, p) => s + p, 0);
  return parts;
}

export interface ShopifyRefundBody {
  refund: {
    currency: string;
    notify: boolean;
    note: string;
    shipping?: { amount: string };
    refund_line_items: { line_item_id: number | string; quantity: number; restock_type: 'no_restock' }[];
    transactions?: { parent_id: number | string; amount: string; kind: 'refund'; gateway: string }[];
  };
}

/**
 * The Shopify refund: the refunded units on the order's line items by SKU; the shipping refunded
 * (before tax, as Shopify's `shipping.amount` is); with `parent`, one refund transaction of the
 * whole amount against it (Shopify moves the money through that gateway).
 */
export function shopifyRefundBody(
  payload: RefundPushPayload,
  lineItems: readonly { id: number | string; sku: string | null; quantity: number }[],
  parent: { id: number | string; gateway: string } | null,
  notify: boolean,
): Built<ShopifyRefundBody> {
  const used = new Map<string, number>();
  const refundLineItems: ShopifyRefundBody['refund']['refund_line_items'] = [];
  for (const l of payload.lines) {
    const taken = spread(l.sku, l.quantity, lineItems, used);
    if (!taken) return { ok: false, error: `the Shopify order has no line item (or not ${l.quantity} units) with SKU ${l.sku}` };
    for (const t of taken) refundLineItems.push({ line_item_id: t.line.id, quantity: t.quantity, restock_type: 'no_restock' });
  }
  const e = exponentOf(payload.amount);
  const refund: ShopifyRefundBody['refund'] = { currency: payload.currency, notify, note: refundNote(payload), refund_line_items: refundLineItems };
  if (minor(payload.shipping, e) > 0) refund.shipping = { amount: payload.shipping };
  if (parent) refund.transactions = [{ parent_id: parent.id, amount: payload.amount, kind: 'refund', gateway: parent.gateway }];
  return { ok: true, body: { refund } };
}

export interface WooLineItem {
  id: number | string;
  sku: string | null;
  quantity: number;
  /** The line's taxes by rate: `id` is the tax rate id WooCommerce's refund_tax names. */
  taxes: { id: number | string; total: string }[];
}

export interface WooRefundBody {
  amount: string;
  reason: string;
  api_refund: boolean;
  api_restock: false;
  line_items: { id: number | string; quantity: number; refund_total: string; refund_tax: { id: number | string; refund_total: string }[] }[];
}

/**
 * The WooCommerce refund: `amount` is the whole refund (it takes precedence over the line totals, so
 * shipping is in it); each refunded SKU on the order's lines with its goods value and its tax spread
 * over the line's tax rates by their share of the line's tax.
 */
export function wooRefundBody(payload: RefundPushPayload, lineItems: readonly WooLineItem[]): Built<WooRefundBody> {
  const e = exponentOf(payload.amount);
  const used = new Map<string, number>();
  const lines: WooRefundBody['line_items'] = [];
  for (const l of payload.lines) {
    const taken = spread(l.sku, l.quantity, lineItems, used);
    if (!taken) return { ok: false, error: `the WooCommerce order has no line item (or not ${l.quantity} units) with SKU ${l.sku}` };
    const amounts = split(minor(l.amount, e), taken.map((t) => t.quantity));
    const taxes = split(minor(l.tax, e), taken.map((t) => t.quantity));
    for (const [i, t] of taken.entries()) {
      const tax = taxes[i] ?? 0;
      const rates = t.line.taxes.map((r) => ({ id: r.id, minor: rateMinor(r.total, e) })).filter((r) => r.minor > 0);
      if (tax > 0 && rates.length === 0) return { ok: false, error: `the WooCommerce line with SKU ${l.sku} has no tax rate to refund its tax against` };
      const byRate = tax === 0 ? rates.map(() => 0) : split(tax, rates.map((r) => r.minor));
      lines.push({
        id: t.line.id,
        quantity: t.quantity,
        refund_total: formatMoney(amounts[i] ?? 0, e),
        refund_tax: rates.map((r, j) => ({ id: r.id, refund_total: formatMoney(byRate[j] ?? 0, e) })),
      });
    }
  }
  return { ok: true, body: { amount: payload.amount, reason: refundNote(payload), api_refund: payload.through_platform, api_restock: false, line_items: lines } };
}
