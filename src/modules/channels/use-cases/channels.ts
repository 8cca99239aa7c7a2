import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { openSecret, sealSecret } from '../../../platform/kernel/secret-box.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { insertChannel, type ChannelRow } from '../db/channels.queries.js';
import type { ChannelType } from '../db/schema.js';

export interface ChannelInput {
  type: ChannelType;
  name: string;
  secret?: string | undefined;
  settings?: Record<string, unknown> | undefined;
  locationIds: string[];
}

/** POST /v1/channels: the secret is sealed before it is stored and never returned. */
export async function createChannel(tx: Db, actor: Actor, input: ChannelInput, secretKey: Buffer, now: Date): Promise<ChannelRow> {
  const row: ChannelRow = {
    tenantId: actor.tenantId,
    id: newId('chn'),
    type: input.type,
    name: input.name,
    secretSealed: input.secret ? sealSecret(input.secret, secretKey) : null,
    settings: input.settings ?? {},
    locationIds: input.locationIds,
    active: true,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await insertChannel(tx, row))) throw new DomainError('CHANNEL_NAME_TAKEN', `A channel named ${input.name} exists.`, [{ field: 'name', message: 'is already used by another channel' }]);
  await appendEvents(tx, actor, now, [{ type: 'channel.created', aggregateType: 'channel', aggregateId: row.id, data: { type: row.type, name: row.name, has_secret: row.secretSealed !== null } }]);
  return row;
}

/** The channel's secret in clear, for checking a signature; undefined when it has none. */
export function channelSecret(row: ChannelRow, secretKey: Buffer): string | undefined {
  return row.secretSealed ? openSecret(row.secretSealed, secretKey) : undefined;
}
