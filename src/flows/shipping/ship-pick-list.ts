import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import type { Actor } from '../../platform/outbox/events.js';
import { findFulfillmentOrder, findPickList } from '../../modules/fulfillment/index.js';
import type { SecretSource } from '../../modules/shipping/index.js';
import { shipFulfillmentOrder, type ShipInput } from './ship-fulfillment-order.js';

/**
 * POST /v1/pick-lists/{id}/ship: a batch of labels for everything packed from one pick list. Each
 * fulfillment order ships in its own transaction, so one that cannot ship (not packed yet, no
 * service) is reported without holding the others back; running it again ships what is left.
 */
export async function shipPickList(db: Db, actor: Actor, id: string, choice: ShipInput, now: Date, options: { secrets: SecretSource; scopeLocationId?: string | undefined }) {
  const list = await findPickList(db, actor.tenantId, id);
  if (!list || (options.scopeLocationId !== undefined && list.locationId !== options.scopeLocationId)) throw new DomainError('FULFILLMENT_PICK_LIST_NOT_FOUND', `No pick list ${id}.`);
  const shipped = [];
  const skipped: { fulfillment_order_id: string; status: string }[] = [];
  const failed: { fulfillment_order_id: string; code: string; detail: string }[] = [];
  for (const foId of list.fulfillmentOrderIds) {
    const fo = await findFulfillmentOrder(db, actor.tenantId, foId);
    if (!fo || fo.status === 'shipped' || fo.status === 'cancelled' || fo.status === 'rejected') {
      skipped.push({ fulfillment_order_id: foId, status: fo?.status ?? 'missing' });
      continue;
    }
    try {
      shipped.push((await shipFulfillmentOrder(db, actor, foId, choice, now, { secrets: options.secrets, scopeLocationId: options.scopeLocationId })).body);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      failed.push({ fulfillment_order_id: foId, code: error.code, detail: error.message });
    }
  }
  return { shipped, skipped, failed };
}
