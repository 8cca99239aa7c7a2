import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { requireCountry } from '../../../platform/kernel/country.js';
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
}

export async function createLocation(tx: Db, actor: Actor, input: LocationInput, now: Date): Promise<LocationRow> {
  if (input.address) requireCountry(input.address.country, 'address.country');
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
  const updated = await updateLocation(tx, actor.tenantId, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.type !== undefined ? { type: patch.type } : {}),
    ...(patch.address !== undefined ? { address: patch.address } : {}),
    ...(patch.ships_to_customers !== undefined ? { shipsToCustomers: patch.ships_to_customers } : {}),
    ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
    updatedAt: now,
  });
  if (!updated) throw new DomainError('LOCATION_NOT_FOUND', `No location ${id}.`);
  await appendEvents(tx, actor, now, [{ type: 'location.updated', aggregateType: 'location', aggregateId: id, data: { changes: patch } }]);
  return updated;
}
