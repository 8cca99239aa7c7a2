import { fulfillmentStatuses, type FulfillmentStatus } from './fulfillment-queries';

/** The queue's filters, kept in the URL (?location=WH1&status=released): a filtered queue is a link. */
export interface FulfillmentSearch {
  location?: string | undefined;
  status?: FulfillmentStatus | undefined;
}

const isStatus = (v: unknown): v is FulfillmentStatus => (fulfillmentStatuses as readonly unknown[]).includes(v);

/** Every key returned (undefined when absent or invalid): TanStack Router keeps raw keys a validator leaves out. */
export function parseFulfillmentSearch(raw: Record<string, unknown>): FulfillmentSearch {
  const location = typeof raw.location === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/.test(raw.location) ? raw.location : undefined;
  return { location, status: isStatus(raw.status) ? raw.status : undefined };
}
