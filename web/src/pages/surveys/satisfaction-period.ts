/**
 * The Satisfaction screen's periods, score bands and figures: pure (no imports), so they are tested
 * without a browser (test/web/satisfaction-period.test.ts). The URL's parsing is satisfaction-search.ts.
 */
export const groupings = ['channel', 'week', 'month'] as const;
export type Grouping = (typeof groupings)[number];

/** Score bands as NPS names them; each is a `score_min`/`score_max` of GET /v1/survey-responses. */
export const bands = {
  promoters: { label: 'Promoters (9–10)', score_min: 9, score_max: 10 },
  passives: { label: 'Passives (7–8)', score_min: 7, score_max: 8 },
  detractors: { label: 'Detractors (0–6)', score_min: 0, score_max: 6 },
} as const;
export type Band = keyof typeof bands;

/** Last N days, or a range of UTC days chosen by hand (`from`, `to` both inclusive). */
export const periods = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
  { value: '365', label: 'Last 365 days' },
  { value: 'range', label: 'Dates…' },
] as const;
export type Period = (typeof periods)[number]['value'];

/** The screen's filters as the URL keeps them. */
export interface SatisfactionSearch {
  period?: Period | undefined;
  from?: string | undefined;
  to?: string | undefined;
  channel?: string | undefined;
  band?: Band | undefined;
  group?: Grouping | undefined;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day (2026-02-30 is not: Date would roll it over to March). */
export function isDay(v: unknown): v is string {
  if (typeof v !== 'string' || !DAY.test(v)) return false;
  const ms = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(v);
}
export const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined => (list as readonly unknown[]).includes(v) ? (v as T) : undefined;

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const startOf = (d: string): number => Date.parse(`${d}T00:00:00Z`);

/**
 * The instants the API takes ([from, to), ISO 8601) and the days shown (both inclusive). The last N
 * days include today; a hand-chosen range missing an end is open there; a reversed range is swapped.
 * Default: the last 90 days.
 */
export function periodOf(search: SatisfactionSearch, now: Date): { from?: string; to?: string; firstDay?: string; lastDay?: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const period = search.period ?? '90';
  if (period !== 'range') {
    const first = today - (Number(period) - 1) * 86_400_000;
    return { from: new Date(first).toISOString(), to: new Date(today + 86_400_000).toISOString(), firstDay: day(first), lastDay: day(today) };
  }
  let [a, b] = [search.from, search.to];
  if (a && b && a > b) [a, b] = [b, a];
  return {
    ...(a ? { from: new Date(startOf(a)).toISOString(), firstDay: a } : {}),
    ...(b ? { to: new Date(startOf(b) + 86_400_000).toISOString(), lastDay: b } : {}),
  };
}

/** NPS as people read it: "+25", "−12.5", "0"; "—" with no responses. */
export const formatNps = (nps: number | null): string => (nps === null ? '—' : nps > 0 ? `+${nps.toLocaleString('en-US')}` : nps < 0 ? `−${Math.abs(nps).toLocaleString('en-US')}` : '0');

/** A part of the responses as a whole percent ("40 %"); "—" of none. */
export const share = (part: number, whole: number): string => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)} %`);
