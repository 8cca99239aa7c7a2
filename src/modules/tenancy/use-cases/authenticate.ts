import type { Db } from '../../../platform/db/database.js';
import type { Principal } from '../../../platform/http/principal.js';
import { hashApiKey } from '../domain/api-key-secret.js';
import { findActiveKeyByHash } from '../db/tenancy.queries.js';

export async function authenticate(db: Db, secret: string): Promise<Principal | undefined> {
  const row = await findActiveKeyByHash(db, hashApiKey(secret));
  if (!row) return undefined;
  return { tenantId: row.tenantId, keyId: row.id, role: row.role, isRootTenant: row.isRoot, ...(row.locationId ? { locationId: row.locationId } : {}), ...(row.channelId ? { channelId: row.channelId } : {}) };
}
