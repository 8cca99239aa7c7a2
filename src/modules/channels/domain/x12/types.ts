// The shapes of X12 documents as read: interchange envelopes, their problems (with the codes a 997
// reports them by) and the 850 purchase order mapped from a set.

export interface Separators {
  /** ISA character at index 3, e.g. `*` or `|`. */
  element: string;
  /** ISA16, e.g. `:` or `>`. */
  subElement: string;
  /** Character after ISA16, e.g. `~`. */
  segment: string;
  /** ISA11 when ISA12 >= 00402 and ISA11 is not a letter or digit; otherwise null. */
  repetition: string | null;
}

export interface Segment {
  tag: string;
  /** elements[0] is the tag, so elements[n] is the nth data element (BEG03 = elements[3]). */
  elements: string[];
  /** 1-based position in the interchange (ISA = 1). */
  position: number;
}

/** AK3/AK4/AK5/AK9 codes a 997 can carry for this problem (X12 4010 code lists). */
export interface AckCodes {
  /** AK304 segment syntax error: 1 unrecognised, 2 unexpected, 3 mandatory missing, 5 exceeds max use, 8 has data element errors. */
  segment?: string;
  /** AK403 data element error: 1 mandatory missing, 4 too short, 5 too long, 6 invalid character, 7 invalid code, 8 invalid date. */
  element?: string;
  /** AK5 set error: 2 trailer missing, 3 control numbers differ, 4 segment count wrong, 5 segments in error. */
  set?: string;
  /** AK9 group error: 3 trailer missing, 4 control numbers differ, 5 set count wrong. */
  group?: string;
}

export type X12ProblemCode =
  | 'X12_EMPTY'
  | 'X12_ISA_TRUNCATED'
  | 'X12_ISA_INVALID'
  | 'X12_SEPARATORS_INVALID'
  | 'X12_IEA_MISSING'
  | 'X12_IEA_CONTROL_MISMATCH'
  | 'X12_IEA_COUNT_MISMATCH'
  | 'X12_DATA_AFTER_IEA'
  | 'X12_SEGMENT_OUTSIDE_GROUP'
  | 'X12_SEGMENT_OUTSIDE_SET'
  | 'X12_GE_MISSING'
  | 'X12_GE_CONTROL_MISMATCH'
  | 'X12_GE_COUNT_MISMATCH'
  | 'X12_GS_INVALID'
  | 'X12_SE_MISSING'
  | 'X12_SE_CONTROL_MISMATCH'
  | 'X12_SE_COUNT_MISMATCH'
  | 'X12_ST_INVALID'
  | 'X12_SEGMENT_TAG_INVALID'
  | 'X12_ELEMENT_INVALID_CHARACTER'
  // 850 content
  | 'X12_SEGMENT_MISSING'
  | 'X12_ELEMENT_MISSING'
  | 'X12_ELEMENT_NOT_NUMERIC'
  | 'X12_ELEMENT_INVALID_DATE'
  | 'X12_ELEMENT_INVALID_CODE'
  | 'X12_CTT_COUNT_MISMATCH';

export interface X12Problem {
  code: X12ProblemCode;
  message: string;
  /** GS06 of the group the problem is in, when known. */
  groupControlNumber?: string;
  /** ST02 of the transaction set the problem is in, when known. */
  setControlNumber?: string;
  segmentTag?: string;
  /** 1-based position inside the transaction set (ST = 1), as AK302 wants it. */
  setPosition?: number;
  /** 1-based position inside the interchange (ISA = 1). */
  position?: number;
  /** 1-based element position inside the segment (AK401). */
  element?: number;
  /** Data element reference number (AK402), when known. */
  elementRef?: string;
  /** Copy of the bad value (AK404). */
  value?: string;
  ack: AckCodes;
}

export interface TransactionSet {
  /** ST01, e.g. 850. */
  id: string;
  /** ST02. */
  controlNumber: string;
  /** ST … SE inclusive (SE absent when the trailer was missing). */
  segments: Segment[];
  problems: X12Problem[];
}

export interface FunctionalGroup {
  /** GS01, e.g. PO. */
  functionalId: string;
  senderId: string;
  receiverId: string;
  /** GS04 CCYYMMDD. */
  date: string;
  /** GS05 HHMM[SS]. */
  time: string;
  /** GS06. */
  controlNumber: string;
  /** GS07, normally X. */
  agency: string;
  /** GS08, e.g. 004010. */
  version: string;
  sets: TransactionSet[];
  /** Group-level problems (GE missing or wrong); set-level ones live on the set. */
  problems: X12Problem[];
}

export interface InterchangeHeader {
  authQualifier: string;
  authInfo: string;
  securityQualifier: string;
  securityInfo: string;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA09 YYMMDD. */
  date: string;
  /** ISA10 HHMM. */
  time: string;
  /** ISA11: repetition separator (00402+) or standards identifier U. */
  isa11: string;
  /** ISA12, e.g. 00401 or 00501. */
  version: string;
  /** ISA13. */
  controlNumber: string;
  ackRequested: string;
  /** ISA15: P production, T test. */
  usage: string;
}

export interface Interchange {
  separators: Separators;
  header: InterchangeHeader;
  groups: FunctionalGroup[];
  /** Interchange-level problems (IEA missing or wrong, stray segments). */
  problems: X12Problem[];
}

export interface ParseResult {
  /** null when not even the ISA could be read. */
  interchange: Interchange | null;
  /** Every problem found, interchange-, group- and set-level, in document order. */
  problems: X12Problem[];
}

// 850 purchase order

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

/** SAC: an allowance (a discount) or a freight charge, amount as a decimal string (SAC05 is N2: 500 → 5.00). */
export interface AllowanceCharge {
  kind: 'allowance' | 'charge';
  /** SAC02, e.g. C310 discount, D240 freight. */
  code: string;
  amount: string;
  /** SAC15. */
  description: string | null;
}

/** TXI: a tax with its amount (TXI02) and, when sent, its rate as a decimal fraction (TXI03 is a percent). */
export interface PurchaseOrderTax {
  /** TXI01, e.g. ST state sales tax, LS local. */
  type: string;
  amount: string;
  rate: string | null;
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
  /** SAC allowances and freight charges of this line. */
  charges: AllowanceCharge[];
  /** TXI of this line. */
  taxes: PurchaseOrderTax[];
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
  /** Header SAC allowances and freight charges. */
  charges: AllowanceCharge[];
  /** Header TXI. */
  taxes: PurchaseOrderTax[];
  unmapped: UnmappedItem[];
}

export type Map850Result = { po: PurchaseOrder850; problems: [] } | { po: null; problems: X12Problem[] };
