// What every push back to a sales platform starts from: the units a shipment carried, named as the
// platform's order lines name them, and a new push row due now. Shared by the Shopify and the
// WooCommerce / Amazon / eBay pushes (src/flows/channels/jobs/channel-pushes.ts runs them).

import type { Db } from '../../../platform/db/database.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import type { ChannelPushRow } from '../../../modules/channels/index.js';
import { findFulfillmentOrder } from '../../../modules/fulfillment/index.js';
import { linesOfOrders } from '../../../modules/orders/index.js';

/** What a `shipment.created` event says about the shipment. */
export interface ShipmentCreatedData {
  order_id?: string;
  fulfillment_order_id?: string;
  carrier?: string;
  service?: string | null;
  tracking_numbers?: string[];
  tracking_url?: string | null;
  ship_date?: string;
}

/**
 * The units of the shipment's fulfillment order per SKU. A platform knows a kit by the kit's own
 * line: its component units count as kits shipped (whole kits only). Null when the fulfillment
 * order is gone.
 */
export async function shippedItems(tx: Db, tenantId: string, orderId: string, fulfillmentOrderId: string): Promise<{ sku: string; quantity: number }[] | null> {
  const [fo, orderLines] = await Promise.all([findFulfillmentOrder(tx, tenantId, fulfillmentOrderId), linesOfOrders(tx, tenantId, [orderId])]);
  if (!fo) return null;
  const byId = new Map(orderLines.map((l) => [l.id, l]));
  const units = new Map<string, { sku: string; quantity: number }>();
  for (const l of fo.lines) {
    const line = byId.get(l.orderLineId);
    const kit = line?.parentLineId ? byId.get(line.parentLineId) : undefined;
    if (kit && line) {
      const perKit = Math.max(1, Math.round(line.quantity / kit.quantity));
      const entry = units.get(kit.id);
      const n = Math.floor(l.quantity / perKit);
      if (entry) entry.quantity = Math.min(entry.quantity, n);
      else units.set(kit.id, { sku: kit.sku, quantity: n });
    } else {
      units.set(l.orderLineId, { sku: l.sku, quantity: (units.get(l.orderLineId)?.quantity ?? 0) + l.quantity });
    }
  }
  const items = new Map<string, number>();
  for (const u of units.values()) if (u.quantity > 0) items.set(u.sku, (items.get(u.sku) ?? 0) + u.quantity);
  return [...items].map(([sku, quantity]) => ({ sku, quantity }));
}

/** A push about the event's shipment, due now. */
export function newPushRow(event: RelayedEvent, push: Pick<ChannelPushRow, 'id' | 'channelId' | 'kind' | 'orderId' | 'externalOrderId' | 'payload'>, now: Date): ChannelPushRow {
  return { ...push, tenantId: event.tenantId, shipmentId: event.aggregateId, refundId: null, status: 'pending', attempts: 0, nextAttemptAt: now, leasedUntil: null, lastStatusCode: null, lastError: null, remoteId: null, createdAt: now, doneAt: null };
}

/** How a push never tried ends when its shipment is voided first. */
export const VOIDED_BEFORE_SENT = 'shipment voided before it was sent';
