// 850 purchase order → a plain purchase-order object. Everything not mapped is listed in `unmapped`,
// so nothing a trading partner sent is silently dropped. Money and quantities stay decimal strings.

import { element } from './interchange.js';
import { rateOf } from '../order-parts.js';
import type { AckCodes, Map850Result, Party, ProductId, PurchaseOrder850, PurchaseOrderLine, Segment, TransactionSet, UnmappedItem, X12Problem, X12ProblemCode } from './types.js';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** X12 R (decimal) value → canonical decimal string: '+.50' → '0.50', '10.' → '10'. Null when not a number. */
export function x12Decimal(raw: string): string | null {
  const value = raw.trim();
  if (!DECIMAL.test(value)) return null;
  const negative = value.startsWith('-');
  let body = value.replace(/^[+-]/, '');
  if (body.startsWith('.')) body = `0${body}`;
  if (body.endsWith('.')) body = body.slice(0, -1);
  body = body.replace(/^0+(?=\d)/, '');
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

/** CCYYMMDD → YYYY-MM-DD, null when not a real calendar date. */
export function x12Date(raw: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw.trim());
  if (m === null) return null;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const month = Number(mo);
  const day = Number(d);
  const year = Number(y);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days) return null;
  return `${y}-${mo}-${d}`;
}

const PRODUCT_QUALIFIERS = new Set(['SK', 'VP', 'VN', 'UP', 'EN', 'BP', 'IN', 'UK', 'EA', 'MG', 'CB']);

/** What mapping one set collects as it goes: the problems and everything it left out. */
interface Mapping {
  set: TransactionSet;
  groupControlNumber: string | undefined;
  problems: X12Problem[];
  unmapped: UnmappedItem[];
}

/** Where a problem is: its segment (null: the set as a whole), the tag to report, the element and its data element reference. */
interface ProblemAt {
  segment: Segment | null;
  tag: string;
  n?: number;
  ref?: string;
  value?: string;
}

/** The purchase order as read so far, and which N1 or PO1 loop the next segment belongs to. */
interface Draft
  extends Pick<PurchaseOrder850, 'poNumber' | 'poDate' | 'purpose' | 'poType' | 'releaseNumber' | 'currency' | 'references' | 'requestedDeliveryDate' | 'requestedShipDate' | 'parties' | 'lines' | 'notes' | 'charges' | 'taxes'> {
  /** The N1 loop being read (N2/N3/N4 belong to it), or null. */
  party: Party | null;
  /** The PO1 loop being read (PID and DTM belong to it), or null. */
  line: PurchaseOrderLine | null;
  begSeen: boolean;
  ctt: Segment | null;
}

function emptyDraft(): Draft {
  return {
    poNumber: '',
    poDate: '',
    purpose: '',
    poType: '',
    releaseNumber: null,
    currency: 'USD',
    references: [],
    requestedDeliveryDate: null,
    requestedShipDate: null,
    parties: [],
    lines: [],
    notes: [],
    charges: [],
    taxes: [],
    party: null,
    line: null,
    begSeen: false,
    ctt: null,
  };
}

/** Element n of a segment without surrounding spaces. */
function e(segment: Segment, n: number): string {
  return element(segment, n).trim();
}

function orNull(value: string): string | null {
  return value === '' ? null : value;
}

function elementName(segment: Segment, n: number): string {
  return `${segment.tag}${String(n).padStart(2, '0')}`;
}

function pos(m: Mapping, segment: Segment): number {
  return m.set.segments.indexOf(segment) + 1;
}

function report(m: Mapping, code: X12ProblemCode, message: string, at: ProblemAt, ack: AckCodes): void {
  m.problems.push({
    code,
    message,
    groupControlNumber: m.groupControlNumber,
    setControlNumber: m.set.controlNumber,
    segmentTag: at.tag,
    ...(at.segment ? { setPosition: pos(m, at.segment), position: at.segment.position } : { setPosition: 2 }),
    ...(at.n === undefined ? {} : { element: at.n }),
    ...(at.ref === undefined ? {} : { elementRef: at.ref }),
    ...(at.value === undefined ? {} : { value: at.value }),
    ack: { ...ack, set: '5' },
  });
}

/** Element n, reported missing when empty. */
function required(m: Mapping, segment: Segment, n: number, ref: string, label: string): string {
  const value = e(segment, n);
  if (value === '') report(m, 'X12_ELEMENT_MISSING', `${elementName(segment, n)} (${label}) is required`, { segment, tag: segment.tag, n, ref }, { segment: '8', element: '1' });
  return value;
}

