import type { Db } from '../../platform/db/database.js';
import type { PageRequest } from '../../platform/db/keyset.js';
import { page } from '../../platform/http/pagination.js';
import { channelIdsMatching } from '../../modules/channels/index.js';
import { classifySearch, dayOf, listOrders, sortKeyOf, type OrderFilter, type HoldType, type OrderSort, type OrderStatus } from '../../modules/orders/index.js';
import { orderIdsWithTrackingNumber, trackingNumberSpellings } from '../../modules/shipping/index.js';
import { loadOrderViews, type OrderView } from './steps/order-view.js';

export interface OrderListQuery {
  q?: string | undefined;
  external_id?: string | undefined;
  /** A channel's id, name (any case) or type (`shopify`…), or the free name an API caller captured with (`web`). */
  channel?: string | undefined;
  tag?: string | undefined;
  statuses?: OrderStatus[] | undefined;
  has_backorder?: boolean | undefined;
  held?: boolean | undefined;
  hold_types?: HoldType[] | undefined;
  late?: boolean | undefined;
  /** The zone whose today `late` is judged against (default UTC). */
  tz?: string | undefined;
  created_from?: string | undefined;
  created_to?: string | undefined;
  customer_email?: string | undefined;
  /** GET /v1/customers/{id}/orders (not a query parameter of GET /v1/orders). */
  customer_id?: string | undefined;
  sku?: string | undefined;
  sort: OrderSort;
}

/** Who lists: a channel key sees only its own channel's orders. */
export interface Lister {
  tenantId: string;
  channelId?: string | undefined;
}

/**
 * GET /v1/orders: the console's order list and its search box. What other modules know is read
 * first (a channel named by name or type, the order of a tracking number), then one query over
 * orders, then the page's views in a fixed number of queries.
 */
export async function listOrderViews(db: Db, who: Lister, query: OrderListQuery, request: PageRequest, now: Date): Promise<{ data: OrderView[]; next_cursor: string | null }> {
  const filter = await orderFilterOf(db, who, query, now);
  if (!filter) return { data: [], next_cursor: null };
  const rows = await listOrders(db, who.tenantId, filter, request, query.sort);
  const { data, next_cursor } = page(rows, request, (r) => sortKeyOf(query.sort, r));
  return { data: await loadOrderViews(db, who.tenantId, data, now, query.tz), next_cursor };
}

/** The filter over orders; undefined when nothing can match (a channel key naming another channel). */
async function orderFilterOf(db: Db, who: Lister, query: OrderListQuery, now: Date): Promise<OrderFilter | undefined> {
  let channels: string[] | undefined;
  if (query.channel !== undefined) channels = [query.channel, ...(await channelIdsMatching(db, who.tenantId, query.channel))];
  if (who.channelId !== undefined) {
    if (channels && !channels.includes(who.channelId)) return undefined;
    channels = [who.channelId];
  }
  const filter: OrderFilter = {
    ...(query.statuses ? { statuses: query.statuses } : {}),
    ...(channels ? { channels } : {}),
    ...(query.created_from ? { createdFrom: new Date(query.created_from) } : {}),
    ...(query.created_to ? { createdTo: new Date(query.created_to) } : {}),
    ...(query.customer_email ? { customerEmail: query.customer_email } : {}),
    ...(query.customer_id ? { customerId: query.customer_id } : {}),
    ...(query.sku ? { sku: query.sku } : {}),
    ...(query.external_id ? { externalId: query.external_id } : {}),
    ...(query.tag ? { tag: query.tag } : {}),
    ...(query.has_backorder !== undefined ? { hasBackorder: query.has_backorder } : {}),
    ...(query.held !== undefined ? { held: query.held } : {}),
    ...(query.hold_types ? { holdTypes: query.hold_types } : {}),
    ...(query.late === true ? { lateOn: dayOf(now, query.tz) } : {}),
  };
  if (query.q !== undefined) {
    const probes = classifySearch(query.q);
    const orderIds = probes.trackingNumber ? await orderIdsWithTrackingNumber(db, who.tenantId, trackingNumberSpellings(query.q)) : [];
    filter.search = { probes, orderIds };
  }
  return filter;
}
