import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents } from '../../../platform/outbox/events.js';
import { displayPrefix, generateApiKeySecret, hashApiKey } from '../domain/api-key-secret.js';
import { countTenants, insertApiKey, insertTenant } from '../db/tenancy.queries.js';

export interface BootstrapResult {
  tenantId: string;
  keyId: string;
  /** The admin key in clear, present only when it was generated (not given by OMS_ADMIN_KEY). */
  generatedKey?: string;
}

/**
 * On first start with an empty database: the root tenant and its first admin key. Runs under an
 * advisory lock so two processes starting together create one tenant, not two.
 */
export async function bootstrapFirstTenant(db: Db, now: Date, givenKey: string | undefined): Promise<BootstrapResult | undefined> {
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7423012)`);
    if ((await countTenants(tx)) > 0) return undefined;
    const tenantId = newId('ten');
    const keyId = newId('key');
    const secret = givenKey ?? generateApiKeySecret();
    await insertTenant(tx, { id: tenantId, name: 'Default', isRoot: true, settings: {}, createdAt: now });
    await insertApiKey(tx, {
      tenantId,
      id: keyId,
      name: 'initial admin',
      role: 'admin',
      keyHash: hashApiKey(secret),
      keyPrefix: displayPrefix(secret),
      createdAt: now,
      createdBy: null,
    });
    await appendEvents(tx, { tenantId, actorId: 'system:bootstrap' }, now, [
      { type: 'tenant.created', aggregateType: 'tenant', aggregateId: tenantId, data: { name: 'Default', root: true } },
      { type: 'api_key.created', aggregateType: 'api_key', aggregateId: keyId, data: { role: 'admin', name: 'initial admin' } },
    ]);
    return { tenantId, keyId, ...(givenKey ? {} : { generatedKey: secret }) };
  });
}