/** Element n as YYYY-MM-DD, null when empty; reported when it is not a date. */
function date(m: Mapping, segment: Segment, n: number, ref: string): string | null {
  const raw = e(segment, n);
  if (raw === '') return null;
  const value = x12Date(raw);
  if (value === null) {
    report(m, 'X12_ELEMENT_INVALID_DATE', `${elementName(segment, n)} ${JSON.stringify(raw)} is not a CCYYMMDD date`, { segment, tag: segment.tag, n, ref, value: raw }, { segment: '8', element: '8' });
  }
  return value;
}

/** Lists the elements of a mapped segment that were not mapped. */
function leftOver(m: Mapping, segment: Segment, mapped: readonly number[]): void {
  segment.elements.forEach((value, n) => {
    if (n > 0 && value.trim() !== '' && !mapped.includes(n)) m.unmapped.push({ segmentTag: segment.tag, setPosition: pos(m, segment), element: n, value });
  });
}

/** Lists a segment that was not mapped at all. */
function whole(m: Mapping, segment: Segment): void {
  m.unmapped.push({ segmentTag: segment.tag, setPosition: pos(m, segment), value: segment.elements.join('*') });
}

function readBeg(m: Mapping, draft: Draft, segment: Segment): void {
  draft.begSeen = true;
  draft.purpose = required(m, segment, 1, '353', 'purpose');
  draft.poType = e(segment, 2);
  draft.poNumber = required(m, segment, 3, '324', 'purchase order number');
  draft.releaseNumber = orNull(e(segment, 4));
  if (e(segment, 5) === '') required(m, segment, 5, '373', 'purchase order date');
  else draft.poDate = date(m, segment, 5, '373') ?? '';
  leftOver(m, segment, [1, 2, 3, 4, 5]);
}

function readCur(m: Mapping, draft: Draft, segment: Segment): void {
  const code = e(segment, 2);
  if (code !== '') {
    if (/^[A-Z]{3}$/.test(code)) draft.currency = code;
    else report(m, 'X12_ELEMENT_INVALID_CODE', `CUR02 ${JSON.stringify(code)} is not a currency code`, { segment, tag: 'CUR', n: 2, ref: '100', value: code }, { segment: '8', element: '7' });
  }
  leftOver(m, segment, [1, 2]);
}

function readRef(m: Mapping, draft: Draft, segment: Segment): void {
  draft.references.push({ qualifier: e(segment, 1), value: e(segment, 2) !== '' ? e(segment, 2) : e(segment, 3) });
  leftOver(m, segment, [1, 2, 3]);
}

/** DTM*002 (delivery) or DTM*010 (ship) of the line being read, or of the order before any line. */
function readDtm(m: Mapping, draft: Draft, segment: Segment): void {
  const value = date(m, segment, 2, '373');
  const target = draft.line ?? draft;
  const qualifier = e(segment, 1);
  if (qualifier === '002') target.requestedDeliveryDate = value;
  else if (qualifier === '010') target.requestedShipDate = value;
  else return whole(m, segment);
  leftOver(m, segment, [1, 2]);
}

/** MSG01 or NTE02: a free-text note. */
function readNote(m: Mapping, draft: Draft, segment: Segment, n: number): void {
  if (e(segment, n) !== '') draft.notes.push(e(segment, n));
  leftOver(m, segment, n === 1 ? [1] : [1, 2]);
}

/** N1 opens a party loop (and ends any line loop). */
function readN1(m: Mapping, draft: Draft, segment: Segment): void {
  draft.line = null;
  draft.party = {
    entity: e(segment, 1),
    name: e(segment, 2),
    idQualifier: orNull(e(segment, 3)),
    id: orNull(e(segment, 4)),
    additionalNames: [],
    addressLines: [],
    city: null,
    state: null,
    postalCode: null,
    country: null,
  };
  draft.parties.push(draft.party);
  leftOver(m, segment, [1, 2, 3, 4]);
}

/** N2 names, N3 address lines, N4 place: only inside a party loop, else left whole. */
function readPartyDetail(m: Mapping, draft: Draft, segment: Segment): void {
  const party = draft.line === null ? draft.party : null;
  if (party === null) return whole(m, segment);
  if (segment.tag === 'N4') {
    party.city = orNull(e(segment, 1));
    party.state = orNull(e(segment, 2));
    party.postalCode = orNull(e(segment, 3));
    party.country = orNull(e(segment, 4));
    return leftOver(m, segment, [1, 2, 3, 4]);
  }
  const list = segment.tag === 'N2' ? party.additionalNames : party.addressLines;
  for (const n of [1, 2]) if (e(segment, n) !== '') list.push(e(segment, n));
  leftOver(m, segment, [1, 2]);
}

