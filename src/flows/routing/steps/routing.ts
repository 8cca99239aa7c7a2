import type { Db } from '../../../platform/db/database.js';
import type { Address } from '../../../platform/http/address.js';
import { currencyExponent } from '../../../platform/kernel/money.js';
import { locate } from '../../../platform/kernel/geo.js';
import { fulfillmentOrdersCreatedPerLocationSince } from '../../../modules/fulfillment/index.js';
import { routingLocations, type StockSnapshotRow } from '../../../modules/inventory/index.js';
import { matchPolicy, policiesOf, route, thresholdMinor, type RoutedPlan, type RouteLine, type RoutingLocation, type RoutingPolicy } from '../../../modules/routing/index.js';

/** What routing needs besides stock: the tenant's locations and policies, and today's fulfillment orders per location. */
export interface RoutingSetup {
  locations: RoutingLocation[];
  policies: RoutingPolicy[];
  fulfillmentOrdersToday: Map<string, number>;
}

/** Reads the setup (two indexed reads, plus a count only when some location has a daily capacity). */
export async function loadRoutingSetup(db: Db, tenantId: string, now: Date): Promise<RoutingSetup> {
  const [rows, policies] = await Promise.all([routingLocations(db, tenantId), policiesOf(db, tenantId)]);
  const locations: RoutingLocation[] = rows.map((l) => ({
    id: l.id,
    code: l.code,
    type: l.type,
    groups: l.groups,
    servesCountries: l.serves_countries,
    channels: l.channels,
    shipsToCustomers: l.ships_to_customers,
    priority: l.priority,
    dailyCapacity: l.daily_capacity,
    safetyStock: l.safety_stock,
    latitude: l.latitude,
    longitude: l.longitude,
  }));
  // Daily capacity counts a location's fulfillment orders since midnight UTC. It is read before
  // the capture's transaction, so concurrent captures may overshoot a capacity by a few orders:
  // it steers load, it is not a lock.
  const startOfDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const fulfillmentOrdersToday = locations.some((l) => l.dailyCapacity !== null) ? await fulfillmentOrdersCreatedPerLocationSince(db, tenantId, startOfDay) : new Map<string, number>();
  return { locations, policies, fulfillmentOrdersToday };
}

export interface RoutedOrder {
  channel: string;
  currency: string;
  tags?: string[] | null;
  shipping_address?: Address | null;
}

export interface RouteOptions {
  /** Route with this policy instead of the tenant's (simulation of a proposed policy). */
  policy?: RoutingPolicy;
  /** Locations that must not be used (they rejected the order's lines). */
  excludeLocationIds?: Set<string>;
  /** Hold queues pass to the next rule: a person released the order (RouteContext.overrideHolds). */
  overrideHolds?: boolean;
}

/** Routes an order's lines over a stock snapshot by the tenant's rules: the one planning path of capture, simulation, checkout reservations and re-routing. */
export function routeLines(order: RoutedOrder, lines: RouteLine[], setup: RoutingSetup, snapshot: StockSnapshotRow[], options: RouteOptions = {}): RoutedPlan {
  const address = order.shipping_address ?? null;
  const country = address?.country?.toUpperCase() ?? null;
  const region = address?.region ?? null;
  const tags = order.tags ?? [];
  const matched = options.policy ?? matchPolicy(setup.policies, { channel: order.channel, country, region, tags });
  const point = country ? locate(country, address?.postal_code) : null;
  const exponent = currencyExponent(order.currency);
  return route(
    {
      channel: order.channel,
      tags,
      destination: country ? { country, region, point: point ? { latitude: point.latitude, longitude: point.longitude } : null } : null,
      lines,
      minShipmentMinor: (rule) => (rule.min_shipment_value != null && exponent !== undefined ? thresholdMinor(rule.min_shipment_value, exponent) : null),
    },
    {
      locations: setup.locations,
      stock: snapshot.map((s) => ({ sku: s.sku, locationId: s.location_id, available: s.available })),
      fulfillmentOrdersToday: setup.fulfillmentOrdersToday,
      ...(options.excludeLocationIds ? { excludeLocationIds: options.excludeLocationIds } : {}),
      ...(options.overrideHolds ? { overrideHolds: true } : {}),
    },
    matched,
  );
}
