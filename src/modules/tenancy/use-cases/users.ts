import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { postgresErrorCode } from '../../../platform/db/sql-state.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { normalEmail, passwordProblem } from '../domain/passwords.js';
import type { UserRole } from '../domain/roles.js';
import { revokeSessionsOf } from '../db/sessions.queries.js';
import { insertUser, lockActiveAdminUsers, lockUser, updateUser as writeUser, type UserRow } from '../db/users.queries.js';
import { hashPassword } from './password-hashing.js';

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  /** The location's id (resolved by the caller); required for, and only for, role `location`. */
  locationId?: string | null;
  /** Absent: the user has no password until they set one through a reset link. */
  password?: string;
}

/** Refuses a password the user may not choose (422 PASSWORD_TOO_WEAK, on `password`). */
export function checkPassword(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new DomainError('PASSWORD_TOO_WEAK', `The password ${problem}.`, [{ field: 'password', message: problem }]);
}

function checkBinding(role: UserRole, locationId: string | null | undefined): void {
  if ((role === 'location') !== Boolean(locationId)) {
    throw new DomainError('USER_LOCATION_INVALID', undefined, [{ field: 'location', message: role === 'location' ? 'is required for role location' : 'is only for role location' }]);
  }
}

/** Creates a staff account in `tenantId`; the password is hashed before the transaction opens. */
export async function createUser(db: Db, actor: Actor, tenantId: string, input: NewUser, now: Date): Promise<UserRow> {
  const email = normalEmail(input.email);
  checkBinding(input.role, input.locationId);
  if (input.password !== undefined) checkPassword(input.password, email);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const row: UserRow = { tenantId, id: newId('usr'), email, name: input.name, role: input.role, locationId: input.locationId ?? null, passwordHash, disabledAt: null, createdAt: now, updatedAt: now };
  try {
    await inTransaction(db, async (tx) => {
      await insertUser(tx, row);
      await appendEvents(tx, { tenantId, actorId: actor.actorId }, now, [
        { type: 'user.created', aggregateType: 'user', aggregateId: row.id, data: { email, role: row.role, ...(row.locationId ? { location_id: row.locationId } : {}) } },
      ]);
    });
  } catch (error) {
    if (postgresErrorCode(error) === '23505') throw new DomainError('USER_EMAIL_TAKEN', `There is already a user with the e-mail ${email}.`, [{ field: 'email', message: 'is taken' }]);
    throw error;
  }
  return row;
}

export interface UserPatch {
  name?: string;
  role?: UserRole;
  /** A location id; null to unbind (when the role changes away from `location`). */
  locationId?: string | null;
  disabled?: boolean;
}

/**
 * Changes a user of the actor's tenant. Disabling revokes every session of the user at once. The
 * tenant's last active admin may not be demoted or disabled, whoever asks.
 */
export async function changeUser(db: Db, actor: Actor, id: string, patch: UserPatch, now: Date): Promise<UserRow> {
  return inTransaction(db, async (tx) => {
    const admins = await lockActiveAdminUsers(tx, actor.tenantId);
    const user = await lockUser(tx, actor.tenantId, id);
    if (!user) throw new DomainError('USER_NOT_FOUND', `No user ${id} in your tenant.`);
    const role = patch.role ?? user.role;
    const locationId = patch.locationId !== undefined ? patch.locationId : role === 'location' ? user.locationId : null;
    checkBinding(role, locationId);
    const disabledAt = patch.disabled === undefined ? user.disabledAt : patch.disabled ? (user.disabledAt ?? now) : null;
    const wasActiveAdmin = user.role === 'admin' && !user.disabledAt;
    if (wasActiveAdmin && (role !== 'admin' || disabledAt) && admins.length <= 1) {
      throw new DomainError('USER_LAST_ADMIN', 'This is the last active admin of the tenant: make another user admin first.', [{ field: patch.role !== undefined && role !== 'admin' ? 'role' : 'disabled', message: 'would leave the tenant without an admin' }]);
    }
    const next: UserRow = { ...user, name: patch.name ?? user.name, role, locationId, disabledAt, updatedAt: now };
    await writeUser(tx, actor.tenantId, id, { name: next.name, role, locationId, disabledAt, updatedAt: now });
    const revoked = disabledAt && !user.disabledAt ? await revokeSessionsOf(tx, actor.tenantId, id, now) : 0;
    const changes = { ...(patch.name !== undefined ? { name: next.name } : {}), ...(patch.role !== undefined ? { role } : {}), ...(patch.locationId !== undefined || patch.role !== undefined ? { location_id: locationId } : {}), ...(patch.disabled !== undefined ? { disabled: Boolean(disabledAt) } : {}) };
    await appendEvents(tx, actor, now, [{ type: disabledAt && !user.disabledAt ? 'user.disabled' : 'user.updated', aggregateType: 'user', aggregateId: id, data: { changes, ...(revoked ? { sessions_revoked: revoked } : {}) } }]);
    return next;
  });
}
