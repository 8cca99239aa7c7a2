import type { Db } from '../platform/db/database.js';
import type { Address } from '../platform/http/address.js';
import { requireCountry } from '../platform/kernel/country.js';
import type { Actor } from '../platform/outbox/events.js';
import { resolveLocations } from '../modules/inventory/index.js';
import { quoteShipment, rateViews, type SecretSource, type ServiceLevel } from '../modules/shipping/index.js';
import { clockOf, shipFromOf, shippingAddress } from './shipping-context.js';

export interface RateQuery {
  from: string;
  to: Address;
  packages: { weight_grams: number; dimensions_mm: { length: number; width: number; height: number } }[];
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
  const quote = await quoteShipment(
    db,
    actor.tenantId,
    {
      from: shippingAddress(from),
      clock: clockOf(location),
      to: shippingAddress(query.to),
      parcels: query.packages.map((p) => ({ weightGrams: p.weight_grams, lengthMm: p.dimensions_mm.length, widthMm: p.dimensions_mm.width, heightMm: p.dimensions_mm.height })),
      serviceLevel: query.service_level,
      deliverBy: query.deliver_by,
      channel: query.channel,
    },
    now,
    secrets,
  );
  return {
    from: location.code,
    ship_date: quote.shipDate,
    rates: rateViews(quote.result.candidates),
    chosen: quote.result.chosen ?? null,
    unavailable: quote.unavailable,
  };
}
