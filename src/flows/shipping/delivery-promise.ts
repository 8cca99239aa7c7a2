import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import type { Address } from '../../platform/http/address.js';
import type { Actor } from '../../platform/outbox/events.js';
import { findPhysical, type PhysicalProduct } from '../../modules/catalog/index.js';
import { listFulfillmentOrders } from '../../modules/fulfillment/index.js';
import { findLocationsByCodeOrId, type LocationRow } from '../../modules/inventory/index.js';
import { findOrder, setOrderShipBy } from '../../modules/orders/index.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { insertPromises, listCarriers, type DeliveryPromiseRow, promiseFor, quoteShipment, serviceLevels, shippingRulesOf, type CarrierRow, type Parcel, type SecretSource, type ServiceLevel, type ShippingRules } from '../../modules/shipping/index.js';
import { sellableStock } from '../inventory/steps/sellable-stock.js';
import { clockOf, shippingAddress } from './steps/shipping-context.js';

/**
 * A promise is made while a customer waits (checkout, capture): an aggregator that is slow to
 * quote is left out rather than holding the answer up; rate cards answer in microseconds.
 */
const PROMISE_DEADLINE_MS = 1500;

/** When the catalog does not know a product's size: a shoebox of 30 × 20 × 10 cm, 1 kg a unit. */
const FALLBACK = { weightGrams: 1000, lengthMm: 300, widthMm: 200, heightMm: 100 };

/** One parcel standing in for what will be packed: the units' weight, the largest unit's size. */
async function physicalOf(db: Db, tenantId: string, skus: string[]): Promise<Map<string, PhysicalProduct>> {
  return new Map((await findPhysical(db, tenantId, skus)).map((p) => [p.sku, p]));
}

function estimatedParcel(physical: Map<string, PhysicalProduct>, items: { sku: string; quantity: number }[]): Parcel {
  let weight = 0;
  let dims = [FALLBACK.lengthMm, FALLBACK.widthMm, FALLBACK.heightMm];
  let sized = false;
  for (const item of items) {
    const p = physical.get(item.sku);
    weight += (p?.weightGrams ?? FALLBACK.weightGrams) * item.quantity;
    if (p?.lengthMm && p.widthMm && p.heightMm) {
      const own = [p.lengthMm, p.widthMm, p.heightMm].sort((a, b) => b - a);
      dims = sized ? dims.map((d, i) => Math.max(d, own[i] ?? 0)) : own;
      sized = true;
    }
  }
  return { weightGrams: Math.max(1, weight), lengthMm: dims[0] ?? FALLBACK.lengthMm, widthMm: dims[1] ?? FALLBACK.widthMm, heightMm: dims[2] ?? FALLBACK.heightMm };
}

interface Promised {
  shipBy: string;
  deliverBy: string;
  carrier: string;
  service: string;
  serviceName: string;
  serviceLevel: ServiceLevel;
  transitDays: number;
}

/** The service the tenant's rules would choose from this location, and the dates it promises. */
async function promiseFrom(db: Db, tenantId: string, location: LocationRow, to: Address, parcel: Parcel, level: ServiceLevel, channel: string | undefined, now: Date, secrets: SecretSource, preloaded?: { rules: ShippingRules; carriers: CarrierRow[] }): Promise<Promised | undefined> {
  if (!location.address) return undefined;
  const clock = clockOf(location);
  const request = { from: shippingAddress(location.address), clock, to: shippingAddress(to), parcels: [parcel], serviceLevel: level, channel, deadlineMs: PROMISE_DEADLINE_MS };
  const quote = await quoteShipment(db, tenantId, request, now, secrets, preloaded);
  const chosen = quote.result.chosen && quote.result.candidates.find((c) => c.carrier === quote.result.chosen?.carrier && c.service === quote.result.chosen.service);
  if (!chosen) return undefined;
  const dates = promiseFor(now, clock, chosen.transitDays, { country: to.country, region: to.region ?? undefined });
  return { ...dates, carrier: chosen.carrier, service: chosen.service, serviceName: chosen.serviceName, serviceLevel: chosen.serviceLevel, transitDays: chosen.transitDays };
}

export interface PromiseQuery {
  sku: string;
  quantity?: number | undefined;
  postal_code: string;
  country?: string | undefined;
  channel?: string | undefined;
  service_level?: ServiceLevel | undefined;
}

