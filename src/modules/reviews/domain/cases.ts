/**
 * Review cases (ADR 0031): one per order × kind while open, opened with the hold it decides.
 * Pure: what a case is, which holds open one, and the age a reviewer's SLA is measured by.
 */
export const caseKinds = ['fraud_review', 'address_review', 'verification'] as const;
export type CaseKind = (typeof caseKinds)[number];
export const caseStatuses = ['open', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
/** `cancelled`: nobody decided; the order was cancelled by another route while the case was open. */
export const resolutions = ['approved', 'rejected', 'cancelled'] as const;
export type Resolution = (typeof resolutions)[number];

/** The hold types that open a case when placed (every other type is staff's or a flow's own). */
export function isCaseKind(holdType: string): holdType is CaseKind {
  return (caseKinds as readonly string[]).includes(holdType);
}

/**
 * What the opener knows about why the order is held: screening's decision (score, the rules that
 * matched, the sentences a support agent reads) or an address check's findings. All optional.
 */
export interface ReviewDetails {
  score?: number | null;
  rules?: string[];
  sentences?: string[];
  /** Anything else worth keeping with the case (e.g. the rule set version, signals). */
  details?: Record<string, unknown> | null;
}

/** SLA age in whole seconds at `now` (computed on read, never stored). */
export function ageSeconds(openedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - openedAt.getTime()) / 1000));
}

/** Details merged over what a case has: later sentences and rules are added, a score replaced. */
export function mergeDetails(current: { score: number | null; rules: string[]; sentences: string[]; details: Record<string, unknown> | null }, add: ReviewDetails) {
  const unique = (xs: string[]) => [...new Set(xs)];
  return {
    score: add.score ?? current.score,
    rules: unique([...current.rules, ...(add.rules ?? [])]),
    sentences: unique([...current.sentences, ...(add.sentences ?? [])]),
    details: add.details ? { ...(current.details ?? {}), ...add.details } : current.details,
  };
}
