import type { RefundCreated } from '../../../../platform/outbox/event-types.js';
import { unitsShare } from '../../../../platform/kernel/shares.js';
import { assertDocument, sumMinor, type AccountingDocument, type AccountingLine } from './model.js';

/**
 * Which invoices and credit notes belong to a day, from plain records the flow reads:
 *
 * - **One invoice per shipment**, dated by the day (UTC) the shipment was created, for the
 *   fulfillment order lines it carried at the order lines' unit prices, with the exact shares of
 *   the lines' discounts and taxes those units carry (units are invoiced from the first unit index
 *   up, as `paidForUnits` counts them). The order's shipping charge, its discounts and taxes go on
 *   the invoice of its first invoiced shipment (by creation time, then id). Prices that include
 *   tax are invoiced net of it, so every document is tax-exclusive and balances the same way.
 * - **Voided labels**: a shipment voided on the day it was created is never invoiced (the label was
 *   a mistake of that day). One voided on a later day was already invoiced on its own day, and
 *   past days never change: it gets a credit note on the void day that mirrors its invoice.
 * - **Refunds**: one credit note per `refund.created` event on the day it was recorded.
 */

/** An order line as the ledger needs it. */
export interface SourceOrderLine {
  id: string;
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  /** A kit component: its exact share of the kit line's total (unit price is then 0). */
  priceShareMinor: number | null;
  /** All the line's discounts and taxes, for all its units (0 on a kit component). */
  discountMinor: number;
  taxMinor: number;
}

export interface SourceOrder {
  id: string;
  channel: string;
  externalId: string | null;
  currency: string;
  customer: { name: string | null; email: string | null };
  shippingMinor: number;
  shippingDiscountMinor: number;
  shippingTaxMinor: number;
  /** Unit and shipping prices include their taxes. */
  taxesIncluded: boolean;
  lines: SourceOrderLine[];
}

export interface SourceShipment {
  id: string;
  orderId: string;
  createdAt: Date;
  /** When the label was voided (a voided shipment never changes again), or null. */
  voidedAt: Date | null;
  /** The fulfillment order's lines: what left the warehouse in this shipment. */
  lines: { orderLineId: string; sku: string; quantity: number }[];
}

export interface SourceRefund {
  eventId: string;
  at: Date;
  data: Record<string, unknown>;
}

export interface Skipped {
  source: 'refund' | 'shipment';
  id: string;
  reason: string;
}

