import type { Db } from '../../platform/db/database.js';
import { sellableStock, type ChannelAvailability } from './steps/sellable-stock.js';

export type { ChannelAvailability } from './steps/sellable-stock.js';

/** GET /v1/availability: what a storefront on this channel may sell of a SKU (`sellableStock`). */
export async function channelAvailability(db: Db, tenantId: string, query: { sku: string; channel: string; country?: string; postal_code?: string }, now: Date): Promise<ChannelAvailability> {
  return sellableStock(db, tenantId, query, now);
}
