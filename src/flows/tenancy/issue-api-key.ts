import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import type { Actor } from '../../platform/outbox/events.js';
import { findChannel } from '../../modules/channels/index.js';
import { resolveLocations } from '../../modules/inventory/index.js';
import { issueApiKey, type IssuedApiKey, type Role } from '../../modules/tenancy/index.js';

/**
 * Issues an API key for the caller's tenant. A `channel` key is either bound to one sales channel
 * (it captures orders for it and reads only its orders) or stands for one location (a 3PL,
 * drop-ship vendor or store: it sees and works only that location's fulfillment orders and
 * shipments) — exactly one of the two.
 */
export async function issueKey(db: Db, actor: Actor, input: { name: string; role: Role; location?: string; channel?: string }, now: Date): Promise<IssuedApiKey & { location: string | null; channel_id: string | null }> {
  if (input.location !== undefined && input.role !== 'channel') {
    throw new DomainError('API_KEY_LOCATION_NOT_CHANNEL', 'Only a channel key may be scoped to a location.', [{ field: 'location', message: 'needs role channel' }]);
  }
  if (input.channel !== undefined && (input.role !== 'channel' || input.location !== undefined)) {
    throw new DomainError('API_KEY_BINDING_INVALID', 'Only a channel key that stands for no location may be bound to a channel.', [{ field: 'channel', message: input.role !== 'channel' ? 'needs role channel' : 'cannot be given with location' }]);
  }
  if (input.role === 'channel' && input.channel === undefined && input.location === undefined) {
    throw new DomainError('API_KEY_BINDING_INVALID', 'A channel key is bound to one channel (`channel`) or stands for one location (`location`).', [{ field: 'channel', message: 'is required unless location is given' }]);
  }
  const [location] = input.location !== undefined ? await resolveLocations(db, actor.tenantId, [input.location], () => 'location') : [];
  const channel = input.channel !== undefined ? await findChannel(db, actor.tenantId, input.channel) : undefined;
  if (input.channel !== undefined && !channel) throw new DomainError('CHANNEL_UNKNOWN', `No channel ${input.channel}.`, [{ field: 'channel', message: 'is not a channel of this tenant' }]);
  const issued = await inTransaction(db, (tx) => issueApiKey(tx, actor, actor.tenantId, { name: input.name, role: input.role, locationId: location?.id ?? null, channelId: channel?.id ?? null }, now));
  return { ...issued, location: location?.code ?? null, channel_id: channel?.id ?? null };
}