/** The UTC calendar day of an instant. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** [start, end) of a UTC day. */
export function utcDayBounds(date: string): { from: Date; to: Date } {
  const from = new Date(`${date}T00:00:00.000Z`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** `INV-261127-k3v9x0m2ab`: kind, day, and the last 10 letters/digits of the source id (≤ 21). */
export function documentNumber(prefix: 'INV' | 'CN', date: string, sourceId: string): string {
  const tail = sourceId.replace(/[^A-Za-z0-9]/g, '').slice(-10) || '0';
  return `${prefix}-${date.slice(2).replace(/-/g, '')}-${tail}`;
}

/** Reads and checks a `refund.created` event's data; a string says what is wrong with it. */
export function parseRefund(data: Record<string, unknown>): RefundCreated | string {
  const isMinor = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  const { order_id, refund_id, currency, amount_minor, lines, shipping_minor = 0, tax_minor = 0, reason = '' } = data;
  if (typeof order_id !== 'string' || order_id === '') return 'order_id is missing';
  if (typeof refund_id !== 'string' || refund_id === '') return 'refund_id is missing';
  if (typeof currency !== 'string') return 'currency is missing';
  if (!isMinor(amount_minor) || !isMinor(shipping_minor) || !isMinor(tax_minor)) return 'amount_minor, shipping_minor and tax_minor must be non-negative integers';
  if (!Array.isArray(lines)) return 'lines must be an array';
  const parsed: RefundCreated['lines'] = [];
  for (const [i, l] of (lines as unknown[]).entries()) {
    const line = (l ?? {}) as Record<string, unknown>;
    if (typeof line.sku !== 'string' || !isMinor(line.quantity) || line.quantity === 0 || !isMinor(line.amount_minor)) return `lines[${i}] needs sku, a positive quantity and amount_minor`;
    parsed.push({ sku: line.sku, quantity: line.quantity, amount_minor: line.amount_minor });
  }
  const sum = sumMinor(parsed.map((l) => l.amount_minor)) + shipping_minor + tax_minor;
  if (sum !== amount_minor) return `amount_minor ${amount_minor} is not lines + shipping + tax = ${sum}`;
  if (sum === 0) return 'the refund is of nothing';
  return { order_id, refund_id, currency, amount_minor, lines: parsed, shipping_minor, tax_minor, reason: typeof reason === 'string' ? reason : '' };
}

function header(order: SourceOrder) {
  return { order_id: order.id, external_id: order.externalId, channel: order.channel, currency: order.currency, customer: order.customer };
}

function reference(order: SourceOrder): string {
  return order.externalId ? `${order.externalId} (${order.id})` : order.id;
}

interface InvoiceLines {
  lines: AccountingLine[];
  discount: number;
  tax: number;
}

/**
 * A shipment's invoice lines with their discounts and taxes. Kit components take their share of the
 * kit cumulatively, so the parts add up to the whole; other lines take the exact shares of the
 * units shipped (`unitsShare`, from the units invoiced before).
 */
function invoiceLines(order: SourceOrder, shipment: SourceShipment, shippedBefore: Map<string, number>): InvoiceLines {
  const byId = new Map(order.lines.map((l) => [l.id, l]));
  const out: InvoiceLines = { lines: [], discount: 0, tax: 0 };
  for (const fl of shipment.lines) {
    if (fl.quantity <= 0) continue;
    const ol = byId.get(fl.orderLineId);
    if (!ol) throw new Error(`shipment ${shipment.id} carries order line ${fl.orderLineId} that order ${order.id} does not have`);
    const before = shippedBefore.get(ol.id) ?? 0;
    shippedBefore.set(ol.id, before + fl.quantity);
    if (ol.priceShareMinor !== null && ol.quantity > 0) {
      const upTo = Math.min(before + fl.quantity, ol.quantity);
      const amount = Math.floor((ol.priceShareMinor * upTo) / ol.quantity) - Math.floor((ol.priceShareMinor * Math.min(before, ol.quantity)) / ol.quantity);
      out.lines.push({ sku: fl.sku, description: `${fl.sku} (kit component)`, quantity: fl.quantity, unit_price_minor: Math.floor(amount / fl.quantity), amount_minor: amount });
      continue;
    }
    const count = Math.max(0, Math.min(fl.quantity, ol.quantity - before));
    const tax = unitsShare(ol.taxMinor, ol.quantity, before, count);
    out.discount += unitsShare(ol.discountMinor, ol.quantity, before, count);
    out.tax += tax;
    // Tax included in the price is taken out of the line: the document carries it as tax.
    const amount = ol.unitPriceMinor * fl.quantity - (order.taxesIncluded ? tax : 0);
    out.lines.push({ sku: fl.sku, description: fl.sku, quantity: fl.quantity, unit_price_minor: order.taxesIncluded && tax > 0 ? Math.floor(amount / fl.quantity) : ol.unitPriceMinor, amount_minor: amount });
  }
  return out;
}

function invoiceOf(order: SourceOrder, shipment: SourceShipment, withShipping: boolean, shippedBefore: Map<string, number>): AccountingDocument {
  const { lines, discount, tax } = invoiceLines(order, shipment, shippedBefore);
  const shippingTax = withShipping ? order.shippingTaxMinor : 0;
  const shipping = withShipping ? order.shippingMinor - (order.taxesIncluded ? shippingTax : 0) : 0;
  const discounts = discount + (withShipping ? order.shippingDiscountMinor : 0);
  const date = utcDay(shipment.createdAt);
  return {
    kind: 'invoice',
    number: documentNumber('INV', date, shipment.id),
    date,
    ...header(order),
    lines,
    discount_minor: discounts,
    shipping_minor: shipping,
    tax_minor: tax + shippingTax,
    total_minor: sumMinor(lines.map((l) => l.amount_minor)) - discounts + shipping + tax + shippingTax,
    memo: `Order ${reference(order)}, shipment ${shipment.id}`,
    source: { type: 'shipment', id: shipment.id },
  };
}

/**
 * Every document dated `date`. `shipments` must hold all shipments of every order concerned (not
 * only the day's): which invoice carries the shipping charge, and a kit's shares, depend on them.
 */
export function accountingDocuments(input: { date: string; orders: ReadonlyMap<string, SourceOrder>; shipments: readonly SourceShipment[]; refunds: readonly SourceRefund[] }): { documents: AccountingDocument[]; skipped: Skipped[] } {
  const { date } = input;
  const documents: AccountingDocument[] = [];
  const skipped: Skipped[] = [];
  const byOrder = new Map<string, SourceShipment[]>();
  for (const s of input.shipments) {
    const group = byOrder.get(s.orderId);
    if (group) group.push(s);
    else byOrder.set(s.orderId, [s]);
  }

  for (const [orderId, shipments] of byOrder) {
    const order = input.orders.get(orderId);
    const touchesDay = shipments.some((s) => utcDay(s.createdAt) === date || (s.voidedAt && utcDay(s.voidedAt) === date));
    if (!touchesDay) continue;
    if (!order) {
      for (const s of shipments) skipped.push({ source: 'shipment', id: s.id, reason: `order ${orderId} not found` });
      continue;
    }
    const invoiced = shipments
      .filter((s) => s.voidedAt === null || utcDay(s.voidedAt) !== utcDay(s.createdAt))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const shippedBefore = new Map<string, number>();
    for (const [i, s] of invoiced.entries()) {
      const invoice = invoiceOf(order, s, i === 0, shippedBefore);
      if (invoice.date === date) documents.push(invoice);
      if (s.voidedAt && utcDay(s.voidedAt) === date) {
        documents.push({ ...invoice, kind: 'credit_note', number: documentNumber('CN', date, s.id), date, memo: `Label of shipment ${s.id} voided; reverses invoice ${invoice.number}`, source: { type: 'voided_shipment', id: s.id } });
      }
    }
  }

  for (const r of input.refunds) {
    const refund = parseRefund(r.data);
    if (typeof refund === 'string') {
      skipped.push({ source: 'refund', id: r.eventId, reason: refund });
      continue;
    }
    const order = input.orders.get(refund.order_id);
    if (!order) {
      skipped.push({ source: 'refund', id: refund.refund_id, reason: `order ${refund.order_id} not found` });
      continue;
    }
    if (order.currency !== refund.currency) {
      skipped.push({ source: 'refund', id: refund.refund_id, reason: `currency ${refund.currency} is not the order's ${order.currency}` });
      continue;
    }
    documents.push({
      kind: 'credit_note',
      number: documentNumber('CN', date, refund.refund_id),
      date,
      ...header(order),
      lines: refund.lines.map((l) => ({ sku: l.sku, description: l.sku, quantity: l.quantity, unit_price_minor: Math.floor(l.amount_minor / l.quantity), amount_minor: l.amount_minor })),
      discount_minor: 0,
      shipping_minor: refund.shipping_minor,
      tax_minor: refund.tax_minor ?? 0,
      total_minor: refund.amount_minor,
      memo: `Refund ${refund.refund_id} of order ${reference(order)}${refund.reason ? `: ${refund.reason}` : ''}`,
      source: { type: 'refund', id: refund.refund_id },
    });
  }

  documents.sort((a, b) => (a.kind === b.kind ? (a.number < b.number ? -1 : a.number > b.number ? 1 : 0) : a.kind === 'invoice' ? -1 : 1));
  for (const d of documents) assertDocument(d);
  return { documents, skipped };
}
