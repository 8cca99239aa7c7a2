import { searchText, withoutUndefined } from '../inventory/inventory-api';

/** The customer list's search, kept in the URL. */
export interface CustomersSearch {
  q?: string | undefined;
}

/** Every key is returned (undefined when absent or invalid): TanStack Router keeps raw keys a validator leaves out. */
export function parseCustomersSearch(raw: Record<string, unknown>): CustomersSearch {
  return { q: searchText(raw.q) };
}

export const activeCustomersSearch = (search: CustomersSearch): CustomersSearch => withoutUndefined(parseCustomersSearch(search as Record<string, unknown>));
