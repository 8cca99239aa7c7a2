// 856 ship notice (X12 004010 layout): one shipment → HL hierarchy Shipment → Order → Pack → Item
// (BSN05 = 0001, "Shipment, Order, Packaging, Item"). CTT01 counts the HL segments and CTT02 sums
// the SN102 shipped quantities, as the 856 notes require. Pure: moment and control numbers are arguments.

import type { ProductId } from './types.js';
import { withTrailer, writeSingleSetInterchange, x12DateTime, type OutboundEnvelope, type SegmentData, type WriteOptions } from './writer.js';

/** What every outbound document's envelope needs; control numbers come from the channel's sequences. */
export interface X12Party {
  /** N101: ST ship-to, SF ship-from, BT bill-to, RI remit-to… */
  entity: string;
  name: string;
  /** N103/N104, e.g. 92 + the buyer's location code. */
  idQualifier?: string | null;
  id?: string | null;
  addressLines?: readonly string[];
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

export interface ShipNoticeItem {
  /** The partner's PO1 line id (LIN01). */
  lineId: string;
  /** The partner's own product ids from the 850 (LIN02/03, 04/05, …). */
  productIds: readonly ProductId[];
  /** SN102, whole units. */
  quantity: number;
  /** SN103, e.g. EA. */
  unit: string;
}

export interface ShipNoticePack {
  /** The carrier's tracking number of this parcel. */
  trackingNumber: string;
  /** SSCC-18 of the carton label, when the shipper has a GS1 prefix (MAN*GM); else MAN*CP tracking number. */
  sscc?: string | null;
  weightGrams?: number | null;
  items: readonly ShipNoticeItem[];
}

export interface ShipNoticeInput extends OutboundEnvelope {
  /** BSN02: our shipment id. */
  shipmentId: string;
  /** DTM*011, YYYY-MM-DD. */
  shipDate: string;
  /** ups, fedex, usps… (TD503 is its SCAC, see scacOf). */
  carrier: string;
  service?: string | null;
  /** REF*BM: bill of lading; defaults to the first tracking number (parcel shipments have no BOL). */
  billOfLading?: string | null;
  /** PRF01 / PRF04 (YYYY-MM-DD) of the 850 being shipped. */
  poNumber: string;
  poDate?: string | null;
  shipFrom: X12Party;
  shipTo: X12Party;
  packs: readonly ShipNoticePack[];
  /** Items whose parcel is not known: listed under the order level. */
  looseItems?: readonly ShipNoticeItem[];
}

const compact = (isoDate: string) => isoDate.replace(/-/g, '');

/**
 * The carrier's SCAC (Standard Carrier Alpha Code) for TD503: UPSN, FDEG (FedEx Ground / Home
 * Delivery), FDE (FedEx Express), USPS. Null for a carrier we have no code for (TD505 names it).
 */
export function scacOf(carrier: string, service?: string | null): string | null {
  const c = carrier.toLowerCase();
  if (c === 'ups') return 'UPSN';
  if (c === 'usps') return 'USPS';
  if (c === 'fedex') return /ground|home/i.test(service ?? '') ? 'FDEG' : 'FDE';
  if (c === 'dhl') return 'DHLC';
  return null;
}

/** Grams → kilograms as an exact decimal string (X12 R type): 2500 → "2.5". */
export function kilograms(grams: number): string {
  const whole = Math.floor(grams / 1000);
  const fraction = String(grams % 1000).padStart(3, '0').replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

/**
 * An SSCC-18 (GS1 Serial Shipping Container Code): extension digit, company prefix and serial
 * reference making 17 digits, then the GS1 mod-10 check digit. Null when they do not fit.
 */
export function sscc18(extension: number, companyPrefix: string, serial: number): string | null {
  if (!/^\d{6,12}$/.test(companyPrefix) || !Number.isInteger(extension) || extension < 0 || extension > 9) return null;
  const width = 16 - companyPrefix.length;
  const reference = String(serial);
  if (!Number.isSafeInteger(serial) || serial < 0 || reference.length > width) return null;
  const body = `${extension}${companyPrefix}${reference.padStart(width, '0')}`;
  return body + gs1CheckDigit(body);
}

/** GS1 check digit: weights 3,1,3,… from the rightmost digit of the body. */
export function gs1CheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

/** N1 (+ N3, N4) loop of one party. */
export function partySegments(party: X12Party): SegmentData[] {
  const out: SegmentData[] = [['N1', party.entity, party.name, party.id ? (party.idQualifier ?? '92') : '', party.id ?? '']];
  const lines = (party.addressLines ?? []).filter((l) => l !== '');
  for (let i = 0; i < lines.length; i += 2) out.push(['N3', ...lines.slice(i, i + 2)]);
  if (party.city || party.state || party.postalCode || party.country) out.push(['N4', party.city ?? '', party.state ?? '', party.postalCode ?? '', party.country ?? '']);
  return out;
}

function itemSegments(item: ShipNoticeItem): SegmentData[] {
  return [
    ['LIN', item.lineId, ...item.productIds.flatMap((p) => [p.qualifier, p.id])],
    ['SN1', '', String(item.quantity), item.unit],
  ];
}

/** The 856 transaction set, ST … SE. */
export function shipNotice856Segments(input: ShipNoticeInput): SegmentData[] {
  const control = String(input.setControlNumber).padStart(4, '0');
  const { date, time } = x12DateTime(input.at);
  const body: SegmentData[] = [
    ['ST', '856', control],
    ['BSN', '00', input.shipmentId, date, time, '0001'],
  ];
  let hl = 0;
  let hlCount = 0;
  let units = 0;
  const level = (parent: number | null, code: string, hasChildren: boolean): number => {
    hl += 1;
    hlCount += 1;
    body.push(['HL', String(hl), parent === null ? '' : String(parent), code, hasChildren ? '1' : '0']);
    return hl;
  };
  const addItem = (parent: number, item: ShipNoticeItem) => {
    level(parent, 'I', false);
    body.push(...itemSegments(item));
    units += item.quantity;
  };

  // Shipment level: carrier, quantities and weight, references, date, parties.
  const shipment = level(null, 'S', true);
  const grams = input.packs.reduce((sum, p) => sum + (p.weightGrams ?? 0), 0);
  body.push(['TD1', 'CTN25', String(input.packs.length), '', '', '', grams > 0 ? 'G' : '', grams > 0 ? kilograms(grams) : '', grams > 0 ? 'KG' : '']);
  const scac = scacOf(input.carrier, input.service);
  body.push(['TD5', '', scac ? '2' : '', scac ?? '', 'U', scac ? '' : input.carrier]);
  const tracking = input.packs.map((p) => p.trackingNumber).filter((t) => t !== '');
  const bol = input.billOfLading ?? tracking[0] ?? '';
  if (bol !== '') body.push(['REF', 'BM', bol]);
  for (const t of tracking) body.push(['REF', 'CN', t]);
  body.push(['DTM', '011', compact(input.shipDate)]);
  body.push(...partySegments({ ...input.shipTo, entity: 'ST' }), ...partySegments({ ...input.shipFrom, entity: 'SF' }));

  // Order level: the partner's PO.
  const order = level(shipment, 'O', true);
  body.push(['PRF', input.poNumber, '', '', input.poDate ? compact(input.poDate) : '']);
  for (const item of input.looseItems ?? []) addItem(order, item);

  // Pack level (one per parcel), items inside.
  for (const pack of input.packs) {
    const p = level(order, 'P', pack.items.length > 0);
    if (pack.weightGrams) body.push(['TD1', 'CTN25', '1', '', '', '', 'G', kilograms(pack.weightGrams), 'KG']);
    body.push(pack.sscc ? ['MAN', 'GM', pack.sscc, '', 'CP', pack.trackingNumber] : ['MAN', 'CP', pack.trackingNumber]);
    for (const item of pack.items) addItem(p, item);
  }

  body.push(['CTT', String(hlCount), String(units)]);
  return withTrailer(body, control);
}

/** The whole 856 interchange (GS01 = SH). */
export function buildShipNotice856(input: ShipNoticeInput, options: WriteOptions = {}): string {
  return writeSingleSetInterchange(input, 'SH', shipNotice856Segments(input), options);
}
