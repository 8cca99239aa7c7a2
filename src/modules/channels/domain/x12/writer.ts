// Writing X12: segments with a partner's separators, the fixed-width ISA, and whole interchanges.
// Pure: the moment and the control numbers are arguments.

import type { Separators } from './types.js';

/** A segment to write: tag first, then data elements; trailing empty elements are dropped. */
export type SegmentData = readonly string[];

function clean(value: string, separators: Separators): string {
  // X12 has no escape character: a separator inside data would split the element, so it becomes a space.
  let out = value;
  for (const c of [separators.element, separators.subElement, separators.segment, separators.repetition]) {
    if (c !== null && c !== '') out = out.split(c).join(' ');
  }
  return out.replace(/[\r\n]/g, ' ');
}

/** Writes one segment (without its terminator), dropping trailing empty elements. */
export function writeSegment(data: SegmentData, separators: Separators): string {
  const values = data.map((v, i) => (i === 0 ? v : clean(v, separators)));
  while (values.length > 1 && values[values.length - 1] === '') values.pop();
  return values.join(separators.element);
}

export interface WriteOptions {
  /** Put a newline after every segment terminator (readable; most partners accept it). */
  newline?: boolean;
}

/** Writes segments, each followed by the segment terminator (and a newline when asked). */
export function writeSegments(segments: readonly SegmentData[], separators: Separators, options: WriteOptions = {}): string {
  const end = separators.segment + (options.newline === true && separators.segment !== '\n' ? '\n' : '');
  return segments.map((s) => writeSegment(s, separators) + end).join('');
}

export interface EnvelopeParty {
  /** ISA05/ISA07 qualifier, e.g. ZZ, 01, 12. */
  qualifier: string;
  /** ISA06/ISA08 (padded to 15). */
  id: string;
  /** GS02/GS03 application code; defaults to the ISA id. */
  applicationCode?: string;
}

export interface EnvelopeInput {
  separators: Separators;
  sender: EnvelopeParty;
  receiver: EnvelopeParty;
  /** ISA13, up to 9 digits (zero-padded). */
  interchangeControlNumber: number | string;
  /** GS06. */
  groupControlNumber: number | string;
  /** ISA12, e.g. 00401. */
  isaVersion: string;
  /** GS08, e.g. 004010. */
  gsVersion: string;
  /** GS01 functional identifier: FA for 997, PR for 855, SH for 856, IN for 810. */
  functionalId: string;
  /** The moment of writing, passed in (UTC). */
  at: Date;
  /** ISA15: P production (default) or T test. */
  usage?: string;
  /** ISA14: 0 (default) no TA1 wanted, 1 wanted. */
  ackRequested?: string;
  /** The transaction sets, each from ST to SE inclusive. */
  sets: readonly (readonly SegmentData[])[];
}

const pad = (value: string, width: number) => value.slice(0, width).padEnd(width, ' ');
const digits = (value: number | string, width: number) => String(value).padStart(width, '0');

/** YYYYMMDD and HHMM of a moment in UTC. */
export function x12DateTime(at: Date): { date: string; time: string } {
  const date = `${digits(at.getUTCFullYear(), 4)}${digits(at.getUTCMonth() + 1, 2)}${digits(at.getUTCDate(), 2)}`;
  const time = `${digits(at.getUTCHours(), 2)}${digits(at.getUTCMinutes(), 2)}`;
  return { date, time };
}

/** The fixed-width ISA (106 characters with its terminator). */
export function writeIsa(input: Omit<EnvelopeInput, 'sets' | 'groupControlNumber' | 'gsVersion' | 'functionalId'>): string {
  const s = input.separators;
  const { date, time } = x12DateTime(input.at);
  const isa11 = input.isaVersion >= '00402' && s.repetition !== null ? s.repetition : 'U';
  const fields = [
    'ISA',
    '00',
    pad('', 10),
    '00',
    pad('', 10),
    pad(input.sender.qualifier, 2),
    pad(input.sender.id, 15),
    pad(input.receiver.qualifier, 2),
    pad(input.receiver.id, 15),
    date.slice(2),
    time,
    isa11,
    pad(input.isaVersion, 5),
    digits(input.interchangeControlNumber, 9),
    input.ackRequested ?? '0',
    input.usage ?? 'P',
    s.subElement,
  ];
  return fields.join(s.element) + s.segment;
}

/** Wraps transaction sets in one GS/GE group inside an ISA/IEA interchange. */
export function writeInterchange(input: EnvelopeInput, options: WriteOptions = {}): string {
  const { date, time } = x12DateTime(input.at);
  const group = String(input.groupControlNumber);
  const body: SegmentData[] = [
    ['GS', input.functionalId, input.sender.applicationCode ?? input.sender.id.trim(), input.receiver.applicationCode ?? input.receiver.id.trim(), date, time, group, 'X', input.gsVersion],
    ...input.sets.flat(),
    ['GE', String(input.sets.length), group],
    ['IEA', '1', digits(input.interchangeControlNumber, 9)],
  ];
  const newline = options.newline === true && input.separators.segment !== '\n' ? '\n' : '';
  return writeIsa(input) + newline + writeSegments(body, input.separators, options);
}

/** Adds the SE trailer (segment count includes ST and SE) to a set's segments starting with ST. */
export function withTrailer(segments: readonly SegmentData[], controlNumber: string): SegmentData[] {
  return [...segments, ['SE', String(segments.length + 1), controlNumber]];
}

/** The envelope of a document we send: one transaction set in one group in one interchange. */
export interface OutboundEnvelope {
  separators: Separators;
  /** Us (ISA06/GS02). */
  sender: EnvelopeParty;
  /** The trading partner (ISA08/GS03). */
  receiver: EnvelopeParty;
  interchangeControlNumber: number;
  groupControlNumber: number;
  /** ST02/SE02. */
  setControlNumber: number;
  /** ISA12, e.g. 00401. */
  isaVersion: string;
  /** GS08, e.g. 004010. */
  gsVersion: string;
  at: Date;
  /** ISA15: P or T. */
  usage?: string;
}

/** A whole interchange holding one set (855, 856, 810…) under GS01 = `functionalId`. */
export function writeSingleSetInterchange(envelope: OutboundEnvelope, functionalId: string, set: readonly SegmentData[], options: WriteOptions = {}): string {
  return writeInterchange(
    {
      separators: envelope.separators,
      sender: envelope.sender,
      receiver: envelope.receiver,
      interchangeControlNumber: envelope.interchangeControlNumber,
      groupControlNumber: envelope.groupControlNumber,
      isaVersion: envelope.isaVersion,
      gsVersion: envelope.gsVersion,
      functionalId,
      at: envelope.at,
      ...(envelope.usage === undefined ? {} : { usage: envelope.usage }),
      sets: [set],
    },
    options,
  );
}
