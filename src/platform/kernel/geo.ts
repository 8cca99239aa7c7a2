import { createRequire } from 'node:module';

/**
 * Where a destination or a location is, for proximity sorting: the centroid of a US or Canadian
 * postal code (the `zipcodes` dataset), else the centroid of the country (`world-countries`).
 * Both datasets load lazily on first use (~0.4 s for the ZIP table), so a process that never
 * routes by distance never pays for them.
 */
export interface GeoPoint {
  latitude: number;
  longitude: number;
  /** How precise the point is: a postal-code centroid, or only the country's. */
  precision: 'postal_code' | 'country';
}

interface ZipRecord {
  latitude: number;
  longitude: number;
}
interface ZipCodes {
  lookup(zip: string): ZipRecord | undefined;
}
interface Country {
  cca2: string;
  latlng: [number, number];
}

const require = createRequire(import.meta.url);
let zipcodes: ZipCodes | undefined;
let countries: Map<string, [number, number]> | undefined;

function zipTable(): ZipCodes {
  zipcodes ??= require('zipcodes') as ZipCodes;
  return zipcodes;
}

function countryTable(): Map<string, [number, number]> {
  countries ??= new Map((require('world-countries') as Country[]).map((c) => [c.cca2, c.latlng]));
  return countries;
}

const memo = new Map<string, GeoPoint | null>();

/** The best-known point for a country and optional postal code; null when even the country is unknown. */
export function locate(country: string, postalCode?: string | null): GeoPoint | null {
  const cc = country.toUpperCase();
  const key = `${cc}|${postalCode ?? ''}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let point: GeoPoint | null = null;
  if (postalCode && (cc === 'US' || cc === 'CA')) {
    // US: the five-digit ZIP (ZIP+4 is cut); Canada: the forward sortation area (first three characters).
    const normalised = cc === 'US' ? postalCode.trim().slice(0, 5) : postalCode.replace(/\s+/g, '').toUpperCase().slice(0, 3);
    const hit = zipTable().lookup(normalised);
    if (hit && Number.isFinite(hit.latitude) && Number.isFinite(hit.longitude)) point = { latitude: hit.latitude, longitude: hit.longitude, precision: 'postal_code' };
  }
  if (!point) {
    const centroid = countryTable().get(cc);
    if (centroid) point = { latitude: centroid[0], longitude: centroid[1], precision: 'country' };
  }
  if (memo.size > 50_000) memo.clear();
  memo.set(key, point);
  return point;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
