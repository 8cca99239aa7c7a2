import { searchFlag, searchText, withoutUndefined } from './inventory-api';

/** The stock list's filters, kept in the URL (?q=…&location=…&low=true). */
export interface StockSearch {
  /** SKUs that start with this. */
  q?: string | undefined;
  /** A location code. */
  location?: string | undefined;
  low?: boolean | undefined;
}

/** Every key is returned (undefined when absent or invalid): TanStack Router keeps raw keys a validator leaves out. */
export function parseStockSearch(raw: Record<string, unknown>): StockSearch {
  return { q: searchText(raw.q), location: searchText(raw.location), low: searchFlag(raw.low) };
}

export const activeStockFilters = (search: StockSearch): StockSearch => withoutUndefined(parseStockSearch(search as Record<string, unknown>));
