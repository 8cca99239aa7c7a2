/** The manifest chosen, in the URL (?carrier=…&location=…&date=YYYY-MM-DD): a link to print again. */
export interface ManifestsSearch {
  carrier?: string | undefined;
  location?: string | undefined;
  date?: string | undefined;
}

const code = (v: unknown): string | undefined => (typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/.test(v) ? v : undefined);

export function parseManifestsSearch(raw: Record<string, unknown>): ManifestsSearch {
  return { carrier: code(raw.carrier), location: code(raw.location), date: typeof raw.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw.date) ? raw.date : undefined };
}
