// X12 interchange envelopes (ISA/GS/ST … SE/GE/IEA): reading with whatever separators the
// ISA declares, checking control numbers and counts, and writing segments back out.
// Pure: never throws on bad input; every defect becomes a problem with a location.
import { storableText, unstorableProblem } from '../../../../platform/kernel/text.js';
import type { AckCodes, FunctionalGroup, InterchangeHeader, ParseResult, Segment, Separators, TransactionSet, X12Problem, X12ProblemCode } from './types.js';

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

/** What reading an interchange keeps as it goes: the group and set still open, and every problem in document order. */
interface Reading {
  header: InterchangeHeader;
  groups: FunctionalGroup[];
  group: FunctionalGroup | null;
  set: TransactionSet | null;
  iea: Segment | null;
  /** Every problem, interchange-, group- and set-level. */
  all: X12Problem[];
  interchangeProblems: X12Problem[];
}

function addInterchangeProblem(r: Reading, p: X12Problem): void {
  r.interchangeProblems.push(p);
  r.all.push(p);
}

function addGroupProblem(r: Reading, group: FunctionalGroup, p: X12Problem): void {
  group.problems.push(p);
  r.all.push(p);
}

function addSetProblem(r: Reading, set: TransactionSet, p: X12Problem): void {
  set.problems.push(p);
  r.all.push(p);
}

/** ISA element count, characters and ISA13. */
function checkIsa(r: Reading, isa: string[]): void {
  if (isa.length !== 17) addInterchangeProblem(r, problem('X12_ISA_INVALID', `the ISA has ${isa.length - 1} elements, expected 16`, { segmentTag: 'ISA', position: 1 }));
  const bad = badCharacter(isa);
  if (bad) addInterchangeProblem(r, problem('X12_ELEMENT_INVALID_CHARACTER', `ISA${String(bad.element).padStart(2, '0')} ${bad.message}`, { segmentTag: 'ISA', position: 1, element: bad.element }));
  if (!/^\d{9}$/.test(r.header.controlNumber)) {
    addInterchangeProblem(r, problem('X12_ISA_INVALID', 'ISA13 must be a 9-digit control number', { segmentTag: 'ISA', position: 1, element: 13, value: r.header.controlNumber }));
  }
}

/** Ends the open set; `at` is the SE that ends it, anything else means its trailer is missing. */
function closeSet(r: Reading, at: Segment | null): void {
  const set = r.set;
  if (set === null) return;
  if (at === null || at.tag !== 'SE') {
    addSetProblem(
      r,
      set,
      problem('X12_SE_MISSING', `transaction set ${set.controlNumber} has no SE trailer`, {
        groupControlNumber: r.group?.controlNumber,
        setControlNumber: set.controlNumber,
        segmentTag: 'SE',
        ...(at ? { position: at.position } : {}),
        ack: { set: '2' },
      }),
    );
  }
  r.set = null;
}

/** Ends the open set and group; `at` is the GE that ends them, anything else means the group's trailer is missing. */
function closeGroup(r: Reading, at: Segment | null): void {
  closeSet(r, at);
  const group = r.group;
  if (group === null) return;
  if (at === null || at.tag !== 'GE') {
    addGroupProblem(r, group, problem('X12_GE_MISSING', `functional group ${group.controlNumber} has no GE trailer`, { groupControlNumber: group.controlNumber, segmentTag: 'GE', ack: { group: '3' } }));
  }
  r.group = null;
}

