import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { lockActiveAdminKeys, lockApiKey, revokeApiKey } from '../db/tenancy.queries.js';

/** Revokes a key of the caller's tenant. The last active admin key stays, so a tenant is never locked out. */
export async function revokeKey(db: Db, actor: Actor, keyId: string, now: Date): Promise<void> {
  return inTransaction(db, async (tx) => {
    const admins = await lockActiveAdminKeys(tx, actor.tenantId);
    const key = await lockApiKey(tx, actor.tenantId, keyId);
    if (!key) throw new DomainError('API_KEY_NOT_FOUND', `No API key ${keyId} in your tenant.`);
    if (key.revokedAt) return;
    if (key.role === 'admin' && admins.length <= 1) throw new DomainError('API_KEY_LAST_ADMIN');
    await revokeApiKey(tx, actor.tenantId, keyId, now);
    await appendEvents(tx, actor, now, [{ type: 'api_key.revoked', aggregateType: 'api_key', aggregateId: keyId, data: { role: key.role } }]);
  });
}
