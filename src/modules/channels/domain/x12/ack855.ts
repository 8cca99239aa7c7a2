// 855 purchase order acknowledgement: BAK, then PO1 + ACK per line, then CTT.
// Quantities and prices are decimal strings; the hash total is summed without floats.

import { withTrailer, writeSingleSetInterchange, x12DateTime, type OutboundEnvelope, type SegmentData, type WriteOptions } from './writer.js';
import type { ProductId } from './types.js';

/** ACK01 line status: IA accepted, IB backordered, IR rejected, IQ quantity changed, IP price changed, IC accepted with changes. */
export type LineAckStatus = 'IA' | 'IB' | 'IR' | 'IQ' | 'IP' | 'IC';

/** BAK02: AK accepted as sent, AC accepted with changes, RD rejected (with detail). */
export type PoAckType = 'AK' | 'AC' | 'RD';

export interface LineAck {
  status: LineAckStatus;
  /** ACK02 as a decimal string. */
  quantity: string;
  /** ACK03; defaults to the line's unit. */
  unit?: string;
  /** ACK05 with ACK04 = 068 (current schedule ship), YYYY-MM-DD. */
  shipDate?: string;
}

export interface Ack855Line {
  lineId: string;
  quantity: string;
  unit: string;
  unitPrice: string | null;
  productIds: readonly ProductId[];
  /** One ACK per entry: e.g. 6 IA and 4 IB for a line of 10 partly backordered. */
  acks: readonly LineAck[];
}

/** Sender: us, usually the received ISA receiver; receiver: the trading partner. */
export interface Ack855Input extends OutboundEnvelope {
  /** BEG03 of the 850 being answered. */
  poNumber: string;
  /** BEG05 of the 850, YYYY-MM-DD. */
  poDate: string;
  /** BAK02; derived from the line acks when absent (see ackTypeFor). */
  ackType?: PoAckType;
  /** BAK08: our order number. */
  sellerOrderNumber?: string;
  lines: readonly Ack855Line[];
}

const compact = (isoDate: string) => isoDate.replace(/-/g, '');

/** AK when every line is accepted in full, RD when every line is rejected, otherwise AC. */
export function ackTypeFor(lines: readonly Ack855Line[]): PoAckType {
  const all = lines.flatMap((l) => l.acks);
  if (all.length > 0 && all.every((a) => a.status === 'IR')) return 'RD';
  const asSent = lines.every((l) => l.acks.length === 1 && l.acks[0]?.status === 'IA' && sameDecimal(l.acks[0].quantity, l.quantity));
  return asSent ? 'AK' : 'AC';
}

function scaled(value: string, scale: number): bigint {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = value.replace(/^[+-]/, '').split('.');
  const n = BigInt((whole === '' ? '0' : whole) + fraction.padEnd(scale, '0').slice(0, scale));
  return negative ? -n : n;
}

const scaleOf = (value: string) => value.split('.')[1]?.length ?? 0;

function sameDecimal(a: string, b: string): boolean {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  return scaled(a, scale) === scaled(b, scale);
}

/** Sum of decimal strings, exact. */
export function sumDecimals(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map(scaleOf));
  const total = values.reduce((acc, v) => acc + scaled(v, scale), 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** The 855 transaction set, ST … SE. */
export function ack855Segments(input: Ack855Input): SegmentData[] {
  const control = String(input.setControlNumber).padStart(4, '0');
  const { date } = x12DateTime(input.at);
  const body: SegmentData[] = [
    ['ST', '855', control],
    ['BAK', '00', input.ackType ?? ackTypeFor(input.lines), input.poNumber, compact(input.poDate), '', '', '', input.sellerOrderNumber ?? '', date],
  ];
  for (const line of input.lines) {
    body.push(['PO1', line.lineId, line.quantity, line.unit, line.unitPrice ?? '', '', ...line.productIds.flatMap((p) => [p.qualifier, p.id])]);
    for (const ack of line.acks) {
      body.push(['ACK', ack.status, ack.quantity, ack.unit ?? line.unit, ack.shipDate === undefined ? '' : '068', ack.shipDate === undefined ? '' : compact(ack.shipDate)]);
    }
  }
  body.push(['CTT', String(input.lines.length), sumDecimals(input.lines.map((l) => l.quantity))]);
  return withTrailer(body, control);
}

/** The whole 855 interchange (GS01 = PR). */
export function buildAck855(input: Ack855Input, options: WriteOptions = {}): string {
  return writeSingleSetInterchange(input, 'PR', ack855Segments(input), options);
}
