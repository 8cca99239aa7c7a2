import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents } from '../../../platform/outbox/events.js';
import { insertTenant } from '../db/tenancy.queries.js';
import { issueApiKey, type IssuedApiKey } from './create-api-key.js';

/** Only the installation's operator (an admin of the root tenant) creates tenants. */
export async function createTenant(db: Db, principal: Principal, input: { name: string }, now: Date): Promise<{ id: string; name: string; api_key: IssuedApiKey }> {
  return inTransaction(db, async (tx) => {
    if (!principal.isRootTenant || principal.role !== 'admin') throw new DomainError('TENANT_ROOT_ONLY');
    const id = newId('ten');
    await insertTenant(tx, { id, name: input.name, isRoot: false, settings: {}, createdAt: now });
    const actor = { tenantId: principal.tenantId, actorId: principal.keyId };
    await appendEvents(tx, { tenantId: id, actorId: principal.keyId }, now, [
      { type: 'tenant.created', aggregateType: 'tenant', aggregateId: id, data: { name: input.name, created_by_tenant: principal.tenantId } },
    ]);
    const apiKey = await issueApiKey(tx, actor, id, { name: 'initial admin', role: 'admin' }, now);
    return { id, name: input.name, api_key: apiKey };
  });
}
