import type { Db } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import { DomainError } from '../platform/errors.js';
import type { Actor } from '../platform/outbox/events.js';
import { resolveLocations } from '../modules/inventory/index.js';
import { issueApiKey, type IssuedApiKey, type Role } from '../modules/tenancy/index.js';

/**
 * Issues an API key for the caller's tenant. A `channel` key may stand for one location (a 3PL,
 * drop-ship vendor or store): it then sees and answers only that location's fulfillment orders.
 */
export async function issueKey(db: Db, actor: Actor, input: { name: string; role: Role; location?: string }, now: Date): Promise<IssuedApiKey & { location: string | null }> {
  if (input.location !== undefined && input.role !== 'channel') {
    throw new DomainError('API_KEY_LOCATION_NOT_CHANNEL', 'Only a channel key may be scoped to a location.', [{ field: 'location', message: 'needs role channel' }]);
  }
  const [location] = input.location !== undefined ? await resolveLocations(db, actor.tenantId, [input.location], () => 'location') : [];
  const issued = await inTransaction(db, (tx) => issueApiKey(tx, actor, actor.tenantId, { name: input.name, role: input.role, locationId: location?.id ?? null }, now));
  return { ...issued, location: location?.code ?? null };
}
