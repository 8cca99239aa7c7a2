import { searchText, withoutUndefined } from '../inventory/inventory-api';
import { bands, groupings, isDay, oneOf, periods, type Band, type SatisfactionSearch } from './satisfaction-period';

/** The Satisfaction screen's filters, kept in the URL (their values: satisfaction-period.ts). Every key is returned (undefined when absent or invalid): TanStack Router keeps raw keys a validator leaves out. */
export function parseSatisfactionSearch(raw: Record<string, unknown>): SatisfactionSearch {
  return {
    period: oneOf(periods.map((p) => p.value), raw.period),
    from: isDay(raw.from) ? raw.from : undefined,
    to: isDay(raw.to) ? raw.to : undefined,
    channel: searchText(raw.channel),
    band: oneOf(Object.keys(bands) as Band[], raw.band),
    group: oneOf(groupings, raw.group),
  };
}

export const activeSatisfactionSearch = (search: SatisfactionSearch): SatisfactionSearch => withoutUndefined(parseSatisfactionSearch(search as Record<string, unknown>));
