import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { requireCountry } from '../../../platform/kernel/country.js';
import { locate } from '../../../platform/kernel/geo.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import type { Address } from '../db/schema.js';
import { insertLocation, updateLocation, type LocationRow } from '../db/locations.queries.js';

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
}

/** Routing attributes checked before anything is written. Coordinates come in pairs. */
function checkRoutingFields(input: Partial<LocationInput>): void {
  input.serves_countries?.forEach((c, i) => requireCountry(c, `serves_countries[${i}]`));
  if ((input.latitude == null) !== (input.longitude == null) && (input.latitude !== undefined || input.longitude !== undefined)) {
    throw new DomainError('REQUEST_INVALID', 'Give latitude and longitude together.', [{ field: input.latitude == null ? 'latitude' : 'longitude', message: 'must be given together with the other coordinate' }]);
  }
}

/** Explicit coordinates win; otherwise the address's postal-code (or country) centroid. */
function coordinates(input: Partial<LocationInput>, address: Address | null | undefined): { latitude: number | null; longitude: number | null } {
  if (input.latitude != null && input.longitude != null) return { latitude: input.latitude, longitude: input.longitude };
  const point = address ? locate(address.country, address.postal_code) : null;
  return { latitude: point?.latitude ?? null, longitude: point?.longitude ?? null };
}

export async function createLocation(tx: Db, actor: Actor, input: LocationInput, now: Date): Promise<LocationRow> {
  if (input.address) requireCountry(input.address.country, 'address.country');
  checkRoutingFields(input);
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
    ...coordinates(input, input.address),
    createdAt: now,
    updatedAt: now,
  };
  if (!(await insertLocation(tx, row))) {
    throw new DomainError('LOCATION_CODE_TAKEN', `A location with code ${input.code} exists.`, [{ field: 'code', message: 'is already used by another location' }]);
  }
  await appendEvents(tx, actor, now, [{ type: 'location.created', aggregateType: 'location', aggregateId: row.id, data: { code: row.code, type: row.type } }]);
  return row;
}

export async function changeLocation(tx: Db, actor: Actor, id: string, patch: Partial<Omit<LocationInput, 'code'>>, now: Date): Promise<LocationRow> {
  if (patch.address) requireCountry(patch.address.country, 'address.country');
  checkRoutingFields(patch);
  const moved = patch.address !== undefined || patch.latitude !== undefined;
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
    ...(moved && patch.address !== undefined ? coordinates(patch, patch.address) : moved ? { latitude: patch.latitude ?? null, longitude: patch.longitude ?? null } : {}),
    updatedAt: now,
  });
  if (!updated) throw new DomainError('LOCATION_NOT_FOUND', `No location ${id}.`);
  await appendEvents(tx, actor, now, [{ type: 'location.updated', aggregateType: 'location', aggregateId: id, data: { changes: patch } }]);
  return updated;
}
