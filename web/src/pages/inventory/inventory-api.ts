import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';

/** Names for the inventory area's generated shapes, and the reads its screens share. */
type Ok<T> = T extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;
export type StockLevel = Ok<paths['/v1/inventory']['get']>['data'][number];
export type SkuStock = Ok<paths['/v1/inventory/{sku}']['get']>;
export type Product = Ok<paths['/v1/products/{sku}']['get']>;
export type ProductBody = NonNullable<paths['/v1/products/{sku}']['put']['requestBody']>['content']['application/json'];
export type Location = Ok<paths['/v1/locations']['get']>['data'][number];
export type Inbound = Ok<paths['/v1/inbound/{id}']['get']>;
export type InboundStatus = Inbound['status'];
export type CheckoutReservation = Ok<paths['/v1/reservations']['get']>['data'][number];
export type StockMovement = Ok<paths['/v1/inventory/{sku}/movements']['get']>['data'][number];
export type StockAlert = Ok<paths['/v1/stock-alerts']['get']>['data'][number];
type AdjustmentBody = NonNullable<paths['/v1/inventory/adjustments']['post']['requestBody']>['content']['application/json'];
export type AdjustmentReason = Extract<AdjustmentBody, { reason: unknown }>['reason'];

export const inventoryQueries = {
  /** Every location (a tenant has tens, not thousands): for pickers and labels. */
  locations: () => queryOptions({ queryKey: ['locations', 'all'], queryFn: () => call(api.GET('/v1/locations', { params: { query: { limit: 500 } } })), staleTime: 60_000 }),
  skuStock: (sku: string) => queryOptions({ queryKey: ['inventory', 'sku', sku], queryFn: () => call(api.GET('/v1/inventory/{sku}', { params: { path: { sku } } })) }),
  product: (sku: string) => queryOptions({ queryKey: ['products', sku], queryFn: () => call(api.GET('/v1/products/{sku}', { params: { path: { sku } } })) }),
  inbound: (id: string) => queryOptions({ queryKey: ['inbound', id], queryFn: () => call(api.GET('/v1/inbound/{id}', { params: { path: { id } } })) }),
};

/** Location pickers: `CODE — Name`, active ones first. */
export const locationOptions = (locations: Location[]) =>
  [...locations].sort((a, b) => Number(b.active) - Number(a.active) || a.code.localeCompare(b.code)).map((l) => ({ value: l.code, label: `${l.code} — ${l.name}${l.active ? '' : ' (inactive)'}` }));

/** Text fields of the URL: trimmed, bounded, undefined when empty. */
export const searchText = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 100) : undefined);
export const searchFlag = (v: unknown): boolean | undefined => (v === true || v === 'true' ? true : undefined);
export const withoutUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
