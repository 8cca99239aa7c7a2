// 810 invoice (X12 004010 layout) for what one shipment carried: BIG, REF, N1 loops, DTM*011,
// IT1 per shipped line with its unit price, TDS total (implied two decimals, i.e. cents), CAD
// carrier, ISS units shipped, CTT count of IT1. Money is integer minor units in, exact decimal out.

import { formatMoney } from '../../../../platform/kernel/money.js';
import type { ProductId } from './types.js';
import { partySegments, scacOf, type X12Party } from './ship-notice856.js';
import { withTrailer, writeSingleSetInterchange, type OutboundEnvelope, type SegmentData, type WriteOptions } from './writer.js';

export interface InvoiceLine {
  /** The partner's PO1 line id (IT101). */
  lineId: string;
  /** IT102, whole units. */
  quantity: number;
  /** IT103. */
  unit: string;
  /** IT104 in minor units of `currency`. */
  unitPriceMinor: number;
  /** IT106/07, 08/09…: the partner's own product ids from the 850. */
  productIds: readonly ProductId[];
}

export interface InvoiceInput extends OutboundEnvelope {
  /** BIG02. */
  invoiceNumber: string;
  /** BIG01, YYYY-MM-DD. */
  invoiceDate: string;
  /** BIG04 / BIG03 (YYYY-MM-DD). */
  poNumber: string;
  poDate?: string | null;
  /** ISO 4217; CUR*SE when not USD. */
  currency: string;
  /** Minor-unit exponent of the currency (2 for USD). */
  exponent: number;
  shipmentId: string;
  trackingNumber?: string | null;
  shipDate: string;
  carrier: string;
  service?: string | null;
  shipTo: X12Party;
  remitTo: X12Party;
  lines: readonly InvoiceLine[];
}

const compact = (isoDate: string) => isoDate.replace(/-/g, '');

/** TDS01: the amount with two implied decimals ("cents"), whatever the currency's own exponent. */
export function impliedCents(minor: number, exponent: number): string {
  if (exponent === 2) return String(minor);
  if (exponent < 2) return String(minor * 10 ** (2 - exponent));
  return String(Math.round(minor / 10 ** (exponent - 2)));
}

/** Sum of the invoice lines in minor units. */
export function invoiceTotalMinor(lines: readonly InvoiceLine[]): number {
  return lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
}

/** The 810 transaction set, ST … SE. */
export function invoice810Segments(input: InvoiceInput): SegmentData[] {
  const control = String(input.setControlNumber).padStart(4, '0');
  const body: SegmentData[] = [
    ['ST', '810', control],
    ['BIG', compact(input.invoiceDate), input.invoiceNumber, input.poDate ? compact(input.poDate) : '', input.poNumber],
  ];
  if (input.currency !== 'USD') body.push(['CUR', 'SE', input.currency]);
  if (input.trackingNumber) body.push(['REF', 'BM', input.trackingNumber]);
  body.push(...partySegments({ ...input.remitTo, entity: 'RI' }), ...partySegments({ ...input.shipTo, entity: 'ST' }));
  body.push(['DTM', '011', compact(input.shipDate)]);
  for (const line of input.lines) {
    body.push(['IT1', line.lineId, String(line.quantity), line.unit, formatMoney(line.unitPriceMinor, input.exponent), '', ...line.productIds.flatMap((p) => [p.qualifier, p.id])]);
  }
  body.push(['TDS', impliedCents(invoiceTotalMinor(input.lines), input.exponent)]);
  const scac = scacOf(input.carrier, input.service);
  body.push(['CAD', 'U', '', '', scac ?? '', scac ? '' : input.carrier]);
  body.push(['ISS', String(input.lines.reduce((n, l) => n + l.quantity, 0)), 'EA']);
  body.push(['CTT', String(input.lines.length)]);
  return withTrailer(body, control);
}

/** The whole 810 interchange (GS01 = IN). */
export function buildInvoice810(input: InvoiceInput, options: WriteOptions = {}): string {
  return writeSingleSetInterchange(input, 'IN', invoice810Segments(input), options);
}
