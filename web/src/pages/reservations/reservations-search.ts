import { searchText, withoutUndefined, type CheckoutReservation } from '../inventory/inventory-api';

type Status = CheckoutReservation['status'];
export const reservationStatuses = ['active', 'expired', 'released', 'consumed'] as const satisfies readonly Status[];

/** The checkout holds list's filters, kept in the URL. */
export interface ReservationsSearch {
  status?: Status | undefined;
  channel?: string | undefined;
  sku?: string | undefined;
}

const isStatus = (v: unknown): v is Status => (reservationStatuses as readonly unknown[]).includes(v);

/** Every key is returned (undefined when absent or invalid): TanStack Router keeps raw keys a validator leaves out. */
export function parseReservationsSearch(raw: Record<string, unknown>): ReservationsSearch {
  return { status: isStatus(raw.status) ? raw.status : undefined, channel: searchText(raw.channel), sku: searchText(raw.sku) };
}

export const activeReservationFilters = (search: ReservationsSearch): ReservationsSearch => withoutUndefined(parseReservationsSearch(search as Record<string, unknown>));
