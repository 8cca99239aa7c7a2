import type { Db } from '../../platform/db/database.js';
import { requireCountry } from '../../platform/kernel/country.js';
import { locate } from '../../platform/kernel/geo.js';
import { findStockPolicies, kitAvailability } from '../../modules/catalog/index.js';
import { readStockForPlanning } from '../../modules/inventory/index.js';
import { matchPolicy, sellable } from '../../modules/routing/index.js';
import { loadRoutingSetup } from '../routing/steps/routing.js';

export interface ChannelAvailability {
  sku: string;
  channel: string;
  available: number;
  locations: { location: string; available: number; distance_km: number | null }[];
}

/**
 * What a storefront on this channel may sell of a SKU (to this destination, when given): the
 * stock at the locations the matching routing policy would use, less their safety stock. A kit's
 * availability is what each such location can assemble from its components.
 */
export async function channelAvailability(db: Db, tenantId: string, query: { sku: string; channel: string; country?: string; postal_code?: string }, now: Date): Promise<ChannelAvailability> {
  const country = query.country ? (requireCountry(query.country, 'query.country'), query.country.toUpperCase()) : query.postal_code ? 'US' : null;
  const components = (await findStockPolicies(db, tenantId, [query.sku])).find((p) => p.sku === query.sku)?.components ?? [];
  const skus = components.length > 0 ? components.map((c) => c.sku) : [query.sku];
  const [setup, snapshot] = await Promise.all([loadRoutingSetup(db, tenantId, now), readStockForPlanning(db, tenantId, skus)]);
  const matched = matchPolicy(setup.policies, { channel: query.channel, country, region: null, tags: [] });
  const point = country ? locate(country, query.postal_code) : null;
  const order = { channel: query.channel, tags: [], destination: country ? { country, region: null, point: point ? { latitude: point.latitude, longitude: point.longitude } : null } : null };
  const context = { locations: setup.locations, stock: snapshot.map((s) => ({ sku: s.sku, locationId: s.location_id, available: s.available })), fulfillmentOrdersToday: setup.fulfillmentOrdersToday };
  const perSku = skus.flatMap((sku) => sellable(order, context, matched, sku).map((r) => ({ sku, ...r })));
  // A kit sells what one location can assemble from its own sellable component stock.
  const rows =
    components.length > 0
      ? kitAvailability(components, perSku.map((r) => ({ location: r.location.code, sku: r.sku, available: r.available }))).locations.map((k) => {
          const at = perSku.find((r) => r.location.code === k.location);
          return { code: k.location, available: k.available, km: at?.km ?? null };
        })
      : perSku.map((r) => ({ code: r.location.code, available: r.available, km: r.km }));
  const selling = rows.filter((r) => r.available > 0);
  return {
    sku: query.sku,
    channel: query.channel,
    available: selling.reduce((n, r) => n + r.available, 0),
    locations: selling.map((r) => ({ location: r.code, available: r.available, distance_km: r.km === null ? null : Math.round(r.km) })).sort((a, b) => b.available - a.available || (a.location < b.location ? -1 : 1)),
  };
}
