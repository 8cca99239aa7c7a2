/**
 * Net Promoter Score arithmetic (ADR 0037), pure. A score 9–10 is a promoter, 7–8 a passive,
 * 0–6 a detractor; NPS = % promoters − % detractors, from −100 to 100, one decimal, computed from
 * the integer counts (never from rounded percentages), null when nobody answered.
 */
export const SCORE_MIN = 0;
export const SCORE_MAX = 10;
export const COMMENT_MAX = 2000;

export type ScoreCategory = 'promoter' | 'passive' | 'detractor';

export function categoryOf(score: number): ScoreCategory {
  if (!isScore(score)) throw new RangeError(`not a 0–10 score: ${score}`);
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

export function isScore(value: number): boolean {
  return Number.isInteger(value) && value >= SCORE_MIN && value <= SCORE_MAX;
}

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface Nps extends NpsCounts {
  responses: number;
  nps: number | null;
}

/**
 * The score of counts: 1000 × (P − D) / N rounded half away from zero, then tenths — so
 * 1 promoter and 2 passives is 33.3, 2 of 3 promoters 66.7, and −1/6 is −16.7 (not −16.6).
 */
export function npsOf(c: NpsCounts): Nps {
  for (const [name, value] of Object.entries(c)) if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} is not a count: ${value}`);
  const responses = c.promoters + c.passives + c.detractors;
  if (responses === 0) return { responses, ...c, nps: null };
  const diff = c.promoters - c.detractors;
  const tenths = Math.round((Math.abs(diff) * 1000) / responses);
  return { responses, ...c, nps: diff < 0 ? -tenths / 10 : tenths / 10 };
}

/** The counts of a list of scores (what SQL's `count(*) filter` gives; used by the tests as an oracle). */
export function countScores(scores: readonly number[]): NpsCounts {
  const counts: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const s of scores) counts[`${categoryOf(s)}s` as keyof NpsCounts]++;
  return counts;
}

export const npsGroupings = ['channel', 'month', 'week'] as const;
export type NpsGrouping = (typeof npsGroupings)[number];

/** How long a survey link lives after delivery. */
export const SURVEY_TTL_MS = 30 * 24 * 3600 * 1000;
