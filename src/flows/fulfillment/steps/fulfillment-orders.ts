import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { resolveLocations } from '../../../modules/inventory/index.js';
import {
  createFulfillmentOrders,
  findFulfillmentOrder,
  lockFulfillmentOrdersOfOrder,
  pickListIdsOf,
  setFulfillmentLineQuantities,
  transitionFulfillmentOrder,
  type FulfillmentAllocation,
  type FulfillmentOrder,
  type FulfillmentStatus,
  type ReleasePolicy,
} from '../../../modules/fulfillment/index.js';
import { getSettings } from '../../../modules/tenancy/index.js';
import { isOrderHeld, ordersByIds } from '../../../modules/orders/index.js';
import { promisesOfOrders } from '../../../modules/shipping/index.js';

/** What a caller may see: a key scoped to a location sees only that location's fulfillment orders. */
export interface FulfillmentScope {
  locationId?: string | undefined;
}

/** Where a fulfillment order goes: the order's shipping address, nothing else of its customer. */
export interface ShipToView {
  name: string | null;
  company: string | null;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postal_code: string | null;
  country: string;
  /** The shipping address's own phone: carriers ask for the recipient's on many services. */
  phone: string | null;
}

/**
 * The wire shape of a fulfillment order: what its location needs to ship it (lines, ship-to,
 * service level, the promise made at capture) and nothing more of the order — no customer e-mail,
 * billing address, prices or notes, so a 3PL's key learns only where the parcel goes.
 */
export interface FulfillmentOrderView {
  id: string;
  order_id: string;
  order_number: number;
  channel_order_name: string | null;
  location: string;
  status: FulfillmentStatus;
  lines: { sku: string; quantity: number; order_line_id: string }[];
  ship_to: ShipToView | null;
  service_level: string | null;
  promise: { carrier: string; service: string; service_level: string; ship_by: string; deliver_by: string } | null;
  reject_reason: string | null;
  pick_list_id: string | null;
  created_at: string;
  updated_at: string;
  released_at: string | null;
}

function shipToView(address: Record<string, unknown> | null): ShipToView | null {
  if (!address) return null;
  const str = (key: string): string | null => (typeof address[key] === 'string' ? (address[key] as string) : null);
  return { name: str('name'), company: str('company'), line1: str('line1') ?? '', line2: str('line2'), city: str('city') ?? '', region: str('region'), postal_code: str('postal_code'), country: str('country') ?? '', phone: str('phone') };
}

export async function fulfillmentOrderViews(db: Db, tenantId: string, fos: FulfillmentOrder[]): Promise<FulfillmentOrderView[]> {
  const ids = [...new Set(fos.map((f) => f.locationId))];
  const orderIds = [...new Set(fos.map((f) => f.orderId))];
  const [locations, orders, promises, pickLists] = await Promise.all([
    resolveLocations(db, tenantId, ids, () => 'location_id'),
    ordersByIds(db, tenantId, orderIds),
    promisesOfOrders(db, tenantId, orderIds),
    pickListIdsOf(db, tenantId, fos.map((f) => f.id)),
  ]);
  const codes = new Map(locations.map((l) => [l.id, l.code]));
  const orderOf = new Map(orders.map((o) => [o.id, o]));
  const promiseOf = new Map(promises.map((p) => [`${p.orderId} ${p.locationId}`, p]));
  return fos.map((f) => {
    const order = orderOf.get(f.orderId);
    const promise = promiseOf.get(`${f.orderId} ${f.locationId}`);
    return {
      id: f.id,
      order_id: f.orderId,
      order_number: order?.number ?? 0,
      channel_order_name: order?.channelOrderName ?? null,
      location: codes.get(f.locationId) ?? f.locationId,
      status: f.status,
      lines: f.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, order_line_id: l.orderLineId })),
      ship_to: shipToView(order?.shippingAddress ?? null),
      service_level: order?.shippingServiceLevel ?? null,
      promise: promise ? { carrier: promise.carrier, service: promise.service, service_level: promise.serviceLevel, ship_by: promise.shipBy, deliver_by: promise.deliverBy } : null,
      reject_reason: f.rejectReason,
      pick_list_id: pickLists.get(f.id) ?? null,
      created_at: f.createdAt.toISOString(),
      updated_at: f.updatedAt.toISOString(),
      released_at: f.releasedAt ? f.releasedAt.toISOString() : null,
    };
  });
}