/**
 * GET /v1/promise: a storefront's "arrives by". The SKU ships from the nearest location this
 * channel may sell from that has it; the tenant's shipping rules pick the service; the dates
 * follow the location's cut-off and handling days, the transit days, weekends and holidays.
 */
export async function promiseForSku(db: Db, actor: Actor, query: PromiseQuery, now: Date, secrets: SecretSource) {
  const country = (query.country ?? 'US').toUpperCase();
  const quantity = query.quantity ?? 1;
  const channel = query.channel ?? 'web';
  const availability = await sellableStock(db, actor.tenantId, { sku: query.sku, channel, country, postal_code: query.postal_code }, now);
  const candidates = availability.locations.filter((l) => l.available >= quantity).sort((a, b) => (a.distance_km ?? Infinity) - (b.distance_km ?? Infinity));
  const [nearest] = candidates;
  if (!nearest) {
    throw new DomainError('INVENTORY_INSUFFICIENT', `No location can sell ${quantity} × ${query.sku} on ${channel} to ${country}.`, [{ field: 'query.sku', message: 'is not available in that quantity for this destination' }]);
  }
  const [location] = await findLocationsByCodeOrId(db, actor.tenantId, [nearest.location]);
  const to: Address = { line1: '-', city: '-', postal_code: query.postal_code, country };
  const parcel = estimatedParcel(await physicalOf(db, actor.tenantId, [query.sku]), [{ sku: query.sku, quantity }]);
  const promised = location ? await promiseFrom(db, actor.tenantId, location, to, parcel, query.service_level ?? 'standard', channel, now, secrets) : undefined;
  if (!promised) throw new DomainError('SHIPPING_NO_SERVICE', `No carrier service ships from ${nearest.location} to ${country} ${query.postal_code} at that level.`);
  return {
    sku: query.sku,
    location: nearest.location,
    ship_by: promised.shipBy,
    deliver_by: promised.deliverBy,
    carrier: promised.carrier,
    service: promised.service,
    service_name: promised.serviceName,
    service_level: promised.serviceLevel,
    transit_days: promised.transitDays,
  };
}

/**
 * After capture: what the order is promised, per shipping location (kept; shipping chooses a
 * service that keeps it, and delivery is judged against it). Tenants without carriers promise
 * nothing, at the cost of one query.
 */
export async function promiseOrder(db: Db, actor: Actor, orderId: string, now: Date, secrets: SecretSource): Promise<number> {
  const carriers = await listCarriers(db, actor.tenantId, true);
  if (carriers.length === 0) return 0;
  const [order, fos, rules] = await Promise.all([findOrder(db, actor.tenantId, orderId), listFulfillmentOrders(db, actor.tenantId, { orderId }, { size: 100 }), shippingRulesOf(db, actor.tenantId)]);
  if (!order?.shippingAddress || fos.length === 0) return 0;
  // Carriers, rules and product sizes are read once for the whole order, not per location.
  const physical = await physicalOf(db, actor.tenantId, [...new Set(fos.flatMap((f) => f.lines.map((l) => l.sku)))]);
  const to = order.shippingAddress as Address;
  const level = serviceLevels.find((l) => l === order.shippingServiceLevel) ?? 'standard';
  const locations = new Map((await findLocationsByCodeOrId(db, actor.tenantId, [...new Set(fos.map((f) => f.locationId))])).map((l) => [l.id, l]));
  const rows: DeliveryPromiseRow[] = [];
  for (const fo of fos) {
    const location = locations.get(fo.locationId);
    if (!location) continue;
    const parcel = estimatedParcel(physical, fo.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })));
    const promised = await promiseFrom(db, actor.tenantId, location, to, parcel, level, order.channel, now, secrets, { rules, carriers }).catch(() => undefined);
    if (!promised) continue;
    rows.push({ tenantId: actor.tenantId, orderId, locationId: location.id, carrier: promised.carrier, service: promised.service, serviceLevel: promised.serviceLevel, shipBy: promised.shipBy, deliverBy: promised.deliverBy, transitDays: promised.transitDays, computedAt: now });
  }
  const shipBy = rows.map((r) => r.shipBy).sort()[0];
  if (shipBy === undefined) return 0;
  // The order keeps its earliest ship-by beside it: the console sorts and filters late orders by it.
  await inTransaction(db, async (tx) => {
    await insertPromises(tx, rows);
    await setOrderShipBy(tx, actor.tenantId, orderId, shipBy);
  });
  return rows.length;
}
