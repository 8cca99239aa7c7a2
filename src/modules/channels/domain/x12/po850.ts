// 850 purchase order → a plain purchase-order object. Everything not mapped is listed in `unmapped`,
// so nothing a trading partner sent is silently dropped. Money and quantities stay decimal strings.

import { element, type Segment, type TransactionSet, type X12Problem, type X12ProblemCode, type AckCodes } from './interchange.js';

export interface ProductId {
  /** PO106/PO108/…: SK buyer SKU, VP/VN vendor part, UP UPC, EN EAN, or any other qualifier. */
  qualifier: string;
  id: string;
}

export interface Party {
  /** N101 entity code: ST ship-to, BY buyer, BT bill-to, SF ship-from, … */
  entity: string;
  name: string;
  /** N103/N104, e.g. 92 + the buyer's location code. */
  idQualifier: string | null;
  id: string | null;
  /** N2 names. */
  additionalNames: string[];
  /** N301, N302 (and further N3s). */
  addressLines: string[];
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface PurchaseOrderLine {
  /** PO101 (may be empty: then the 1-based line number). */
  lineId: string;
  /** PO102 as a decimal string. */
  quantity: string;
  /** PO103, e.g. EA, CA. */
  unit: string;
  /** PO104 as a decimal string, or null when absent. */
  unitPrice: string | null;
  productIds: ProductId[];
  /** First SK. */
  buyerSku: string | null;
  /** First VP or VN. */
  vendorPartNumber: string | null;
  /** First UP. */
  upc: string | null;
  /** First EN. */
  ean: string | null;
  /** PID05 texts. */
  description: string | null;
  /** Line DTM*002 (YYYY-MM-DD). */
  requestedDeliveryDate: string | null;
  /** Line DTM*010 (YYYY-MM-DD). */
  requestedShipDate: string | null;
}

export interface Reference {
  qualifier: string;
  value: string;
}

export interface UnmappedItem {
  segmentTag: string;
  /** 1-based position inside the transaction set (ST = 1). */
  setPosition: number;
  /** Set when only one element of a mapped segment was left out; absent when the whole segment was. */
  element?: number;
  /** The element's value, or the segment's elements joined by `*` when the whole segment was left out. */
  value: string;
}

export interface PurchaseOrder850 {
  /** ST02. */
  setControlNumber: string;
  /** BEG03: the order's external id. */
  poNumber: string;
  /** BEG05 as YYYY-MM-DD. */
  poDate: string;
  /** BEG01: 00 original, 01 cancellation, 05 replace, 06 confirmation, 07 duplicate. */
  purpose: string;
  /** BEG02: SA stand-alone, DS drop ship, BK blanket, … */
  poType: string;
  /** BEG04 release number. */
  releaseNumber: string | null;
  /** CUR02, default USD. */
  currency: string;
  references: Reference[];
  /** Header DTM*002. */
  requestedDeliveryDate: string | null;
  /** Header DTM*010. */
  requestedShipDate: string | null;
  buyer: Party | null;
  shipTo: Party | null;
  billTo: Party | null;
  /** Every N1 loop in order, including the three above. */
  parties: Party[];
  lines: PurchaseOrderLine[];
  /** MSG01 and NTE02 texts in order. */
  notes: string[];
  unmapped: UnmappedItem[];
}

export type Map850Result = { po: PurchaseOrder850; problems: [] } | { po: null; problems: X12Problem[] };

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

/** Maps one 850 transaction set. Problems carry AK3/AK4 codes so a 997 can report them. */
export function map850(set: TransactionSet, groupControlNumber?: string): Map850Result {
  const problems: X12Problem[] = [];
  const unmapped: UnmappedItem[] = [];
  const pos = (segment: Segment) => set.segments.indexOf(segment) + 1;
  const report = (code: X12ProblemCode, message: string, segment: Segment | null, tag: string, n: number | undefined, ref: string | undefined, ack: AckCodes, value?: string) => {
    problems.push({
      code,
      message,
      groupControlNumber,
      setControlNumber: set.controlNumber,
      segmentTag: tag,
      ...(segment ? { setPosition: pos(segment), position: segment.position } : { setPosition: 2 }),
      ...(n === undefined ? {} : { element: n }),
      ...(ref === undefined ? {} : { elementRef: ref }),
      ...(value === undefined ? {} : { value }),
      ack: { ...ack, set: '5' },
    });
  };
  const required = (segment: Segment, n: number, ref: string, label: string): string => {
    const value = element(segment, n).trim();
    if (value === '') report('X12_ELEMENT_MISSING', `${segment.tag}${String(n).padStart(2, '0')} (${label}) is required`, segment, segment.tag, n, ref, { segment: '8', element: '1' });
    return value;
  };
  const date = (segment: Segment, n: number, ref: string): string | null => {
    const raw = element(segment, n).trim();
    if (raw === '') return null;
    const value = x12Date(raw);
    if (value === null) report('X12_ELEMENT_INVALID_DATE', `${segment.tag}${String(n).padStart(2, '0')} ${JSON.stringify(raw)} is not a CCYYMMDD date`, segment, segment.tag, n, ref, { segment: '8', element: '8' }, raw);
    return value;
  };
  const leftOver = (segment: Segment, mapped: readonly number[]) => {
    segment.elements.forEach((value, n) => {
      if (n > 0 && value.trim() !== '' && !mapped.includes(n)) unmapped.push({ segmentTag: segment.tag, setPosition: pos(segment), element: n, value });
    });
  };
  const whole = (segment: Segment) => unmapped.push({ segmentTag: segment.tag, setPosition: pos(segment), value: segment.elements.join('*') });

  if (set.id !== '850') {
    report('X12_ELEMENT_INVALID_CODE', `transaction set ${set.id} is not an 850`, set.segments[0] ?? null, 'ST', 1, '143', { segment: '8', element: '7' }, set.id);
    return { po: null, problems };
  }

  let poNumber = '';
  let poDate = '';
  let purpose = '';
  let poType = '';
  let releaseNumber: string | null = null;
  let currency = 'USD';
  const references: Reference[] = [];
  let requestedDeliveryDate: string | null = null;
  let requestedShipDate: string | null = null;
  const parties: Party[] = [];
  const lines: PurchaseOrderLine[] = [];
  const notes: string[] = [];
  let party: Party | null = null;
  let line: PurchaseOrderLine | null = null;
  let begSeen = false;
  let ctt: Segment | null = null;

  for (const segment of set.segments) {
    const e = (n: number) => element(segment, n).trim();
    switch (segment.tag) {
      case 'ST':
      case 'SE':
        break;
      case 'BEG': {
        begSeen = true;
        purpose = required(segment, 1, '353', 'purpose');
        poType = e(2);
        poNumber = required(segment, 3, '324', 'purchase order number');
        releaseNumber = e(4) === '' ? null : e(4);
        if (e(5) === '') required(segment, 5, '373', 'purchase order date');
        else poDate = date(segment, 5, '373') ?? '';
        leftOver(segment, [1, 2, 3, 4, 5]);
        break;
      }
      case 'CUR': {
        if (e(2) !== '') {
          if (/^[A-Z]{3}$/.test(e(2))) currency = e(2);
          else report('X12_ELEMENT_INVALID_CODE', `CUR02 ${JSON.stringify(e(2))} is not a currency code`, segment, 'CUR', 2, '100', { segment: '8', element: '7' }, e(2));
        }
        leftOver(segment, [1, 2]);
        break;
      }
      case 'REF': {
        references.push({ qualifier: e(1), value: e(2) !== '' ? e(2) : e(3) });
        leftOver(segment, [1, 2, 3]);
        break;
      }
      case 'DTM': {
        const value = date(segment, 2, '373');
        const target = line;
        if (e(1) === '002') {
          if (target) target.requestedDeliveryDate = value;
          else requestedDeliveryDate = value;
          leftOver(segment, [1, 2]);
        } else if (e(1) === '010') {
          if (target) target.requestedShipDate = value;
          else requestedShipDate = value;
          leftOver(segment, [1, 2]);
        } else {
          whole(segment);
        }
        break;
      }
      case 'MSG': {
        if (e(1) !== '') notes.push(e(1));
        leftOver(segment, [1]);
        break;
      }
      case 'NTE': {
        if (e(2) !== '') notes.push(e(2));
        leftOver(segment, [1, 2]);
        break;
      }
      case 'N1': {
        line = null;
        party = {
          entity: e(1),
          name: e(2),
          idQualifier: e(3) === '' ? null : e(3),
          id: e(4) === '' ? null : e(4),
          additionalNames: [],
          addressLines: [],
          city: null,
          state: null,
          postalCode: null,
          country: null,
        };
        parties.push(party);
        leftOver(segment, [1, 2, 3, 4]);
        break;
      }
      case 'N2':
      case 'N3':
      case 'N4': {
        if (party === null || line !== null) {
          whole(segment);
          break;
        }
        if (segment.tag === 'N2') {
          for (const n of [1, 2]) if (e(n) !== '') party.additionalNames.push(e(n));
          leftOver(segment, [1, 2]);
        } else if (segment.tag === 'N3') {
          for (const n of [1, 2]) if (e(n) !== '') party.addressLines.push(e(n));
          leftOver(segment, [1, 2]);
        } else {
          party.city = e(1) === '' ? null : e(1);
          party.state = e(2) === '' ? null : e(2);
          party.postalCode = e(3) === '' ? null : e(3);
          party.country = e(4) === '' ? null : e(4);
          leftOver(segment, [1, 2, 3, 4]);
        }
        break;
      }
      case 'PO1': {
        party = null;
        const rawQuantity = e(2);
        let quantity = '';
        if (rawQuantity === '') required(segment, 2, '330', 'quantity ordered');
        else {
          const q = x12Decimal(rawQuantity);
          if (q === null || q.startsWith('-')) {
            report('X12_ELEMENT_NOT_NUMERIC', `PO102 ${JSON.stringify(rawQuantity)} is not a quantity`, segment, 'PO1', 2, '330', { segment: '8', element: '6' }, rawQuantity);
          } else quantity = q;
        }
        let unitPrice: string | null = null;
        if (e(4) !== '') {
          unitPrice = x12Decimal(e(4));
          if (unitPrice === null) report('X12_ELEMENT_NOT_NUMERIC', `PO104 ${JSON.stringify(e(4))} is not a unit price`, segment, 'PO1', 4, '212', { segment: '8', element: '6' }, e(4));
        }
        const productIds: ProductId[] = [];
        const mapped = [1, 2, 3, 4];
        for (let n = 6; n + 1 < segment.elements.length; n += 2) {
          const qualifier = e(n);
          const id = e(n + 1);
          if (qualifier === '' && id === '') continue;
          if (qualifier === '' || id === '') {
            report('X12_ELEMENT_MISSING', `PO1${String(qualifier === '' ? n : n + 1).padStart(2, '0')} is required when its pair is present`, segment, 'PO1', qualifier === '' ? n : n + 1, qualifier === '' ? '235' : '234', { segment: '8', element: '2' });
            continue;
          }
          if (!PRODUCT_QUALIFIERS.has(qualifier)) continue; // left for `unmapped`
          productIds.push({ qualifier, id });
          mapped.push(n, n + 1);
        }
        const first = (...qualifiers: string[]) => productIds.find((p) => qualifiers.includes(p.qualifier))?.id ?? null;
        line = {
          lineId: e(1) !== '' ? e(1) : String(lines.length + 1),
          quantity,
          unit: e(3),
          unitPrice,
          productIds,
          buyerSku: first('SK'),
          vendorPartNumber: first('VP', 'VN'),
          upc: first('UP'),
          ean: first('EN'),
          description: null,
          requestedDeliveryDate: null,
          requestedShipDate: null,
        };
        lines.push(line);
        leftOver(segment, mapped);
        break;
      }
      case 'PID': {
        if (line === null || e(5) === '') {
          whole(segment);
          break;
        }
        line.description = line.description === null ? e(5) : `${line.description} ${e(5)}`;
        leftOver(segment, [1, 5]);
        break;
      }
      case 'CTT': {
        line = null;
        ctt = segment;
        leftOver(segment, [1]);
        break;
      }
      default:
        whole(segment);
    }
  }

  if (!begSeen) report('X12_SEGMENT_MISSING', 'the 850 has no BEG segment', null, 'BEG', undefined, undefined, { segment: '3' });
  if (lines.length === 0) report('X12_SEGMENT_MISSING', 'the 850 has no PO1 line', null, 'PO1', undefined, undefined, { segment: '3' });
  if (ctt !== null) {
    const declared = element(ctt, 1).trim();
    if (!/^\d+$/.test(declared) || Number(declared) !== lines.length) {
      report('X12_CTT_COUNT_MISMATCH', `CTT01 says ${declared} line items but the 850 has ${lines.length}`, ctt, 'CTT', 1, '354', { segment: '8', element: '7' }, declared);
    }
  }
  if (problems.length > 0) return { po: null, problems };

  const byEntity = (entity: string) => parties.find((p) => p.entity === entity) ?? null;
  return {
    po: {
      setControlNumber: set.controlNumber,
      poNumber,
      poDate,
      purpose,
      poType,
      releaseNumber,
      currency,
      references,
      requestedDeliveryDate,
      requestedShipDate,
      buyer: byEntity('BY'),
      shipTo: byEntity('ST'),
      billTo: byEntity('BT'),
      parties,
      lines,
      notes,
      unmapped,
    },
    problems: [],
  };
}
