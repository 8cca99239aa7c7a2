import { createRequire } from 'node:module';
import type { RoutingRule } from '../../src/modules/routing/index.js';

/**
 * A synthetic fulfillment network shared by the routing benchmark (scripts/bench-routing.ts) and
 * the capture benchmark's `--locations N` seeding: locations in real US cities, a seeded choice of
 * which locations stock each SKU, US destinations, and a realistic routing policy. Everything is
 * derived from a seeded PRNG so two runs see the same network and the same orders.
 */

import { seededRandom as prng, between } from '../../src/platform/kernel/seeded-random.js';

export { prng, between };

/** `count` distinct integers in [0, size), in the order drawn. */
export function distinctOf(rand: () => number, count: number, size: number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, size)) picked.add(Math.floor(rand() * size));
  return [...picked];
}

/** City-centre ZIPs of 50 US metros: where the bench's locations are. */
const CITIES: [zip: string, city: string, region: string][] = [
  ['10001', 'New York', 'NY'], ['90012', 'Los Angeles', 'CA'], ['60601', 'Chicago', 'IL'], ['77002', 'Houston', 'TX'], ['85004', 'Phoenix', 'AZ'],
  ['19103', 'Philadelphia', 'PA'], ['78205', 'San Antonio', 'TX'], ['92101', 'San Diego', 'CA'], ['75201', 'Dallas', 'TX'], ['95113', 'San Jose', 'CA'],
  ['78701', 'Austin', 'TX'], ['32202', 'Jacksonville', 'FL'], ['76102', 'Fort Worth', 'TX'], ['43215', 'Columbus', 'OH'], ['28202', 'Charlotte', 'NC'],
  ['94103', 'San Francisco', 'CA'], ['46204', 'Indianapolis', 'IN'], ['98101', 'Seattle', 'WA'], ['80202', 'Denver', 'CO'], ['20001', 'Washington', 'DC'],
  ['02108', 'Boston', 'MA'], ['79901', 'El Paso', 'TX'], ['37203', 'Nashville', 'TN'], ['48226', 'Detroit', 'MI'], ['73102', 'Oklahoma City', 'OK'],
  ['97204', 'Portland', 'OR'], ['89101', 'Las Vegas', 'NV'], ['38103', 'Memphis', 'TN'], ['40202', 'Louisville', 'KY'], ['21202', 'Baltimore', 'MD'],
  ['53202', 'Milwaukee', 'WI'], ['87102', 'Albuquerque', 'NM'], ['85701', 'Tucson', 'AZ'], ['93721', 'Fresno', 'CA'], ['95814', 'Sacramento', 'CA'],
  ['64106', 'Kansas City', 'MO'], ['30303', 'Atlanta', 'GA'], ['33130', 'Miami', 'FL'], ['27601', 'Raleigh', 'NC'], ['68102', 'Omaha', 'NE'],
  ['80903', 'Colorado Springs', 'CO'], ['23451', 'Virginia Beach', 'VA'], ['94612', 'Oakland', 'CA'], ['55401', 'Minneapolis', 'MN'], ['74103', 'Tulsa', 'OK'],
  ['70112', 'New Orleans', 'LA'], ['67202', 'Wichita', 'KS'], ['44113', 'Cleveland', 'OH'], ['33602', 'Tampa', 'FL'], ['84101', 'Salt Lake City', 'UT'],
];

export type BenchLocationType = 'warehouse' | 'store' | 'dropship' | '3pl';

export interface BenchLocation {
  code: string;
  name: string;
  type: BenchLocationType;
  zip: string;
  city: string;
  region: string;
  priority: number;
  groups: string[];
  servesCountries: string[];
  channels: string[];
  shipsToCustomers: boolean;
  safetyStock: number;
  dailyCapacity: number | null;
}

/**
 * `n` locations, by index: of every ten, four warehouses, four stores, a dropship vendor and a
 * 3PL. Stores hold back 1–2 units of safety stock, half sell only to web/pos, every fifth does not
 * ship to customers; every fourth warehouse has a daily capacity. Past 50 the cities repeat.
 */
export function benchLocations(n: number): BenchLocation[] {
  return Array.from({ length: n }, (_, i) => {
    const [zip, city, region] = CITIES[i % CITIES.length] as [string, string, string];
    const slot = i % 10;
    const type: BenchLocationType = slot < 4 ? 'warehouse' : slot < 8 ? 'store' : slot === 8 ? 'dropship' : '3pl';
    const prefix = { warehouse: 'WH', store: 'ST', dropship: 'DS', '3pl': 'TPL' }[type];
    return {
      code: `${prefix}-${String(i + 1).padStart(3, '0')}`,
      name: `${city} ${type}`,
      type,
      zip,
      city,
      region,
      priority: type === 'warehouse' ? 1 + (i % 5) : type === '3pl' ? 10 : type === 'store' ? 20 + (i % 7) : 30,
      groups: [['WA', 'OR', 'CA', 'NV', 'AZ', 'UT', 'CO', 'NM'].includes(region) ? 'west' : 'east'],
      servesCountries: type === 'dropship' ? ['US'] : [],
      channels: type === 'store' && i % 2 === 0 ? ['web', 'pos'] : [],
      shipsToCustomers: !(type === 'store' && i % 5 === 0),
      safetyStock: type === 'store' ? 1 + (i % 2) : 0,
      dailyCapacity: type === 'warehouse' && i % 4 === 0 ? 5_000 : null,
    };
  });
}

/** Which locations (indexes into benchLocations(n)) stock SKU number `sku`: 5–15 of them, seeded per SKU. */
export function stockedAt(sku: number, n: number, seed = 1): number[] {
  const rand = prng(seed * 1_000_003 + sku);
  return distinctOf(rand, between(rand, 5, 15), n);
}

/** Every 5-digit US ZIP with coordinates in the `zipcodes` dataset, sorted (a stable pool of destinations). */
export function usZips(): { zip: string; region: string; city: string }[] {
  const require = createRequire(import.meta.url);
  const { codes } = require('zipcodes') as { codes: Record<string, { zip: string; country: string; state: string; city: string; latitude: number; longitude: number }> };
  return Object.values(codes)
    .filter((c) => c.country === 'US' && /^\d{5}$/.test(c.zip) && Number.isFinite(c.latitude) && Number.isFinite(c.longitude))
    .map((c) => ({ zip: c.zip, region: c.state, city: c.city }))
    .sort((a, b) => (a.zip < b.zip ? -1 : a.zip > b.zip ? 1 : 0));
}

/**
 * A realistic two-rule policy: ship from a nearby warehouse or 3PL (within 1,000 km, nearest
 * first, then fewest shipments), else from anywhere with the fewest shipments, then priority.
 */
export const BENCH_POLICY_RULES: RoutingRule[] = [
  {
    name: 'nearby-warehouses',
    filters: { location_types: ['warehouse', '3pl'], max_distance_km: 1_000 },
    sorts: ['proximity', 'fewest_shipments'],
    split: 'by_line',
    when_unfillable: 'next_rule',
  },
  {
    name: 'anywhere',
    sorts: ['fewest_shipments', 'priority'],
    split: 'split_line',
    when_unfillable: 'backorder',
  },
];
