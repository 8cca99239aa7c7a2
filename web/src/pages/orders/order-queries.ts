import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';

/** The reads of the order page, shared by its sections and invalidated together after a change. */
export const orderQueries = {
  order: (id: string) => queryOptions({ queryKey: ['order', id], queryFn: () => call(api.GET('/v1/orders/{id}', { params: { path: { id } } })) }),
  events: (id: string) => queryOptions({ queryKey: ['order', id, 'events'], queryFn: () => call(api.GET('/v1/orders/{id}/events', { params: { path: { id } } })) }),
  fulfillmentOrders: (id: string) =>
    queryOptions({ queryKey: ['order', id, 'fulfillment-orders'], queryFn: () => call(api.GET('/v1/fulfillment-orders', { params: { query: { order_id: id, limit: 100 } } })) }),
  transactions: (id: string) => queryOptions({ queryKey: ['order', id, 'transactions'], queryFn: () => call(api.GET('/v1/orders/{id}/transactions', { params: { path: { id } } })) }),
  shipments: (id: string) => queryOptions({ queryKey: ['order', id, 'shipments'], queryFn: () => call(api.GET('/v1/shipments', { params: { query: { order_id: id, limit: 100 } } })) }),
};

/** Everything under ['order', id]: the order, its timeline, payment ledger, fulfillment orders and shipments. */
export const orderKey = (id: string) => ['order', id];
