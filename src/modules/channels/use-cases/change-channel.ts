import { isDeepStrictEqual } from 'node:util';
import type { Db } from '../../../platform/db/database.js';
import { postgresErrorCode } from '../../../platform/db/sql-state.js';
import { DomainError } from '../../../platform/errors.js';
import { sealSecret } from '../../../platform/kernel/secret-box.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { lockChannel, updateChannel, type ChannelRow, type ChannelUpdate } from '../db/channels.queries.js';
import { checkChannelSettings } from './channels.js';

/** What PATCH /v1/channels/{id} may change; the type never changes. `null` removes a secret or token. */
export interface ChannelChanges {
  name?: string | undefined;
  /** Replaces the whole settings object; checked as on creation for the channel's type. */
  settings?: Record<string, unknown> | undefined;
  secret?: string | null | undefined;
  accessToken?: string | null | undefined;
  /** Already resolved to location ids by the caller (locations are the inventory module's). */
  locationIds?: string[] | undefined;
  active?: boolean | undefined;
}

/** How a secret or token changed, as the `channel.updated` event says it: never its value. */
type SealedChange = 'rotated' | 'removed';

/**
 * Changes a channel in the caller's transaction: rename, settings, rotate or remove the secret
 * and the API token, its locations, (re)activation. Only what differs is written; when something
 * did, `channel.updated` lists the changed fields (`secret: 'rotated' | 'removed'`, no values).
 */
export async function changeChannel(tx: Db, actor: Actor, id: string, changes: ChannelChanges, secretKey: Buffer | undefined, now: Date): Promise<ChannelRow> {
  const current = await lockChannel(tx, actor.tenantId, id);
  if (!current) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${id}.`);
  if (changes.settings !== undefined) checkChannelSettings(current.type, changes.settings);

  const set: ChannelUpdate = { updatedAt: now };
  const fields: string[] = [];
  const data: Record<string, unknown> = {};
  if (changes.name !== undefined && changes.name !== current.name) {
    set.name = changes.name;
    fields.push('name');
    data['name'] = changes.name;
  }
  if (changes.settings !== undefined && !isDeepStrictEqual(changes.settings, current.settings)) {
    set.settings = changes.settings;
    fields.push('settings');
  }
  if (changes.locationIds !== undefined && !isDeepStrictEqual([...changes.locationIds].sort(), [...current.locationIds].sort())) {
    set.locationIds = changes.locationIds;
    fields.push('locations');
    data['location_ids'] = changes.locationIds;
  }
  if (changes.active !== undefined && changes.active !== current.active) {
    set.active = changes.active;
    fields.push('active');
    data['active'] = changes.active;
  }
  const secret = sealed(changes.secret, current.secretSealed, secretKey);
  if (secret) {
    set.secretSealed = secret.value;
    fields.push('secret');
    data['secret'] = secret.change;
  }
  const token = sealed(changes.accessToken, current.accessTokenSealed, secretKey);
  if (token) {
    set.accessTokenSealed = token.value;
    fields.push('access_token');
    data['access_token'] = token.change;
  }
  if (fields.length === 0) return current;

  let row: ChannelRow | undefined;
  try {
    row = await updateChannel(tx, actor.tenantId, id, set);
  } catch (error) {
    // The only unique key an update can break is (tenant_id, name); the transaction is aborted, we only name the field.
    if (postgresErrorCode(error) === '23505') throw new DomainError('CHANNEL_NAME_TAKEN', `A channel named ${changes.name ?? ''} exists.`, [{ field: 'name', message: 'is already used by another channel' }]);
    throw error;
  }
  if (!row) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${id}.`);
  await appendEvents(tx, actor, now, [{ type: 'channel.updated', aggregateType: 'channel', aggregateId: id, data: { fields, ...data } }]);
  return row;
}

/** A new secret is sealed (always a rotation: the old one is not opened to compare); null removes one that exists. */
function sealed(given: string | null | undefined, stored: Uint8Array | null, secretKey: Buffer | undefined): { value: Buffer | null; change: SealedChange } | undefined {
  if (given === undefined) return undefined;
  if (given === null) return stored === null ? undefined : { value: null, change: 'removed' };
  if (!secretKey) throw new Error('no OMS_SECRET_KEY: channels cannot seal their secrets');
  return { value: sealSecret(given, secretKey), change: 'rotated' };
}
