import type { Db } from '../../platform/db/database.js';
import type { Actor } from '../../platform/outbox/events.js';
import { resolveLocations } from '../../modules/inventory/index.js';
import { changeUser, createUser, type UserRole, type UserRow } from '../../modules/tenancy/index.js';

/** A location code or id of the tenant, as its id (422 LOCATION_UNKNOWN on `location` otherwise). */
async function locationId(db: Db, tenantId: string, ref: string | undefined): Promise<string | undefined> {
  if (ref === undefined) return undefined;
  const [location] = await resolveLocations(db, tenantId, [ref], () => 'location');
  return location?.id;
}

/** Creates a staff account in the actor's tenant; a `location` user names its location by code or id. */
export async function createStaffUser(db: Db, actor: Actor, input: { email: string; name: string; role: UserRole; password?: string; location?: string }, now: Date): Promise<UserRow> {
  const location = await locationId(db, actor.tenantId, input.location);
  return createUser(db, actor, actor.tenantId, { email: input.email, name: input.name, role: input.role, locationId: location ?? null, ...(input.password !== undefined ? { password: input.password } : {}) }, now);
}

/** Changes a staff account; a new `location` is resolved first, and a role other than `location` drops it. */
export async function changeStaffUser(db: Db, actor: Actor, id: string, patch: { name?: string; role?: UserRole; location?: string; disabled?: boolean }, now: Date): Promise<UserRow> {
  const location = await locationId(db, actor.tenantId, patch.location);
  const binding = location !== undefined ? { locationId: location } : patch.role !== undefined && patch.role !== 'location' ? { locationId: null } : {};
  return changeUser(db, actor, id, { ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.role !== undefined ? { role: patch.role } : {}), ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}), ...binding }, now);
}
