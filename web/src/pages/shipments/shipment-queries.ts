import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';

type Ok<T> = T extends { responses: { 200: { content: { 'application/json': infer J } } } } ? J : never;
export type Shipment = Ok<paths['/v1/shipments/{id}']['get']>;
export type ShipmentStatus = NonNullable<NonNullable<paths['/v1/shipments']['get']['parameters']['query']>['status']>;
export type TrackingStatus = Exclude<ShipmentStatus, 'voided'>;

export const shipmentStatuses = ['label_created', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned_to_sender', 'voided'] as const satisfies readonly ShipmentStatus[];

/** A carrier's tracking page, only over http(s): a `javascript:` URL from outside never becomes a link. */
export const safeUrl = (url: string | null): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

export const shipmentQueries = {
  one: (id: string) => queryOptions({ queryKey: ['shipment', id], queryFn: () => call(api.GET('/v1/shipments/{id}', { params: { path: { id } } })) }),
};

/** Today in the user's time zone, as YYYY-MM-DD (the manifest's pickup day). */
export const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
