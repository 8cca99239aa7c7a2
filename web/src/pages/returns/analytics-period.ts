/**
 * The periods the returns analytics offers, as the API takes them: [from, to) in UTC days. Pure, so
 * "the last 30 days" is tested without a browser.
 */
export const periods = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
  { value: '365', label: 'Last 365 days' },
] as const;

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** The last `days` days, today included: from = today − (days − 1), to = tomorrow (exclusive). */
export function lastDays(days: number, now: Date): { from: string; to: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { from: day(new Date(today - (days - 1) * 86_400_000)), to: day(new Date(today + 86_400_000)) };
}

/** A rate as people read it: "12.5 %", "—" when nothing shipped. */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toLocaleString('en-US')} %`);

/** Seconds as the longest sensible unit: "45 min", "3.5 h", "2.1 d"; "—" when nothing was measured. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  if (seconds < 172_800) return `${(Math.round(seconds / 360) / 10).toLocaleString('en-US')} h`;
  return `${(Math.round(seconds / 8640) / 10).toLocaleString('en-US')} d`;
}
