import type { Db } from '../../../platform/db/database.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import { findChannel, type ChannelType } from '../../../modules/channels/index.js';
import { transitions, type OrderStatus } from '../../../modules/orders/index.js';

/**
 * Every capture path — POST /v1/orders, Shopify and WooCommerce webhooks, imports (the API's and
 * `oms import`), X12 850s, marketplace polling, POS sales — appends exactly one `order.created`
 * event in the capture's transaction, and the outbox relay hands each event on exactly once,
 * after its commit. Counting there counts every path, once, without any capture code knowing of
 * metrics, and captures made by a process that serves no metrics (`oms import`) are counted by
 * the process that relays them.
 *
 * The channel of an order is a channel connection's id or, through the API, any name a client
 * chose: it is reported as the connection's type (a closed list), or `api`, never as the name.
 */
export interface CapturedOrders {
  byChannelType: Map<ChannelType, number>;
  /** The status each capture left the order in (allocated, partially_allocated, backordered, on_hold). */
  byOutcome: Map<OrderStatus, number>;
}

const CHANNEL_ID = /^chn_[0-9a-z]{26}$/;
const CAPTURE_OUTCOMES: ReadonlySet<string> = new Set(transitions.received.filter((s) => s !== 'cancelled'));
/** Channel types known to this process; a channel's type never changes. */
const MAX_CACHED_CHANNELS = 10_000;

/** Counts captures among relayed events; keeps the channel types it looked up. */
export function captureCounter(): (db: Db, events: readonly RelayedEvent[]) => Promise<CapturedOrders> {
  const types = new Map<string, ChannelType>();
  const channelTypeOf = async (db: Db, tenantId: string, channel: unknown): Promise<ChannelType> => {
    if (typeof channel !== 'string' || !CHANNEL_ID.test(channel)) return 'api';
    const key = `${tenantId}/${channel}`;
    const known = types.get(key);
    if (known) return known;
    const type = (await findChannel(db, tenantId, channel))?.type ?? 'api';
    if (types.size >= MAX_CACHED_CHANNELS) types.clear();
    types.set(key, type);
    return type;
  };
  return async (db, events) => {
    const counted: CapturedOrders = { byChannelType: new Map(), byOutcome: new Map() };
    for (const event of events) {
      if (event.type === 'order.created') {
        const type = await channelTypeOf(db, event.tenantId, event.data['channel']);
        counted.byChannelType.set(type, (counted.byChannelType.get(type) ?? 0) + 1);
        continue;
      }
      const status = event.type.slice('order.'.length);
      if (event.type.startsWith('order.') && event.data['from'] === 'received' && CAPTURE_OUTCOMES.has(status)) {
        counted.byOutcome.set(status as OrderStatus, (counted.byOutcome.get(status as OrderStatus) ?? 0) + 1);
      }
    }
    return counted;
  };
}
