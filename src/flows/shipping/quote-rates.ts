import type { Db } from '../../platform/db/database.js';
import type { Address } from '../../platform/http/address.js';
import { requireCountry } from '../../platform/kernel/country.js';
import type { Actor } from '../../platform/outbox/events.js';
import { DomainError } from '../../platform/errors.js';
import { allBoxes, assertPlannableUnits, boxType, planPackagesOffLoop } from '../../modules/fulfillment/index.js';
import { resolveLocations } from '../../modules/inventory/index.js';
import { quoteShipment, rateViews, type Parcel, type SecretSource, type ServiceLevel } from '../../modules/shipping/index.js';
import { physicalOf } from '../fulfillment/pack-fulfillment-order.js';
import { clockOf, shipFromOf, shippingAddress } from './steps/shipping-context.js';

export interface RateQuery {
  from: string;
  to: Address;
  /** The parcels, or `items` (a storefront's cart) to be cartonized into the tenant's boxes. */
  packages?: { weight_grams: number; dimensions_mm: { length: number; width: number; height: number } }[] | undefined;
  items?: { sku: string; quantity: number }[] | undefined;
  service_level?: ServiceLevel | undefined;
  deliver_by?: string | undefined;
  channel?: string | undefined;
}

/**
 * POST /v1/rates: every service of every active carrier for these parcels, each dated and marked
 * whether it keeps the promise, and the one the tenant's rules would choose. Buys nothing, so a
 * storefront may ask for a cart before the order exists.
 */
export async function quoteRates(db: Db, actor: Actor, query: RateQuery, now: Date, secrets: SecretSource) {
  requireCountry(query.to.country, 'to.country');
  const [location] = await resolveLocations(db, actor.tenantId, [query.from], () => 'from');
  if (!location) throw new Error('resolveLocations returned nothing');
  const from = shipFromOf(location, 'from');
  const parcels = await parcelsOf(db, actor.tenantId, query);
  const quote = await quoteShipment(
    db,
    actor.tenantId,
    {
      from: shippingAddress(from),
      clock: clockOf(location),
      to: shippingAddress(query.to),
      parcels,
      serviceLevel: query.service_level,
      deliverBy: query.deliver_by,
      channel: query.channel,
    },
    now,
    secrets,
  );
  return {
    from: location.code,
    packages: parcels.map((p) => ({ weight_grams: p.weightGrams, dimensions_mm: { length: p.lengthMm, width: p.widthMm, height: p.heightMm } })),
    ship_date: quote.shipDate,
    rates: rateViews(quote.result.candidates),
    chosen: quote.result.chosen ?? null,
    unavailable: quote.unavailable,
  };
}

/** Given parcels as they are; a cart's items packed the way the warehouse would pack them. */
async function parcelsOf(db: Db, tenantId: string, query: RateQuery): Promise<Parcel[]> {
  if (query.packages && query.items) throw new DomainError('REQUEST_INVALID', 'Send packages or items, not both.', [{ field: 'items', message: 'cannot be combined with packages' }]);
  if (query.packages) return query.packages.map((p) => ({ weightGrams: p.weight_grams, lengthMm: p.dimensions_mm.length, widthMm: p.dimensions_mm.width, heightMm: p.dimensions_mm.height }));
  if (!query.items) throw new DomainError('REQUEST_INVALID', 'Send the parcels, or the items to pack.', [{ field: 'packages', message: 'packages or items is required' }]);
  // A read-only key may ask this: its work is bounded (units, packages, steps) and runs off the event loop.
  assertPlannableUnits(query.items, { field: 'items' });
  const skus = query.items.map((i) => i.sku);
  const [boxes, physical] = await Promise.all([allBoxes(db, tenantId), physicalOf(db, tenantId, skus)]);
  const unknown = skus.filter((sku) => !physical.has(sku));
  if (unknown.length > 0) throw new DomainError('PRODUCT_UNKNOWN_SKU', `Unknown SKU ${unknown.join(', ')}.`, query.items.flatMap((item, i) => (physical.has(item.sku) ? [] : [{ field: `items[${i}].sku`, message: 'no such product' }])));
  const planned = await planPackagesOffLoop({ lines: query.items }, boxes.map(boxType), physical, undefined, { field: 'items' });
  return planned.map((p) => ({ weightGrams: p.weightGrams, lengthMm: p.box.inner.length, widthMm: p.box.inner.width, heightMm: p.box.inner.height }));
}