function readGs(r: Reading, seg: Segment): void {
  closeGroup(r, null);
  const group: FunctionalGroup = {
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
  r.group = group;
  r.groups.push(group);
  if (!/^\d{1,9}$/.test(group.controlNumber)) {
    addGroupProblem(
      r,
      group,
      problem('X12_GS_INVALID', 'GS06 must be a numeric control number of 1 to 9 digits', {
        groupControlNumber: group.controlNumber,
        segmentTag: 'GS',
        position: seg.position,
        element: 6,
        value: group.controlNumber,
        ack: { group: '6' },
      }),
    );
  }
}

/** The ST's first bad element: ST01 (identifier) before ST02 (control number). */
function stProblem(group: FunctionalGroup, set: TransactionSet, seg: Segment): X12Problem | null {
  const at = (n: 1 | 2, elementRef: string, ackElement: string) => ({
    groupControlNumber: group.controlNumber,
    setControlNumber: set.controlNumber,
    segmentTag: 'ST',
    setPosition: 1,
    position: seg.position,
    element: n,
    elementRef,
    value: el(seg, n),
    ack: { segment: '8', element: ackElement, set: '5' },
  });
  if (!/^\d{3}$/.test(set.id)) return problem('X12_ST_INVALID', 'ST01 must be a 3-digit transaction set identifier', at(1, '143', '7'));
  if (!/^.{4,9}$/.test(set.controlNumber)) return problem('X12_ST_INVALID', 'ST02 must be a control number of 4 to 9 characters', at(2, '329', '4'));
  return null;
}

/** Opens a set in the open group; returns it, or null when there is no group to hold it. */
function readSt(r: Reading, seg: Segment): TransactionSet | null {
  closeSet(r, null);
  const group = r.group;
  if (group === null) {
    addInterchangeProblem(r, problem('X12_SEGMENT_OUTSIDE_GROUP', 'ST outside a GS/GE functional group', { segmentTag: 'ST', position: seg.position }));
    return null;
  }
  const set: TransactionSet = { id: el(seg, 1), controlNumber: el(seg, 2), segments: [seg], problems: [] };
  r.set = set;
  group.sets.push(set);
  const p = stProblem(group, set, seg);
  if (p) addSetProblem(r, set, p);
  return set;
}

/** SE01 must count the set's segments and SE02 repeat ST02. */
function readSe(r: Reading, seg: Segment): void {
  const set = r.set;
  if (set === null) {
    addInterchangeProblem(r, problem('X12_SEGMENT_OUTSIDE_SET', 'SE without a matching ST', { segmentTag: 'SE', position: seg.position, groupControlNumber: r.group?.controlNumber }));
    return;
  }
  set.segments.push(seg);
  const where = { groupControlNumber: r.group?.controlNumber, setControlNumber: set.controlNumber, segmentTag: 'SE', setPosition: set.segments.length, position: seg.position };
  const declared = el(seg, 1);
  if (!/^\d+$/.test(declared) || Number(declared) !== set.segments.length) {
    addSetProblem(
      r,
      set,
      problem('X12_SE_COUNT_MISMATCH', `SE01 says ${declared} segments but the set has ${set.segments.length} (ST and SE included)`, { ...where, element: 1, elementRef: '96', value: declared, ack: { set: '4' } }),
    );
  }
  if (el(seg, 2) !== set.controlNumber) {
    addSetProblem(r, set, problem('X12_SE_CONTROL_MISMATCH', `SE02 ${el(seg, 2)} does not match ST02 ${set.controlNumber}`, { ...where, element: 2, elementRef: '329', value: el(seg, 2), ack: { set: '3' } }));
  }
  closeSet(r, seg);
}

/** GE01 must count the group's sets and GE02 repeat GS06. */
function readGe(r: Reading, seg: Segment): void {
  const group = r.group;
  if (group === null) {
    addInterchangeProblem(r, problem('X12_SEGMENT_OUTSIDE_GROUP', 'GE without a matching GS', { segmentTag: 'GE', position: seg.position }));
    return;
  }
  closeSet(r, seg);
  const where = { groupControlNumber: group.controlNumber, segmentTag: 'GE', position: seg.position };
  const declared = el(seg, 1);
  if (!/^\d+$/.test(declared) || Number(declared) !== group.sets.length) {
    addGroupProblem(r, group, problem('X12_GE_COUNT_MISMATCH', `GE01 says ${declared} transaction sets but the group has ${group.sets.length}`, { ...where, element: 1, value: declared, ack: { group: '5' } }));
  }
  if (el(seg, 2) !== group.controlNumber) {
    addGroupProblem(r, group, problem('X12_GE_CONTROL_MISMATCH', `GE02 ${el(seg, 2)} does not match GS06 ${group.controlNumber}`, { ...where, element: 2, value: el(seg, 2), ack: { group: '4' } }));
  }
  closeGroup(r, seg);
}

/** IEA01 must count the groups and IEA02 repeat ISA13. */
function readIea(r: Reading, seg: Segment): void {
  closeGroup(r, null);
  r.iea = seg;
  const declared = el(seg, 1);
  if (!/^\d+$/.test(declared) || Number(declared) !== r.groups.length) {
    addInterchangeProblem(r, problem('X12_IEA_COUNT_MISMATCH', `IEA01 says ${declared} functional groups but the interchange has ${r.groups.length}`, { segmentTag: 'IEA', position: seg.position, element: 1, value: declared }));
  }
  if (el(seg, 2) !== r.header.controlNumber) {
    addInterchangeProblem(r, problem('X12_IEA_CONTROL_MISMATCH', `IEA02 ${el(seg, 2)} does not match ISA13 ${r.header.controlNumber}`, { segmentTag: 'IEA', position: seg.position, element: 2, value: el(seg, 2) }));
  }
}

/** Any other segment belongs to the open set, and needs a valid tag. */
function readSetSegment(r: Reading, seg: Segment): void {
  const set = r.set;
  if (set === null) {
    const code = r.group === null ? 'X12_SEGMENT_OUTSIDE_GROUP' : 'X12_SEGMENT_OUTSIDE_SET';
    addInterchangeProblem(r, problem(code, `segment ${seg.tag} is outside a transaction set`, { segmentTag: seg.tag, position: seg.position, groupControlNumber: r.group?.controlNumber }));
    return;
  }
  set.segments.push(seg);
  if (!TAG.test(seg.tag)) {
    addSetProblem(
      r,
      set,
      problem('X12_SEGMENT_TAG_INVALID', `${JSON.stringify(seg.tag)} is not a segment identifier`, {
        groupControlNumber: r.group?.controlNumber,
        setControlNumber: set.controlNumber,
        segmentTag: seg.tag.slice(0, 3),
        setPosition: set.segments.length,
        position: seg.position,
        ack: { segment: '1', set: '5' },
      }),
    );
  }
}

/** Reads one segment; returns the set it belongs to, if any (ST opens one, SE closes it). */
function readSegment(r: Reading, seg: Segment): TransactionSet | null {
  switch (seg.tag) {
    case 'GS':
      readGs(r, seg);
      return null;
    case 'ST':
      return readSt(r, seg);
    case 'GE':
      readGe(r, seg);
      return null;
    case 'IEA':
      readIea(r, seg);
      return null;
    case 'SE': {
      const set = r.set;
      readSe(r, seg);
      return set;
    }
    default: {
      const set = r.set;
      readSetSegment(r, seg);
      return set;
    }
  }
}

/** Inside a set the set alone is rejected (AK4 code 6, invalid character); elsewhere the interchange is unreadable. */
function reportBadCharacter(r: Reading, seg: Segment, bad: { element: number; message: string }, holder: TransactionSet | null): void {
  const tag = storableText(seg.tag.slice(0, 3));
  const message = `${tag}${String(bad.element).padStart(2, '0')} ${bad.message}`;
  if (holder === null) {
    addInterchangeProblem(r, problem('X12_ELEMENT_INVALID_CHARACTER', message, { segmentTag: tag, position: seg.position, element: bad.element }));
    return;
  }
  addSetProblem(
    r,
    holder,
    problem('X12_ELEMENT_INVALID_CHARACTER', message, {
      groupControlNumber: r.group?.controlNumber,
      setControlNumber: holder.controlNumber,
      segmentTag: tag,
      setPosition: holder.segments.indexOf(seg) + 1,
      position: seg.position,
      element: bad.element,
      ack: { segment: '8', element: '6', set: '5' },
    }),
  );
}

/** Reads an interchange. Never throws: defects come back as problems, set-level ones also on their set. */
export function parseInterchange(input: string): ParseResult {
  const text = input.replace(/^\uFEFF/, '').replace(/^\s+/, '');
  const head = readSeparators(text);
  if ('problem' in head) return { interchange: null, problems: [head.problem] };
  const { separators, isaEnd, isa } = head;
  const r: Reading = { header: headerFrom(isa), groups: [], group: null, set: null, iea: null, all: [], interchangeProblems: [] };
  checkIsa(r, isa);
  for (const seg of splitSegments(text.slice(isaEnd), separators, 2)) {
    if (r.iea !== null) {
      addInterchangeProblem(r, problem('X12_DATA_AFTER_IEA', `segment ${seg.tag} follows the IEA`, { segmentTag: seg.tag, position: seg.position }));
      break;
    }
    const bad = badCharacter(seg.elements);
    const holder = readSegment(r, seg);
    if (bad) reportBadCharacter(r, seg, bad, holder);
  }
  if (r.iea === null) {
    closeGroup(r, null);
    addInterchangeProblem(r, problem('X12_IEA_MISSING', 'the interchange has no IEA trailer', { segmentTag: 'IEA' }));
  }
  return { interchange: { separators, header: r.header, groups: r.groups, problems: r.interchangeProblems }, problems: r.all };
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
