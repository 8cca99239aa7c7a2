// 997 functional acknowledgement for a received interchange: one 997 per received functional group,
// written with the separators the partner declared, sender and receiver swapped.
// Control numbers and the moment come in as arguments.

import type { Interchange, FunctionalGroup, TransactionSet, X12Problem } from './types.js';
import { writeInterchange, withTrailer, type SegmentData, type WriteOptions } from './writer.js';

export type AckStatus = 'A' | 'P' | 'R';

export interface Ack997Input {
  interchange: Interchange;
  /** Problems found beyond the envelope (e.g. from map850), matched to sets by groupControlNumber + setControlNumber. */
  contentProblems?: readonly X12Problem[];
  interchangeControlNumber: number;
  groupControlNumber: number;
  /** ST02 of the first 997; each further 997 (one per received group) takes the next number. */
  firstSetControlNumber: number;
  at: Date;
  /** ISA15 of the answer; defaults to the received ISA15. */
  usage?: string;
}

export interface Ack997GroupSummary {
  functionalId: string;
  controlNumber: string;
  status: AckStatus;
  received: number;
  accepted: number;
  sets: { id: string; controlNumber: string; status: 'A' | 'R' }[];
}

export interface Ack997Result {
  x12: string;
  groups: Ack997GroupSummary[];
}

const unique = (codes: readonly (string | undefined)[]) => [...new Set(codes.filter((c): c is string => c !== undefined && c !== ''))];

function problemsOf(set: TransactionSet, group: FunctionalGroup, extra: readonly X12Problem[]): X12Problem[] {
  return [...set.problems, ...extra.filter((p) => p.setControlNumber === set.controlNumber && (p.groupControlNumber === undefined || p.groupControlNumber === group.controlNumber))];
}

/** AK2 … AK5 for one received transaction set. */
export function setResponse(set: TransactionSet, problems: readonly X12Problem[]): { segments: SegmentData[]; accepted: boolean } {
  const segments: SegmentData[] = [['AK2', set.id, set.controlNumber]];
  // One AK3 per segment in error, with an AK4 per element in error under it.
  const bySegment = new Map<string, X12Problem[]>();
  for (const p of problems) {
    if (p.ack.segment === undefined || p.segmentTag === undefined || p.setPosition === undefined) continue;
    const key = `${p.setPosition}:${p.segmentTag}`;
    bySegment.set(key, [...(bySegment.get(key) ?? []), p]);
  }
  for (const list of bySegment.values()) {
    const first = list[0] as X12Problem;
    const segmentCode = list.some((p) => p.ack.element !== undefined) ? '8' : (first.ack.segment ?? '8');
    segments.push(['AK3', first.segmentTag ?? '', String(first.setPosition), '', segmentCode]);
    for (const p of list) {
      if (p.ack.element === undefined || p.element === undefined) continue;
      segments.push(['AK4', String(p.element), p.elementRef ?? '', p.ack.element, (p.value ?? '').slice(0, 99)]);
    }
  }
  const accepted = problems.length === 0;
  if (accepted) segments.push(['AK5', 'A']);
  else segments.push(['AK5', 'R', ...unique(problems.map((p) => p.ack.set ?? '5')).slice(0, 5)]);
  return { segments, accepted };
}

/** The 997 transaction set (ST … SE) answering one received group. */
export function groupResponse(group: FunctionalGroup, extra: readonly X12Problem[], setControlNumber: string): { segments: SegmentData[]; summary: Ack997GroupSummary } {
  const body: SegmentData[] = [
    ['ST', '997', setControlNumber],
    ['AK1', group.functionalId, group.controlNumber],
  ];
  const sets: Ack997GroupSummary['sets'] = [];
  for (const set of group.sets) {
    const { segments, accepted } = setResponse(set, problemsOf(set, group, extra));
    body.push(...segments);
    sets.push({ id: set.id, controlNumber: set.controlNumber, status: accepted ? 'A' : 'R' });
  }
  const received = group.sets.length;
  const accepted = sets.filter((s) => s.status === 'A').length;
  const groupCodes = unique(group.problems.map((p) => p.ack.group)).slice(0, 5);
  const status: AckStatus = groupCodes.length > 0 || accepted === 0 ? 'R' : accepted < received ? 'P' : 'A';
  body.push(['AK9', status, String(received), String(received), String(accepted), ...groupCodes]);
  return {
    segments: withTrailer(body, setControlNumber),
    summary: { functionalId: group.functionalId, controlNumber: group.controlNumber, status, received, accepted, sets },
  };
}

/** Builds the whole 997 interchange answering `input.interchange`. */
export function buildAck997(input: Ack997Input, options: WriteOptions = {}): Ack997Result {
  const { interchange } = input;
  const extra = input.contentProblems ?? [];
  const responses = interchange.groups.map((group, i) => groupResponse(group, extra, String(input.firstSetControlNumber + i).padStart(4, '0')));
  const firstGroup = interchange.groups[0];
  const x12 = writeInterchange(
    {
      separators: interchange.separators,
      sender: { qualifier: interchange.header.receiverQualifier, id: interchange.header.receiverId, applicationCode: firstGroup?.receiverId ?? interchange.header.receiverId },
      receiver: { qualifier: interchange.header.senderQualifier, id: interchange.header.senderId, applicationCode: firstGroup?.senderId ?? interchange.header.senderId },
      interchangeControlNumber: input.interchangeControlNumber,
      groupControlNumber: input.groupControlNumber,
      isaVersion: interchange.header.version,
      gsVersion: firstGroup?.version ?? '004010',
      functionalId: 'FA',
      at: input.at,
      usage: input.usage ?? interchange.header.usage,
      sets: responses.map((r) => r.segments),
    },
    options,
  );
  return { x12, groups: responses.map((r) => r.summary) };
}
