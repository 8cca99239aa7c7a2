import type { Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { displayPrefix, generateApiKeySecret, hashApiKey } from '../domain/api-key-secret.js';
import type { Role } from '../domain/roles.js';
import { insertApiKey } from '../db/tenancy.queries.js';

export interface IssuedApiKey {
  id: string;
  name: string;
  role: Role;
  key: string;
  key_prefix: string;
  created_at: string;
}

/** Issues a key for `tenantId`; the secret is returned once and only its hash is kept. */
export async function issueApiKey(db: Db, actor: Actor, tenantId: string, input: { name: string; role: Role; locationId?: string | null; channelId?: string | null }, now: Date): Promise<IssuedApiKey> {
  const id = newId('key');
  const secret = generateApiKeySecret();
  await insertApiKey(db, {
    tenantId,
    id,
    name: input.name,
    role: input.role,
    keyHash: hashApiKey(secret),
    keyPrefix: displayPrefix(secret),
    createdAt: now,
    createdBy: actor.actorId,
    locationId: input.locationId ?? null,
    channelId: input.channelId ?? null,
  });
  await appendEvents(db, { tenantId, actorId: actor.actorId }, now, [
    { type: 'api_key.created', aggregateType: 'api_key', aggregateId: id, data: { name: input.name, role: input.role, ...(input.locationId ? { location_id: input.locationId } : {}), ...(input.channelId ? { channel_id: input.channelId } : {}) } },
  ]);
  return { id, name: input.name, role: input.role, key: secret, key_prefix: displayPrefix(secret), created_at: now.toISOString() };
}
