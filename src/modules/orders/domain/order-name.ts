/**
 * The name people know an order by: the channel's (`#1042` from Shopify, `114-…` from Amazon),
 * else the OMS number as `#17`. What staff screens, messages and the portal show.
 */
export function orderName(order: { channelOrderName: string | null; number: number }): string {
  return order.channelOrderName ?? `#${order.number}`;
}
