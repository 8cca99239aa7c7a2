import type { paths } from './schema';

/**
 * Routes and fields that other branches are adding right now (search, notes and tags),
 * typed from their agreed contract so the console can be built against them. Each entry overrides the generated one of the same path in `Paths` (client.ts). Delete an entry as
 * soon as its branch is merged and `npm run docs` has put the real route into schema.d.ts.
 */

type Json<T> = { headers: Record<string, unknown>; content: { 'application/json': T } };
type Operation<Res, Query = never, Body = never, Path = never> = {
  parameters: { query?: Query; header?: never; cookie?: never } & ([Path] extends [never] ? { path?: never } : { path: Path });
  responses: Res;
} & ([Body] extends [never] ? { requestBody?: never } : { requestBody: { content: { 'application/json': Body } } });
interface PathItem {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  get?: never;
  put?: never;
  post?: never;
  delete?: never;
  options?: never;
  head?: never;
  patch?: never;
  trace?: never;
}

type GeneratedOrder = paths['/v1/orders/{id}']['get']['responses'][200]['content']['application/json'];
export type OrderStatus = GeneratedOrder['status'];
/** Search branch: what a table row shows, in the list answer. */
export interface OrderListFields {
  number?: number;
  channel_order_name?: string | null;
  channel_name?: string;
  units?: { ordered: number; allocated: number; backordered: number; shipped: number; cancelled: number };
  ship_by?: string | null;
  late?: boolean;
}
export type OrderWithListFields = GeneratedOrder & OrderListFields;

export interface OrderListQuery {
  q?: string;
  external_id?: string;
  channel?: string;
  tag?: string;
  status?: OrderStatus[];
  has_backorder?: boolean;
  late?: boolean;
  sort?: '-created_at' | 'created_at' | '-total' | 'ship_by';
  created_from?: string;
  created_to?: string;
  customer_email?: string;
  sku?: string;
  limit?: number;
  cursor?: string;
}

type OrderId = { id: string };

export interface PendingPaths {
  '/v1/orders': Omit<PathItem, 'get' | 'post'> & {
    get: Operation<{ 200: Json<{ data: OrderWithListFields[]; next_cursor: string | null }> }, OrderListQuery>;
    post: paths['/v1/orders']['post'];
  };
  '/v1/orders/{id}/notes': Omit<PathItem, 'post'> & { post: Operation<{ 201: Json<unknown>; 200: Json<unknown> }, never, { text: string }, OrderId> };
  '/v1/orders/{id}/tags': Omit<PathItem, 'put'> & { put: Operation<{ 200: Json<unknown> }, never, { tags: string[] }, OrderId> };
}