/** A fulfillment order the caller may see, or 404 as if it did not exist. */
export async function visibleFulfillmentOrder(db: Db, tenantId: string, id: string, scope: FulfillmentScope): Promise<FulfillmentOrder> {
  const fo = await findFulfillmentOrder(db, tenantId, id);
  if (!fo || (scope.locationId !== undefined && fo.locationId !== scope.locationId)) throw new DomainError('FULFILLMENT_ORDER_NOT_FOUND', `No fulfillment order ${id}.`);
  return fo;
}

/**
 * Turns allocations into fulfillment orders under the tenant's release policy (read here unless
 * the caller has it), `on_hold` while the order has an active hold (read here unless the caller
 * knows). Returns the events for the caller to append in its transaction.
 */
export async function openFulfillmentOrders(
  tx: Db,
  actor: Actor,
  orderId: string,
  allocations: readonly FulfillmentAllocation[],
  now: Date,
  options: { mergeIntoOpen?: boolean; policy?: ReleasePolicy; held?: boolean } = {},
): Promise<NewEvent[]> {
  if (allocations.length === 0) return [];
  const policy = options.policy ?? (await getSettings(tx, actor.tenantId)).fulfillment_release;
  // A held order's new fulfillment orders wait on_hold (ADR 0025); the caller holds the order's row lock.
  const held = options.held ?? (await isOrderHeld(tx, actor.tenantId, orderId));
  return createFulfillmentOrders(tx, actor, orderId, allocations, policy, now, { mergeIntoOpen: options.mergeIntoOpen ?? true, held });
}

/** Which fulfillment statuses give units back first when an order's units are cancelled. */
const shrinkOrder: FulfillmentStatus[] = ['pending', 'on_hold', 'released', 'accepted', 'cancel_requested', 'picking', 'packed'];

/**
 * The order's cancelled units leave its fulfillment orders: each released reservation (order line,
 * location, units) is taken off the live fulfillment orders of that location, least advanced
 * first. A fulfillment order left empty is cancelled (pending, released; accepted unless the whole
 * order is cancelled) or asked to cancel (`cancel_requested`: the location may have started).
 * With `wholeOrder`, every remaining live fulfillment order is treated the same way.
 */
export async function shrinkFulfillmentOrders(
  tx: Db,
  actor: Actor,
  orderId: string,
  released: readonly { order_line_id: string; sku: string; location_id: string; quantity: number }[],
  wholeOrder: boolean,
  reason: string,
  now: Date,
): Promise<void> {
  const fos = (await lockFulfillmentOrdersOfOrder(tx, actor.tenantId, orderId)).filter((f) => shrinkOrder.includes(f.status));
  fos.sort((a, b) => shrinkOrder.indexOf(a.status) - shrinkOrder.indexOf(b.status));
  const changed = new Set<FulfillmentOrder>();
  for (const r of released) {
    let left = r.quantity;
    for (const fo of fos) {
      if (left <= 0) break;
      if (fo.locationId !== r.location_id) continue;
      for (const line of fo.lines) {
        if (line.orderLineId !== r.order_line_id || line.quantity <= 0) continue;
        const take = Math.min(left, line.quantity);
        line.quantity -= take;
        left -= take;
        changed.add(fo);
        if (left <= 0) break;
      }
    }
  }
  for (const fo of changed) {
    await setFulfillmentLineQuantities(tx, actor.tenantId, fo.id, fo.lines, now);
    fo.version += 1;
    fo.lines = fo.lines.filter((l) => l.quantity > 0);
  }
  for (const fo of fos) {
    if (fo.lines.length > 0 && !wholeOrder) continue;
    const cancelNow = fo.status === 'pending' || fo.status === 'on_hold' || fo.status === 'released' || (fo.status === 'accepted' && !wholeOrder);
    const to: FulfillmentStatus = cancelNow ? 'cancelled' : 'cancel_requested';
    await transitionFulfillmentOrder(tx, actor, fo, to, reason, now, { cause: 'order cancelled' });
  }
}
