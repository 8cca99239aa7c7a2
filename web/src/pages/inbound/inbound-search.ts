import { searchText, withoutUndefined, type InboundStatus } from '../inventory/inventory-api';

export const inboundStatuses = ['open', 'partially_received', 'received', 'cancelled'] as const satisfies readonly InboundStatus[];

/** The inbound list's filters, kept in the URL. */
export interface InboundSearch {
  status?: InboundStatus | undefined;
  location?: string | undefined;
  sku?: string | undefined;
}

const isStatus = (v: unknown): v is InboundStatus => (inboundStatuses as readonly unknown[]).includes(v);

/** Every key is returned (undefined when absent or invalid): TanStack Router keeps raw keys a validator leaves out. */
export function parseInboundSearch(raw: Record<string, unknown>): InboundSearch {
  return { status: isStatus(raw.status) ? raw.status : undefined, location: searchText(raw.location), sku: searchText(raw.sku) };
}

export const activeInboundFilters = (search: InboundSearch): InboundSearch => withoutUndefined(parseInboundSearch(search as Record<string, unknown>));
