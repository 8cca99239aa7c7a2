import { and, eq, exists, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { keyset, type Keyset, type PageRequest } from '../../../platform/db/keyset.js';
import type { OrderStatus } from '../domain/lifecycle.js';
import { waitingStatuses, type OrderSearch } from '../domain/search.js';
import type { HoldType } from '../domain/holds.js';
import { orderHolds, orderLines, orders } from './schema.js';
import type { OrderRow } from './orders.queries.js';

export interface OrderFilter {
  statuses?: OrderStatus[];
  /** Any of these values of `orders.channel` (a channel's id, or the free name an API caller gave). */
  channels?: string[];
  createdFrom?: Date;
  createdTo?: Date;
  customerEmail?: string;
  /** The customers module's record (migrations/0046_customers.sql). */
  customerId?: string;
  sku?: string;
  externalId?: string;
  tag?: string;
  hasBackorder?: boolean;
  /** true: orders with an active hold; false: orders without (ADR 0025). */
  held?: boolean;
  /** Orders with an active hold of any of these types. */
  holdTypes?: HoldType[];
  /** Late on this day (`YYYY-MM-DD`): still waiting to leave, ship-by before it. */
  lateOn?: string;
  /** The search box: orders matching any of its probes (or one of `orderIds`, found elsewhere: tracking numbers). */
  search?: { probes: OrderSearch; orderIds: string[] };
}

/** The sorts of GET /v1/orders; each pages by its own key (platform/db/keyset.ts), served by an index of migration 0037. */
export const orderSorts = ['-created_at', 'created_at', '-total', 'ship_by'] as const;
export type OrderSort = (typeof orderSorts)[number];

/** Orders without a ship-by date sort after every dated one. */
const shipByKey = sql`coalesce(${orders.shipBy}, 'infinity'::date)`;

/** The key a cursor of each sort carries, as text: what `page()` stores and `keyset()` compares. */
export function sortKeyOf(sort: OrderSort, row: OrderRow): string[] {
  if (sort === '-total') return [String(row.totalMinor), row.id];
  if (sort === 'ship_by') return [row.shipBy ?? 'infinity', row.id];
  return [row.id];
}

/** What a cursor of each sort looks like (a cursor of another sort answers 400). */
export function sortCursorPattern(sort: OrderSort): RegExp {
  if (sort === '-total') return /^\d{1,18}\nord_[0-9a-z]{26}$/;
  if (sort === 'ship_by') return /^(\d{4}-\d{2}-\d{2}|infinity)\nord_[0-9a-z]{26}$/;
  return /^ord_[0-9a-z]{26}$/;
}

function sortKeyset(sort: OrderSort, page: PageRequest): Keyset {
  switch (sort) {
    case '-created_at':
      return keyset([orders.id], page, 'newest_first');
    case 'created_at':
      return keyset([orders.id], page, 'oldest_first');
    case '-total':
      return keyset([orders.totalMinor, orders.id], page, 'newest_first');
    case 'ship_by':
      return keyset([shipByKey, orders.id], page, 'by_key');
  }
}

/** `like` takes % and _ as wildcards: a typed prefix matches only itself. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The ids of the orders the search box finds: a union of index probes, each on a search key of
 * migrations/0037_order_search.sql (generated columns: lower-case name, last name, reversed phone
 * digits, order name without '#'), each read from its index alone.
 */
function searchIds(tenantId: string, search: NonNullable<OrderFilter['search']>, pageOfIds?: { descending: boolean; after: string | undefined; limit: number }): SQL {
  const s = search.probes;
  const own = (condition: SQL) => sql`select id from orders where tenant_id = ${tenantId} and ${condition}`;
  const probes: SQL[] = [];
  if (s.id !== undefined) probes.push(own(sql`id = ${s.id}`));
  if (s.number !== undefined) probes.push(own(sql`number = ${s.number}`));
  if (s.channelOrderName !== undefined) probes.push(own(sql`search_order_name = ${s.channelOrderName}`));
  if (s.externalId !== undefined) probes.push(own(sql`external_id = ${s.externalId}`));
  if (s.email !== undefined) probes.push(own(sql`customer_email like ${likePrefix(s.email)}`));
  if (s.phoneDigits !== undefined) {
    const reversed = likePrefix([...s.phoneDigits].reverse().join(''));
    probes.push(own(sql`search_phone like ${reversed}`));
    probes.push(own(sql`search_ship_phone like ${reversed}`));
  }
  if (s.sku !== undefined) probes.push(sql`select order_id from order_lines where tenant_id = ${tenantId} and sku = ${s.sku}`);
  if (s.namePrefix !== undefined) {
    const prefix = likePrefix(s.namePrefix);
    probes.push(own(sql`search_name like ${prefix}`));
    probes.push(own(sql`search_last_name like ${prefix}`));
  }
  if (search.orderIds.length > 0) probes.push(sql`select unnest(${sql.param(search.orderIds)}::text[])`);
  if (probes.length === 0) return sql`false`;
  const union = sql.join(probes, sql` union `);
  // An array of the matching ids, not `id in (subquery)`: with a LIMIT the planner may otherwise
  // merge-join the union against the whole primary key walked newest first (seconds at 1M orders).
  if (!pageOfIds) return sql`${orders.id} = any(array(${union}))`;
  // Nothing else to filter on: the page is cut from the ids alone, so only its rows are read.
  const { descending, after, limit } = pageOfIds;
  const cut = after === undefined ? sql`` : descending ? sql`where m.id < ${after}` : sql`where m.id > ${after}`;
  return sql`${orders.id} = any(array(select m.id from (${union}) as m(id) ${cut} order by m.id ${descending ? sql`desc` : sql`asc`} limit ${limit}))`;
}

/** The order's active holds (of some types), for `exists`. */
function activeHolds(db: Db, types?: HoldType[]) {
  return db
    .select({ one: sql`1` })
    .from(orderHolds)
    .where(and(eq(orderHolds.tenantId, orders.tenantId), eq(orderHolds.orderId, orders.id), isNull(orderHolds.releasedAt), types ? inArray(orderHolds.type, types) : undefined));
}

/** GET /v1/orders: every filter of the console's order list, paged by the sort's key. */
export async function listOrders(db: Db, tenantId: string, filter: OrderFilter, page: PageRequest, sort: OrderSort = '-created_at'): Promise<OrderRow[]> {
  const k = sortKeyset(sort, page);
  const { search, ...others } = filter;
  const searchOnly = search !== undefined && Object.values(others).every((v) => v === undefined) && (sort === '-created_at' || sort === 'created_at');
  const pageOfIds = searchOnly ? { descending: sort === '-created_at', after: page.after?.[0], limit: k.limit } : undefined;
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        filter.statuses && filter.statuses.length > 0 ? inArray(orders.status, filter.statuses) : undefined,
        filter.channels ? inArray(orders.channel, filter.channels) : undefined,
        filter.createdFrom ? gte(orders.createdAt, filter.createdFrom) : undefined,
        filter.createdTo ? lt(orders.createdAt, filter.createdTo) : undefined,
        filter.customerEmail ? eq(orders.customerEmail, filter.customerEmail.toLowerCase()) : undefined,
        filter.customerId ? eq(orders.customerId, filter.customerId) : undefined,
        filter.externalId ? eq(orders.externalId, filter.externalId) : undefined,
        filter.tag ? sql`${orders.tags} @> array[${filter.tag}]::text[]` : undefined,
        filter.sku ? exists(db.select({ one: sql`1` }).from(orderLines).where(and(eq(orderLines.tenantId, orders.tenantId), eq(orderLines.orderId, orders.id), eq(orderLines.sku, filter.sku)))) : undefined,
        filter.hasBackorder === true
          ? exists(db.select({ one: sql`1` }).from(orderLines).where(and(eq(orderLines.tenantId, orders.tenantId), eq(orderLines.orderId, orders.id), sql`${orderLines.backordered} > 0`)))
          : undefined,
        filter.hasBackorder === false
          ? sql`not exists (select 1 from order_lines l where l.tenant_id = ${orders.tenantId} and l.order_id = ${orders.id} and l.backordered > 0)`
          : undefined,
        // Active holds, each probe served by order_holds_active_type / order_holds_active (migration 0045).
        filter.held === true ? exists(activeHolds(db)) : undefined,
        filter.held === false ? sql`not exists (select 1 from order_holds h where h.tenant_id = ${orders.tenantId} and h.order_id = ${orders.id} and h.released_at is null)` : undefined,
        filter.holdTypes && filter.holdTypes.length > 0 ? exists(activeHolds(db, filter.holdTypes)) : undefined,
        filter.lateOn ? and(inArray(orders.status, [...waitingStatuses]), lt(orders.shipBy, filter.lateOn)) : undefined,
        search ? searchIds(tenantId, search, pageOfIds) : undefined,
        k.where,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
}
