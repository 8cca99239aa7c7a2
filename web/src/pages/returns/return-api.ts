import { queryOptions } from '@tanstack/react-query';
import { api, call, isProblem } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Return, ReturnReason, ReturnStatus } from '../../api/types';

export type { RefundPreview, Return, ReturnAnalytics, ReturnPolicy, ReturnListItem, ReturnReason, ReturnStatus } from '../../api/types';

export const returnStatuses = ['requested', 'approved', 'in_transit', 'partially_received', 'received', 'inspected', 'closed', 'declined', 'cancelled'] as const satisfies readonly ReturnStatus[];

/** What a received unit becomes (POST /v1/returns/{id}/receipts), as the receiving clerk reads it. */
export const dispositions = [
  { value: 'restock', label: 'Restock (sellable)' },
  { value: 'quarantine', label: 'Quarantine / damaged' },
  { value: 'refurbish', label: 'Refurbish' },
  { value: 'return_to_vendor', label: 'Return to vendor' },
  { value: 'scrap', label: 'Scrap' },
  { value: 'missing', label: 'Missing from the parcel' },
] as const;
export type Disposition = (typeof dispositions)[number]['value'];

/** The reads of the return screens; everything under ['returns'] is refreshed after a change. */
export const returnQueries = {
  one: (id: string) => queryOptions({ queryKey: ['returns', 'one', id], queryFn: () => call(api.GET('/v1/returns/{id}', { params: { path: { id } } })) }),
  ofOrder: (orderId: string) => queryOptions({ queryKey: ['returns', 'order', orderId], queryFn: () => call(api.GET('/v1/orders/{id}/returns', { params: { path: { id: orderId } } })) }),
  preview: (id: string) => queryOptions({ queryKey: ['returns', 'one', id, 'preview'], queryFn: () => call(api.GET('/v1/returns/{id}/refund-preview', { params: { path: { id } } })) }),
  reasons: () => queryOptions({ queryKey: ['returns', 'reasons'], queryFn: () => call(api.GET('/v1/return-reasons')), staleTime: 60_000 }),
  policy: () => queryOptions({ queryKey: ['returns', 'policy'], queryFn: () => call(api.GET('/v1/return-policy')) }),
  analytics: (query: { from: string; to: string; group_by: AnalyticsGroup }) =>
    queryOptions({ queryKey: ['returns', 'analytics', query], queryFn: () => call(api.GET('/v1/analytics/returns', { params: { query } })) }),
};

/** How the goods come back (ADR 0023): method, carrier, tracking number, cost, downloadable formats. */
export type ReturnShipping = paths['/v1/returns/{id}/shipping']['get']['responses'][200]['content']['application/json'];
export type ReturnExchange = NonNullable<Return['exchange']>;
export type ExchangeBody = paths['/v1/returns/{id}/exchange']['post']['requestBody']['content']['application/json'];

/** GET …/shipping, or null while nothing is arranged (its 404 RETURN_LABEL_NOT_FOUND is that answer, not an error). */
export const returnShippingQuery = (id: string) =>
  queryOptions({
    queryKey: ['returns', 'one', id, 'shipping'],
    queryFn: async (): Promise<ReturnShipping | null> => {
      try {
        return await call(api.GET('/v1/returns/{id}/shipping', { params: { path: { id } } }));
      } catch (e) {
        if (isProblem(e) && e.code === 'RETURN_LABEL_NOT_FOUND') return null;
        throw e;
      }
    },
  });

export type AnalyticsGroup = 'sku' | 'reason' | 'channel';

export const unitsOfReturn = (r: Pick<Return, 'lines'>): number => r.lines.reduce((n, l) => n + l.quantity, 0);
/** The reasons' labels (defective → "Defective"), the code when the tenant no longer has it. */
export const reasonLabel = (reasons: readonly ReturnReason[] | undefined, code: string): string => reasons?.find((r) => r.code === code)?.label ?? code.replaceAll('_', ' ');
