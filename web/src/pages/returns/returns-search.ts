import { searchText, withoutUndefined } from '../inventory/inventory-api';
import { returnStatuses, type ReturnStatus } from './return-api';

/** The returns queue's filters, kept in the URL. */
export interface ReturnsSearch {
  status?: ReturnStatus | undefined;
  location?: string | undefined;
}

const isStatus = (v: unknown): v is ReturnStatus => (returnStatuses as readonly unknown[]).includes(v);

/** Every key is returned (undefined when absent or invalid): TanStack Router keeps raw keys a validator leaves out. */
export function parseReturnsSearch(raw: Record<string, unknown>): ReturnsSearch {
  return { status: isStatus(raw.status) ? raw.status : undefined, location: searchText(raw.location) };
}

export const activeReturnsFilters = (search: ReturnsSearch): ReturnsSearch => withoutUndefined(parseReturnsSearch(search as Record<string, unknown>));
