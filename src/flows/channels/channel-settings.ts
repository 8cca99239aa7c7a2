import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Actor } from '../../platform/outbox/events.js';
import { changeChannel, createChannel, type ChannelChanges, type ChannelInput, type ChannelRow } from '../../modules/channels/index.js';
import { resolveLocations } from '../../modules/inventory/index.js';

/** Location codes or ids, in place of the ids the channels module stores (locations are the inventory module's). */
type WithLocationRefs<T> = Omit<T, 'locationIds'> & { locations?: string[] | undefined };

const locationField = (i: number) => `locations[${i}]`;

/** POST /v1/channels: connects a sales channel fed by the given locations, in one transaction. */
export async function connectChannel(db: Db, actor: Actor, input: WithLocationRefs<ChannelInput>, secretKey: Buffer, now: Date): Promise<ChannelRow> {
  const { locations: refs, ...rest } = input;
  return inTransaction(db, async (tx) => {
    const locations = await resolveLocations(tx, actor.tenantId, refs ?? [], locationField);
    return createChannel(tx, actor, { ...rest, locationIds: locations.map((l) => l.id) }, secretKey, now);
  });
}

/** PATCH /v1/channels/{id}: changes a channel; `locations`, when given, replaces the list. */
export async function reconfigureChannel(db: Db, actor: Actor, id: string, changes: WithLocationRefs<ChannelChanges>, secretKey: Buffer | undefined, now: Date): Promise<ChannelRow> {
  const { locations: refs, ...rest } = changes;
  return inTransaction(db, async (tx) => {
    const locations = refs ? await resolveLocations(tx, actor.tenantId, refs, locationField) : undefined;
    return changeChannel(tx, actor, id, { ...rest, locationIds: locations?.map((l) => l.id) }, secretKey, now);
  });
}
