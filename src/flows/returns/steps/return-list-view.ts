import type { Static } from '@fastify/type-provider-typebox';
import type { Db } from '../../../platform/db/database.js';
import { channelNamesOf } from '../../../modules/channels/index.js';
import { ordersByIds, type OrderRow } from '../../../modules/orders/index.js';
import type { ReturnListItem, ReturnOrderSummary, ReturnRow } from '../../../modules/returns/index.js';
import { returnViews } from './return-view.js';

export type ReturnListItemJson = Static<typeof ReturnListItem>;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** What the queue shows of an order: its number, channel and customer (the order's free-form customer object, the e-mail column as fallback). */
export function orderSummary(order: OrderRow, channelName: string | null): Static<typeof ReturnOrderSummary> {
  return {
    number: order.number,
    channel: order.channel,
    channel_name: channelName,
    customer_name: text(order.customer?.name),
    customer_email: text(order.customer?.email) ?? order.customerEmail,
  };
}

/**
 * A page of the returns queue: each return's view with its order's number, customer and channel.
 * The orders come through the orders module's public read (`ordersByIds`), one query for the whole
 * page, never a join of its tables from the returns module's SQL (modules own their tables); the
 * channels' names likewise in one query. A fixed number of queries whatever the page size.
 */
export async function returnListViews(db: Db, tenantId: string, rows: ReturnRow[]): Promise<ReturnListItemJson[]> {
  const [views, orders] = await Promise.all([returnViews(db, tenantId, rows), ordersByIds(db, tenantId, [...new Set(rows.map((r) => r.orderId))])]);
  const orderOf = new Map(orders.map((o) => [o.id, o]));
  const names = await channelNamesOf(db, tenantId, [...new Set(orders.map((o) => o.channel))]);
  return views.map((v) => {
    const order = orderOf.get(v.order_id);
    return { ...v, order: order ? orderSummary(order, names.get(order.channel) ?? null) : null };
  });
}
