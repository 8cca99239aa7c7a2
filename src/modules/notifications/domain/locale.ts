import { FALLBACK_LOCALE } from './catalog.js';

/**
 * The locale a message is written in (ADR 0034): the first of the candidates (the customer's
 * choice, then the tenant's default) that the template exists in — exactly, or as its language
 * (`de-AT` → `de`) — else English.
 */
export function chooseLocale(candidates: readonly (string | null | undefined)[], available: ReadonlySet<string>): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    if (available.has(candidate)) return candidate;
    const language = candidate.split('-')[0] ?? '';
    if (available.has(language)) return language;
  }
  return FALLBACK_LOCALE;
}
