import { distanceKm, type GeoPoint } from '../../../platform/kernel/geo.js';

/**
 * Where a return goes when approval names no location (ADR 0023): of the policy's
 * `return_locations` that are active, the nearest to the customer's shipping address by great-circle
 * distance; locations whose position is unknown come after those whose position is known, and ties
 * (or no customer position) keep the policy's order of preference. Pure: positions come in.
 */
export interface ReturnLocationCandidate {
  id: string;
  code: string;
  active: boolean;
  latitude: number | null;
  longitude: number | null;
}

export interface ReturnLocationChoice {
  id: string;
  code: string;
  /** Kilometres from the customer, when both positions are known. */
  distance_km: number | null;
  reason: string;
}

export function nearestReturnLocation(preference: readonly string[], candidates: readonly ReturnLocationCandidate[], customer: Pick<GeoPoint, 'latitude' | 'longitude'> | null): ReturnLocationChoice | undefined {
  const ranked = preference
    .map((code, rank) => ({ rank, loc: candidates.find((c) => c.code === code && c.active) }))
    .filter((x): x is { rank: number; loc: ReturnLocationCandidate } => x.loc !== undefined)
    .map(({ rank, loc }) => ({ rank, loc, km: customer && loc.latitude !== null && loc.longitude !== null ? distanceKm(customer, { latitude: loc.latitude, longitude: loc.longitude }) : null }))
    .sort((a, b) => (a.km === null ? (b.km === null ? a.rank - b.rank : 1) : b.km === null ? -1 : a.km - b.km || a.rank - b.rank));
  const best = ranked[0];
  if (!best) return undefined;
  const reason = best.km === null ? `${best.loc.code}: the first active return location of the policy (no distance known)` : `${best.loc.code}: the nearest active return location, ${Math.round(best.km)} km from the customer`;
  return { id: best.loc.id, code: best.loc.code, distance_km: best.km === null ? null : Math.round(best.km), reason };
}
