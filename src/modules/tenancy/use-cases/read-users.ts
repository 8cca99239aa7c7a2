import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { findUser, labelsOf, type UserRow } from '../db/users.queries.js';

export async function getUser(db: Db, tenantId: string, id: string): Promise<UserRow> {
  const user = await findUser(db, tenantId, id);
  if (!user) throw new DomainError('USER_NOT_FOUND', `No user ${id} in your tenant.`);
  return user;
}

/**
 * Labels for a timeline's actors, in two queries whatever its length: a user's e-mail, an API
 * key's name. Other actors (`system:…`, `channel:…`, `carrier:…`) are their own label.
 */
export async function actorLabels(db: Db, tenantId: string, actorIds: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(actorIds)];
  const found = await labelsOf(db, tenantId, unique.filter((a) => a.startsWith('usr_')), unique.filter((a) => a.startsWith('key_')));
  return new Map(unique.map((a) => [a, found.get(a) ?? a]));
}
