// X12 interchange envelopes (ISA/GS/ST … SE/GE/IEA): reading with whatever separators the
// ISA declares, checking control numbers and counts, and writing segments back out.
// Pure: never throws on bad input; every defect becomes a problem with a location.
import { storableText, unstorableProblem } from '../../../../platform/kernel/text.js';

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

const ISA_LENGTH = 106;
const TAG = /^[A-Z][A-Z0-9]{1,2}$/;

function problem(code: X12ProblemCode, message: string, extra: Omit<X12Problem, 'code' | 'message' | 'ack'> & { ack?: AckCodes } = {}): X12Problem {
  return { code, message, ...extra, ack: extra.ack ?? {} };
}

/** Finds the separators in the ISA. Accepts the fixed-width form and, leniently, an ISA whose fields were not padded. */
export function readSeparators(text: string): { separators: Separators; isaEnd: number; isa: string[] } | { problem: X12Problem } {
  if (!text.startsWith('ISA')) {
    return { problem: problem(text.length === 0 ? 'X12_EMPTY' : 'X12_ISA_INVALID', text.length === 0 ? 'the document is empty' : 'an interchange must start with ISA', { segmentTag: 'ISA', position: 1 }) };
  }
  if (text.length < 4) return { problem: problem('X12_ISA_TRUNCATED', 'the ISA segment is truncated', { segmentTag: 'ISA', position: 1 }) };
  const element = text.charAt(3);
  // ISA01 … ISA16 are preceded by 16 element separators; ISA16 is the sub-element separator and the character after it ends the segment.
  let index = 3;
  for (let n = 1; n < 16; n++) {
    index = text.indexOf(element, index + 1);
    if (index < 0 || index > ISA_LENGTH + 40) {
      return { problem: problem('X12_ISA_TRUNCATED', `the ISA segment is truncated: only ${n} of 16 elements found`, { segmentTag: 'ISA', position: 1, element: n }) };
    }
  }
  const subElementAt = index + 1;
  const subElement = text.charAt(subElementAt);
  const segment = text.charAt(subElementAt + 1);
  if (subElement === '' || segment === '') {
    return { problem: problem('X12_ISA_TRUNCATED', 'the ISA segment is truncated: ISA16 or the segment terminator is missing', { segmentTag: 'ISA', position: 1, element: 16 }) };
  }
  const isa = text.slice(0, subElementAt + 1).split(element);
  const version = isa[12] ?? '';
  const isa11 = isa[11] ?? '';
  const repetition = version >= '00402' && isa11.length === 1 && !/[A-Za-z0-9 ]/.test(isa11) ? isa11 : null;
  const separators: Separators = { element, subElement, segment, repetition };
  const chars = [element, subElement, segment, ...(repetition === null ? [] : [repetition])];
  if (new Set(chars).size !== chars.length || chars.some((c) => /[A-Za-z0-9 ]/.test(c))) {
    return { problem: problem('X12_SEPARATORS_INVALID', `the ISA declares unusable separators ${JSON.stringify(chars.join(''))}: they must be distinct and not letters, digits or spaces`, { segmentTag: 'ISA', position: 1 }) };
  }
  return { separators, isaEnd: subElementAt + 2, isa };
}

function isLineEnd(code: number): boolean {
  return code === 10 || code === 13;
}

/** Drops CR/LF around a segment: partners put line breaks after (or before) the terminator. */
function stripLineEnds(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && isLineEnd(raw.charCodeAt(start))) start++;
  while (end > start && isLineEnd(raw.charCodeAt(end - 1))) end--;
  return start === 0 && end === raw.length ? raw : raw.slice(start, end);
}

/** Splits the text after the ISA into segments; CR/LF around segment terminators are ignored. */
function splitSegments(text: string, separators: Separators, firstPosition: number): Segment[] {
  const out: Segment[] = [];
  let position = firstPosition;
  for (const raw of text.split(separators.segment)) {
    const trimmed = stripLineEnds(raw);
    if (trimmed === '' || trimmed.trim() === '') continue;
    const elements = trimmed.split(separators.element);
    out.push({ tag: (elements[0] ?? '').trim(), elements, position });
    position++;
  }
  return out;
}

