import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';

type Ok<T> = T extends { responses: { 200: { content: { 'application/json': infer J } } } } ? J : never;

export type FulfillmentOrder = Ok<paths['/v1/fulfillment-orders/{id}']['get']>;
export type FulfillmentStatus = FulfillmentOrder['status'];
export type PickList = Ok<paths['/v1/pick-lists/{id}']['get']>;
export type Packages = Ok<paths['/v1/fulfillment-orders/{id}/packages']['get']>['packages'];
export type Rates = Ok<paths['/v1/rates']['post']>;
export type Rate = Rates['rates'][number];
export type Box = Ok<paths['/v1/boxes']['get']>['data'][number];
export type Location = Ok<paths['/v1/locations']['get']>['data'][number];

export const fulfillmentStatuses = ['pending', 'released', 'accepted', 'picking', 'packed', 'shipped', 'rejected', 'cancel_requested', 'cancelled'] as const satisfies readonly FulfillmentStatus[];
export const rejectReasons = [
  { value: 'not_in_stock', label: 'Not in stock (the location’s available drops to zero)' },
  { value: 'damaged', label: 'Damaged' },
  { value: 'mismatch', label: 'Item does not match the listing' },
  { value: 'capacity', label: 'No capacity today' },
] as const;

/** Units a fulfillment order ships. */
export const unitsOfFo = (fo: Pick<FulfillmentOrder, 'lines'>): number => fo.lines.reduce((n, l) => n + l.quantity, 0);

/** The reads of the warehouse screens; everything under ['fulfillment'] is refreshed after a move. */
export const fulfillmentQueries = {
  one: (id: string) => queryOptions({ queryKey: ['fulfillment', 'fo', id], queryFn: () => call(api.GET('/v1/fulfillment-orders/{id}', { params: { path: { id } } })) }),
  ofOrder: (orderId: string) =>
    queryOptions({ queryKey: ['fulfillment', 'order', orderId], queryFn: () => call(api.GET('/v1/fulfillment-orders', { params: { query: { order_id: orderId, limit: 100 } } })) }),
  packages: (id: string) =>
    queryOptions({ queryKey: ['fulfillment', 'fo', id, 'packages'], queryFn: () => call(api.GET('/v1/fulfillment-orders/{id}/packages', { params: { path: { id } } })) }),
  shipments: (id: string) =>
    queryOptions({ queryKey: ['fulfillment', 'fo', id, 'shipments'], queryFn: () => call(api.GET('/v1/shipments', { params: { query: { fulfillment_order_id: id, limit: 100 } } })) }),
  pickList: (id: string) => queryOptions({ queryKey: ['fulfillment', 'pick-list', id], queryFn: () => call(api.GET('/v1/pick-lists/{id}', { params: { path: { id } } })) }),
  locations: () => queryOptions({ queryKey: ['locations'], queryFn: () => call(api.GET('/v1/locations', { params: { query: { limit: 200 } } })), staleTime: 60_000 }),
  boxes: () => queryOptions({ queryKey: ['boxes'], queryFn: () => call(api.GET('/v1/boxes', { params: { query: { limit: 200 } } })), staleTime: 60_000 }),
  product: (sku: string) => queryOptions({ queryKey: ['product', sku], queryFn: () => call(api.GET('/v1/products/{sku}', { params: { path: { sku } } })), staleTime: 60_000 }),
};
