import { searchText, withoutUndefined } from '../inventory/inventory-api';

/** The review queue's filters, kept in the URL. `assignee`: `me`, `none` or absent (anyone). */
export interface ReviewsSearch {
  status?: 'open' | 'closed' | undefined;
  kind?: 'fraud_review' | 'address_review' | 'verification' | undefined;
  assignee?: 'me' | 'none' | undefined;
  score_min?: number | undefined;
  country?: string | undefined;
  rule?: string | undefined;
}

const oneOf = <T extends string>(v: unknown, values: readonly T[]): T | undefined => (values as readonly unknown[]).includes(v) ? (v as T) : undefined;

/** Every key is returned (undefined when absent or invalid): TanStack Router keeps raw keys a validator leaves out. */
export function parseReviewsSearch(raw: Record<string, unknown>): ReviewsSearch {
  const score = Number(raw.score_min);
  const country = searchText(raw.country);
  return {
    status: oneOf(raw.status, ['open', 'closed'] as const),
    kind: oneOf(raw.kind, ['fraud_review', 'address_review', 'verification'] as const),
    assignee: oneOf(raw.assignee, ['me', 'none'] as const),
    score_min: Number.isInteger(score) && score >= 0 && score <= 100 && raw.score_min !== undefined && raw.score_min !== '' ? score : undefined,
    country: country && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : undefined,
    rule: searchText(raw.rule),
  };
}

export const activeReviewsSearch = (search: ReviewsSearch): ReviewsSearch => withoutUndefined(parseReviewsSearch(search as Record<string, unknown>));

export const caseKindLabel = (kind: string): string => ({ fraud_review: 'Fraud review', address_review: 'Address review', verification: 'Customer verification' })[kind] ?? kind;

/** SLA age as people say it: 45 min, 5 h, 3 d. */
export function ageLabel(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.floor(seconds / 60))} min`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} d`;
}