/** PO102 as a decimal string ('' when missing or invalid, both reported). */
function po1Quantity(m: Mapping, segment: Segment): string {
  const raw = e(segment, 2);
  if (raw === '') {
    required(m, segment, 2, '330', 'quantity ordered');
    return '';
  }
  const quantity = x12Decimal(raw);
  if (quantity === null || quantity.startsWith('-')) {
    report(m, 'X12_ELEMENT_NOT_NUMERIC', `PO102 ${JSON.stringify(raw)} is not a quantity`, { segment, tag: 'PO1', n: 2, ref: '330', value: raw }, { segment: '8', element: '6' });
    return '';
  }
  return quantity;
}

/** PO104 as a decimal string, null when absent or invalid (reported). */
function po1UnitPrice(m: Mapping, segment: Segment): string | null {
  const raw = e(segment, 4);
  if (raw === '') return null;
  const unitPrice = x12Decimal(raw);
  if (unitPrice === null) report(m, 'X12_ELEMENT_NOT_NUMERIC', `PO104 ${JSON.stringify(raw)} is not a unit price`, { segment, tag: 'PO1', n: 4, ref: '212', value: raw }, { segment: '8', element: '6' });
  return unitPrice;
}

/** PO106/PO107 onwards: the qualifier/id pairs we know, and which elements they took. */
function po1ProductIds(m: Mapping, segment: Segment): { productIds: ProductId[]; mapped: number[] } {
  const productIds: ProductId[] = [];
  const mapped: number[] = [];
  for (let n = 6; n + 1 < segment.elements.length; n += 2) {
    const qualifier = e(segment, n);
    const id = e(segment, n + 1);
    if (qualifier === '' && id === '') continue;
    if (qualifier === '' || id === '') {
      const missing = qualifier === '' ? n : n + 1;
      const ref = qualifier === '' ? '235' : '234';
      report(m, 'X12_ELEMENT_MISSING', `PO1${String(missing).padStart(2, '0')} is required when its pair is present`, { segment, tag: 'PO1', n: missing, ref }, { segment: '8', element: '2' });
      continue;
    }
    if (!PRODUCT_QUALIFIERS.has(qualifier)) continue; // left for `unmapped`
    productIds.push({ qualifier, id });
    mapped.push(n, n + 1);
  }
  return { productIds, mapped };
}

/** PO1 opens a line loop (and ends any party loop). */
function readPo1(m: Mapping, draft: Draft, segment: Segment): void {
  draft.party = null;
  const quantity = po1Quantity(m, segment);
  const unitPrice = po1UnitPrice(m, segment);
  const { productIds, mapped } = po1ProductIds(m, segment);
  const first = (...qualifiers: string[]) => productIds.find((p) => qualifiers.includes(p.qualifier))?.id ?? null;
  draft.line = {
    lineId: e(segment, 1) !== '' ? e(segment, 1) : String(draft.lines.length + 1),
    quantity,
    unit: e(segment, 3),
    unitPrice,
    productIds,
    buyerSku: first('SK'),
    vendorPartNumber: first('VP', 'VN'),
    upc: first('UP'),
    ean: first('EN'),
    description: null,
    requestedDeliveryDate: null,
    requestedShipDate: null,
    charges: [],
    taxes: [],
  };
  draft.lines.push(draft.line);
  leftOver(m, segment, [1, 2, 3, 4, ...mapped]);
}

/** PID05 describes the line being read; several are joined. */
function readPid(m: Mapping, draft: Draft, segment: Segment): void {
  const line = draft.line;
  if (line === null || e(segment, 5) === '') return whole(m, segment);
  line.description = line.description === null ? e(segment, 5) : `${line.description} ${e(segment, 5)}`;
  leftOver(m, segment, [1, 5]);
}

/**
 * SAC of the header or of the line being read: an allowance (A) is a discount, a charge (C) with
 * code D240 is freight. Other charges have no canonical home and stay in `unmapped`, whole.
 */
function readSac(m: Mapping, draft: Draft, segment: Segment): void {
  const kind = e(segment, 1) === 'A' ? 'allowance' : e(segment, 1) === 'C' ? 'charge' : null;
  const code = e(segment, 2);
  const cents = e(segment, 5);
  if (kind === null || !/^\d{1,15}$/.test(cents) || (kind === 'charge' && code !== 'D240')) return whole(m, segment);
  const digits = cents.padStart(3, '0');
  const amount = `${digits.slice(0, -2).replace(/^0+(?=\d)/, '')}.${digits.slice(-2)}`;
  (draft.line ?? draft).charges.push({ kind, code, amount, description: orNull(e(segment, 15)) });
  leftOver(m, segment, [1, 2, 5, 15]);
}

