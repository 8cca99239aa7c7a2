import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { requireCountry } from '../../../platform/kernel/country.js';
import { locate } from '../../../platform/kernel/geo.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import type { Address } from '../db/schema.js';
import { IANAZone } from 'luxon';
import tzlookup from 'tz-lookup';
import { insertLocation, updateLocation, type LocationRow } from '../db/locations.queries.js';
import { resolveLocations } from './adjust-stock.js';

export interface LocationInput {
  code: string;
  name: string;
  type: LocationRow['type'];
  address?: Address | null;
  ships_to_customers?: boolean;
  priority?: number;
  active?: boolean;
  groups?: string[];
  serves_countries?: string[];
  channels?: string[];
  daily_capacity?: number | null;
  safety_stock?: number;
  latitude?: number | null;
  longitude?: number | null;
  time_zone?: string | null;
  cutoff_time?: string;
  processing_days?: number;
}

/** Routing attributes checked before anything is written. Coordinates come in pairs. */
function checkRoutingFields(input: Partial<LocationInput>): void {
  input.serves_countries?.forEach((c, i) => requireCountry(c, `serves_countries[${i}]`));
  if ((input.latitude == null) !== (input.longitude == null) && (input.latitude !== undefined || input.longitude !== undefined)) {
    throw new DomainError('REQUEST_INVALID', 'Give latitude and longitude together.', [{ field: input.latitude == null ? 'latitude' : 'longitude', message: 'must be given together with the other coordinate' }]);
  }
  if (input.time_zone != null && !IANAZone.isValidZone(input.time_zone)) {
    throw new DomainError('REQUEST_INVALID', 'Unknown time zone.', [{ field: 'time_zone', message: 'must be an IANA time zone such as America/New_York' }]);
  }
}

/** An explicit zone wins; otherwise the zone at the coordinates (promise dates need local time). */
function timeZoneOf(given: string | null | undefined, point: { latitude: number | null; longitude: number | null }): string | null {
  if (given != null) return given;
  return point.latitude != null && point.longitude != null ? tzlookup(point.latitude, point.longitude) : null;
}

/** Explicit coordinates win; otherwise the address's postal-code (or country) centroid. */
function coordinates(input: Partial<LocationInput>, address: Address | null | undefined): { latitude: number | null; longitude: number | null } {
  if (input.latitude != null && input.longitude != null) return { latitude: input.latitude, longitude: input.longitude };
  const point = address ? locate(address.country, address.postal_code) : null;
  return { latitude: point?.latitude ?? null, longitude: point?.longitude ?? null };
}

export async function createLocation(db: Db, actor: Actor, input: LocationInput, now: Date): Promise<LocationRow> {
  return inTransaction(db, async (tx) => {
    if (input.address) requireCountry(input.address.country, 'address.country');
    checkRoutingFields(input);
    const point = coordinates(input, input.address);
    const row: LocationRow = {
      tenantId: actor.tenantId,
      id: newId('loc'),
      code: input.code,
      name: input.name,
      type: input.type,
      address: input.address ?? null,
      shipsToCustomers: input.ships_to_customers ?? true,
      priority: input.priority ?? 100,
      active: input.active ?? true,
      groups: input.groups ?? [],
      servesCountries: (input.serves_countries ?? []).map((c) => c.toUpperCase()),
      channels: input.channels ?? [],
      dailyCapacity: input.daily_capacity ?? null,
      safetyStock: input.safety_stock ?? 0,
      ...point,
      timeZone: timeZoneOf(input.time_zone, point),
      cutoffTime: input.cutoff_time ?? '14:00',
      processingDays: input.processing_days ?? 0,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await insertLocation(tx, row))) {
      throw new DomainError('LOCATION_CODE_TAKEN', `A location with code ${input.code} exists.`, [{ field: 'code', message: 'is already used by another location' }]);
    }
    await appendEvents(tx, actor, now, [{ type: 'location.created', aggregateType: 'location', aggregateId: row.id, data: { code: row.code, type: row.type } }]);
    return row;
  });
}

/** Changes a location given by id or code (the code is permanent). */
export async function changeLocation(db: Db, actor: Actor, ref: string, patch: Partial<Omit<LocationInput, 'code'>>, now: Date): Promise<LocationRow> {
  return inTransaction(db, async (tx) => {
    const [location] = await resolveLocations(tx, actor.tenantId, [ref], () => 'id').catch(() => {
      throw new DomainError('LOCATION_NOT_FOUND', `No location ${ref}.`);
    });
    const id = (location as LocationRow).id;
    if (patch.address) requireCountry(patch.address.country, 'address.country');
    checkRoutingFields(patch);
    const moved = patch.address !== undefined || patch.latitude !== undefined;
    const point = moved && patch.address !== undefined ? coordinates(patch, patch.address) : moved ? { latitude: patch.latitude ?? null, longitude: patch.longitude ?? null } : undefined;
    const updated = await updateLocation(tx, actor.tenantId, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.type !== undefined ? { type: patch.type } : {}),
      ...(patch.address !== undefined ? { address: patch.address } : {}),
      ...(patch.ships_to_customers !== undefined ? { shipsToCustomers: patch.ships_to_customers } : {}),
      ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.groups !== undefined ? { groups: patch.groups } : {}),
      ...(patch.serves_countries !== undefined ? { servesCountries: patch.serves_countries.map((c) => c.toUpperCase()) } : {}),
      ...(patch.channels !== undefined ? { channels: patch.channels } : {}),
      ...(patch.daily_capacity !== undefined ? { dailyCapacity: patch.daily_capacity } : {}),
      ...(patch.safety_stock !== undefined ? { safetyStock: patch.safety_stock } : {}),
      ...(point ?? {}),
      ...(patch.time_zone !== undefined ? { timeZone: timeZoneOf(patch.time_zone, point ?? { latitude: null, longitude: null }) } : point && point.latitude !== null ? { timeZone: timeZoneOf(null, point) } : {}),
      ...(patch.cutoff_time !== undefined ? { cutoffTime: patch.cutoff_time } : {}),
      ...(patch.processing_days !== undefined ? { processingDays: patch.processing_days } : {}),
      updatedAt: now,
    });
    if (!updated) throw new DomainError('LOCATION_NOT_FOUND', `No location ${id}.`);
    await appendEvents(tx, actor, now, [{ type: 'location.updated', aggregateType: 'location', aggregateId: id, data: { changes: patch } }]);
    return updated;
  });
}
