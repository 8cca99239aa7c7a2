import type { Db } from '../../platform/db/database.js';
import type { Actor } from '../../platform/outbox/events.js';
import { shipFulfillment, type ShipInput, type ShipOptions } from './steps/ship-fulfillment.js';

export type { ShipInput, ShipOptions } from './steps/ship-fulfillment.js';

/**
 * POST /v1/fulfillment-orders/{id}/ship: rate-shop, buy the label (before the transaction), and
 * confirm the shipment (`shipFulfillment`). A retry with the same Idempotency-Key buys nothing.
 */
export async function shipFulfillmentOrder(db: Db, actor: Actor, id: string, input: ShipInput, now: Date, options: ShipOptions) {
  return shipFulfillment(db, actor, id, input, now, options);
}