/** TXI of the header or the line being read: the amount (TXI02) is required to map it; TXI03 is a percent. */
function readTxi(m: Mapping, draft: Draft, segment: Segment): void {
  const amount = x12Decimal(e(segment, 2));
  if (amount === null || amount.startsWith('-')) return whole(m, segment);
  const rate = e(segment, 3) === '' ? null : rateOf(x12Decimal(e(segment, 3)), true);
  (draft.line ?? draft).taxes.push({ type: e(segment, 1), amount, rate });
  leftOver(m, segment, rate === null ? [1, 2] : [1, 2, 3]);
}

function readCtt(m: Mapping, draft: Draft, segment: Segment): void {
  draft.line = null;
  draft.ctt = segment;
  leftOver(m, segment, [1]);
}

function readSegment(m: Mapping, draft: Draft, segment: Segment): void {
  switch (segment.tag) {
    case 'ST':
    case 'SE':
      return;
    case 'BEG':
      return readBeg(m, draft, segment);
    case 'CUR':
      return readCur(m, draft, segment);
    case 'REF':
      return readRef(m, draft, segment);
    case 'DTM':
      return readDtm(m, draft, segment);
    case 'MSG':
      return readNote(m, draft, segment, 1);
    case 'NTE':
      return readNote(m, draft, segment, 2);
    case 'N1':
      return readN1(m, draft, segment);
    case 'N2':
    case 'N3':
    case 'N4':
      return readPartyDetail(m, draft, segment);
    case 'PO1':
      return readPo1(m, draft, segment);
    case 'PID':
      return readPid(m, draft, segment);
    case 'SAC':
      return readSac(m, draft, segment);
    case 'TXI':
      return readTxi(m, draft, segment);
    case 'CTT':
      return readCtt(m, draft, segment);
    default:
      return whole(m, segment);
  }
}

/** BEG and at least one PO1 are required; CTT01, when sent, must count the lines. */
function checkCompleteness(m: Mapping, draft: Draft): void {
  if (!draft.begSeen) report(m, 'X12_SEGMENT_MISSING', 'the 850 has no BEG segment', { segment: null, tag: 'BEG' }, { segment: '3' });
  if (draft.lines.length === 0) report(m, 'X12_SEGMENT_MISSING', 'the 850 has no PO1 line', { segment: null, tag: 'PO1' }, { segment: '3' });
  const ctt = draft.ctt;
  if (ctt === null) return;
  const declared = element(ctt, 1).trim();
  if (!/^\d+$/.test(declared) || Number(declared) !== draft.lines.length) {
    report(m, 'X12_CTT_COUNT_MISMATCH', `CTT01 says ${declared} line items but the 850 has ${draft.lines.length}`, { segment: ctt, tag: 'CTT', n: 1, ref: '354', value: declared }, { segment: '8', element: '7' });
  }
}

function purchaseOrderOf(m: Mapping, draft: Draft): PurchaseOrder850 {
  const byEntity = (entity: string) => draft.parties.find((p) => p.entity === entity) ?? null;
  return {
    setControlNumber: m.set.controlNumber,
    poNumber: draft.poNumber,
    poDate: draft.poDate,
    purpose: draft.purpose,
    poType: draft.poType,
    releaseNumber: draft.releaseNumber,
    currency: draft.currency,
    references: draft.references,
    requestedDeliveryDate: draft.requestedDeliveryDate,
    requestedShipDate: draft.requestedShipDate,
    buyer: byEntity('BY'),
    shipTo: byEntity('ST'),
    billTo: byEntity('BT'),
    parties: draft.parties,
    lines: draft.lines,
    notes: draft.notes,
    charges: draft.charges,
    taxes: draft.taxes,
    unmapped: m.unmapped,
  };
}

/** Maps one 850 transaction set. Problems carry AK3/AK4 codes so a 997 can report them. */
export function map850(set: TransactionSet, groupControlNumber?: string): Map850Result {
  const m: Mapping = { set, groupControlNumber, problems: [], unmapped: [] };
  if (set.id !== '850') {
    report(m, 'X12_ELEMENT_INVALID_CODE', `transaction set ${set.id} is not an 850`, { segment: set.segments[0] ?? null, tag: 'ST', n: 1, ref: '143', value: set.id }, { segment: '8', element: '7' });
    return { po: null, problems: m.problems };
  }
  const draft = emptyDraft();
  for (const segment of set.segments) readSegment(m, draft, segment);
  checkCompleteness(m, draft);
  if (m.problems.length > 0) return { po: null, problems: m.problems };
  return { po: purchaseOrderOf(m, draft), problems: [] };
}