function el(segment: Segment, n: number): string {
  return segment.elements[n] ?? '';
}

function headerFrom(isa: string[]): InterchangeHeader {
  const f = (n: number) => isa[n] ?? '';
  return {
    authQualifier: f(1),
    authInfo: f(2),
    securityQualifier: f(3),
    securityInfo: f(4),
    senderQualifier: f(5),
    senderId: f(6).trim(),
    receiverQualifier: f(7),
    receiverId: f(8).trim(),
    date: f(9),
    time: f(10),
    isa11: f(11),
    version: f(12),
    controlNumber: f(13),
    ackRequested: f(14),
    usage: f(15),
  };
}

/**
 * The first element of a segment holding a character no text column can store (NUL, or a lone
 * surrogate when the text did not come from UTF-8 bytes): such a set cannot be captured or stored
 * as sent. X12's character sets have no NUL either.
 */
function badCharacter(elements: readonly string[]): { element: number; message: string } | undefined {
  for (let n = 0; n < elements.length; n++) {
    const why = unstorableProblem(elements[n] as string);
    if (why) return { element: n, message: why };
  }
  return undefined;
}

/** Reads an interchange. Never throws: defects come back as problems, set-level ones also on their set. */
export function parseInterchange(input: string): ParseResult {
  const text = input.replace(/^\uFEFF/, '').replace(/^\s+/, '');
  const head = readSeparators(text);
  if ('problem' in head) return { interchange: null, problems: [head.problem] };
  const { separators, isaEnd, isa } = head;
  const header = headerFrom(isa);
  const all: X12Problem[] = [];
  const interchangeProblems: X12Problem[] = [];
  const addInterchange = (p: X12Problem) => {
    interchangeProblems.push(p);
    all.push(p);
  };
  if (isa.length !== 17) addInterchange(problem('X12_ISA_INVALID', `the ISA has ${isa.length - 1} elements, expected 16`, { segmentTag: 'ISA', position: 1 }));
  const badIsa = badCharacter(isa);
  if (badIsa) addInterchange(problem('X12_ELEMENT_INVALID_CHARACTER', `ISA${String(badIsa.element).padStart(2, '0')} ${badIsa.message}`, { segmentTag: 'ISA', position: 1, element: badIsa.element }));
  if (!/^\d{9}$/.test(header.controlNumber)) {
    addInterchange(problem('X12_ISA_INVALID', 'ISA13 must be a 9-digit control number', { segmentTag: 'ISA', position: 1, element: 13, value: header.controlNumber }));
  }

  const groups: FunctionalGroup[] = [];
  let group: FunctionalGroup | null = null;
  let set: TransactionSet | null = null;
  let ieaSeen: Segment | null = null;

  const closeSet = (at: Segment | null) => {
    if (set === null) return;
    if (at === null || at.tag !== 'SE') {
      const p = problem('X12_SE_MISSING', `transaction set ${set.controlNumber} has no SE trailer`, {
        groupControlNumber: group?.controlNumber,
        setControlNumber: set.controlNumber,
        segmentTag: 'SE',
        ...(at ? { position: at.position } : {}),
        ack: { set: '2' },
      });
      set.problems.push(p);
      all.push(p);
    }
    set = null;
  };

  const closeGroup = (at: Segment | null) => {
    closeSet(at);
    if (group === null) return;
    if (at === null || at.tag !== 'GE') {
      const p = problem('X12_GE_MISSING', `functional group ${group.controlNumber} has no GE trailer`, { groupControlNumber: group.controlNumber, segmentTag: 'GE', ack: { group: '3' } });
      group.problems.push(p);
      all.push(p);
    }
    group = null;
  };

  for (const seg of splitSegments(text.slice(isaEnd), separators, 2)) {
    if (ieaSeen !== null) {
      addInterchange(problem('X12_DATA_AFTER_IEA', `segment ${seg.tag} follows the IEA`, { segmentTag: seg.tag, position: seg.position }));
      break;
    }
    const bad = badCharacter(seg.elements);
    // The set this segment belongs to, if any (ST opens one, SE closes it).
    let holder: TransactionSet | null = seg.tag === 'GS' || seg.tag === 'GE' || seg.tag === 'IEA' || seg.tag === 'ST' ? null : set;
    switch (seg.tag) {
      case 'GS': {
        closeGroup(null);
        group = {
          functionalId: el(seg, 1),
          senderId: el(seg, 2),
          receiverId: el(seg, 3),
          date: el(seg, 4),
          time: el(seg, 5),
          controlNumber: el(seg, 6),
          agency: el(seg, 7),
          version: el(seg, 8),
          sets: [],
          problems: [],
        };
        groups.push(group);
        if (!/^\d{1,9}$/.test(group.controlNumber)) {
          const p = problem('X12_GS_INVALID', 'GS06 must be a numeric control number of 1 to 9 digits', {
            groupControlNumber: group.controlNumber,
            segmentTag: 'GS',
            position: seg.position,
            element: 6,
            value: group.controlNumber,
            ack: { group: '6' },
          });
          group.problems.push(p);
          all.push(p);
        }
        break;
      }
      case 'ST': {
        closeSet(null);
        if (group === null) {
          addInterchange(problem('X12_SEGMENT_OUTSIDE_GROUP', 'ST outside a GS/GE functional group', { segmentTag: 'ST', position: seg.position }));
          break;
        }
        set = { id: el(seg, 1), controlNumber: el(seg, 2), segments: [seg], problems: [] };
        holder = set;
        group.sets.push(set);
        if (!/^\d{3}$/.test(set.id) || !/^.{4,9}$/.test(set.controlNumber)) {
          const bad = !/^\d{3}$/.test(set.id) ? 1 : 2;
          const p = problem('X12_ST_INVALID', bad === 1 ? 'ST01 must be a 3-digit transaction set identifier' : 'ST02 must be a control number of 4 to 9 characters', {
            groupControlNumber: group.controlNumber,
            setControlNumber: set.controlNumber,
            segmentTag: 'ST',
            setPosition: 1,
            position: seg.position,
            element: bad,
            elementRef: bad === 1 ? '143' : '329',
            value: el(seg, bad),
            ack: { segment: '8', element: bad === 1 ? '7' : '4', set: '5' },
          });
          set.problems.push(p);
          all.push(p);
        }
        break;
      }
      case 'SE': {
        if (set === null) {
          addInterchange(problem('X12_SEGMENT_OUTSIDE_SET', 'SE without a matching ST', { segmentTag: 'SE', position: seg.position, groupControlNumber: group?.controlNumber }));
          break;
        }
        set.segments.push(seg);
        const where = { groupControlNumber: group?.controlNumber, setControlNumber: set.controlNumber, segmentTag: 'SE', setPosition: set.segments.length, position: seg.position };
        const declared = el(seg, 1);
        if (!/^\d+$/.test(declared) || Number(declared) !== set.segments.length) {
          const p = problem('X12_SE_COUNT_MISMATCH', `SE01 says ${declared} segments but the set has ${set.segments.length} (ST and SE included)`, { ...where, element: 1, elementRef: '96', value: declared, ack: { set: '4' } });
          set.problems.push(p);
          all.push(p);
        }
        if (el(seg, 2) !== set.controlNumber) {
          const p = problem('X12_SE_CONTROL_MISMATCH', `SE02 ${el(seg, 2)} does not match ST02 ${set.controlNumber}`, { ...where, element: 2, elementRef: '329', value: el(seg, 2), ack: { set: '3' } });
          set.problems.push(p);
          all.push(p);
        }
        closeSet(seg);
        break;
      }
      case 'GE': {
        if (group === null) {
          addInterchange(problem('X12_SEGMENT_OUTSIDE_GROUP', 'GE without a matching GS', { segmentTag: 'GE', position: seg.position }));
          break;
        }
        const current: FunctionalGroup = group;
        closeSet(seg);
        const declared = el(seg, 1);
        if (!/^\d+$/.test(declared) || Number(declared) !== current.sets.length) {
          const p = problem('X12_GE_COUNT_MISMATCH', `GE01 says ${declared} transaction sets but the group has ${current.sets.length}`, {
            groupControlNumber: current.controlNumber,
            segmentTag: 'GE',
            position: seg.position,
            element: 1,
            value: declared,
            ack: { group: '5' },
          });
          current.problems.push(p);
          all.push(p);
        }
        if (el(seg, 2) !== current.controlNumber) {
          const p = problem('X12_GE_CONTROL_MISMATCH', `GE02 ${el(seg, 2)} does not match GS06 ${current.controlNumber}`, {
            groupControlNumber: current.controlNumber,
            segmentTag: 'GE',
            position: seg.position,
            element: 2,
            value: el(seg, 2),
            ack: { group: '4' },
          });
          current.problems.push(p);
          all.push(p);
        }
        closeGroup(seg);
        break;
      }
      case 'IEA': {
        closeGroup(null);
        ieaSeen = seg;
        const declared = el(seg, 1);
        if (!/^\d+$/.test(declared) || Number(declared) !== groups.length) {
          addInterchange(problem('X12_IEA_COUNT_MISMATCH', `IEA01 says ${declared} functional groups but the interchange has ${groups.length}`, { segmentTag: 'IEA', position: seg.position, element: 1, value: declared }));
        }
        if (el(seg, 2) !== header.controlNumber) {
          addInterchange(problem('X12_IEA_CONTROL_MISMATCH', `IEA02 ${el(seg, 2)} does not match ISA13 ${header.controlNumber}`, { segmentTag: 'IEA', position: seg.position, element: 2, value: el(seg, 2) }));
        }
        break;
      }
      default: {
        if (set === null) {
          addInterchange(problem(group === null ? 'X12_SEGMENT_OUTSIDE_GROUP' : 'X12_SEGMENT_OUTSIDE_SET', `segment ${seg.tag} is outside a transaction set`, { segmentTag: seg.tag, position: seg.position, groupControlNumber: group?.controlNumber }));
          break;
        }
        set.segments.push(seg);
        if (!TAG.test(seg.tag)) {
          const p = problem('X12_SEGMENT_TAG_INVALID', `${JSON.stringify(seg.tag)} is not a segment identifier`, {
            groupControlNumber: group?.controlNumber,
            setControlNumber: set.controlNumber,
            segmentTag: seg.tag.slice(0, 3),
            setPosition: set.segments.length,
            position: seg.position,
            ack: { segment: '1', set: '5' },
          });
          set.problems.push(p);
          all.push(p);
        }
      }
    }
    if (bad) {
      // Inside a set the set alone is rejected (AK4 code 6, invalid character); elsewhere the interchange is unreadable.
      const tag = storableText(seg.tag.slice(0, 3));
      const message = `${tag}${String(bad.element).padStart(2, '0')} ${bad.message}`;
      if (holder) {
        const p = problem('X12_ELEMENT_INVALID_CHARACTER', message, {
          groupControlNumber: group?.controlNumber,
          setControlNumber: holder.controlNumber,
          segmentTag: tag,
          setPosition: holder.segments.indexOf(seg) + 1,
          position: seg.position,
          element: bad.element,
          ack: { segment: '8', element: '6', set: '5' },
        });
        holder.problems.push(p);
        all.push(p);
      } else {
        addInterchange(problem('X12_ELEMENT_INVALID_CHARACTER', message, { segmentTag: tag, position: seg.position, element: bad.element }));
      }
    }
  }
  if (ieaSeen === null) {
    closeGroup(null);
    addInterchange(problem('X12_IEA_MISSING', 'the interchange has no IEA trailer', { segmentTag: 'IEA' }));
  }
  return { interchange: { separators, header, groups, problems: interchangeProblems }, problems: all };
}

/** The element at 1-based position n of a segment ('' when absent). */
export function element(segment: Segment, n: number): string {
  return el(segment, n);
}

/** The components of a composite element, split on the declared sub-element separator. */
export function components(value: string, separators: Separators): string[] {
  return value.split(separators.subElement);
}

/** 1-based position of a segment inside its transaction set (ST = 1). */
export function setPosition(set: TransactionSet, segment: Segment): number {
  return set.segments.indexOf(segment) + 1;
}
