import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import type { Principal } from '../../platform/http/principal.js';
import { resolveLocations, type LocationRow } from '../../modules/inventory/index.js';

/**
 * How a scoped key's rows are narrowed (routes declare `scope: 'channel' | 'location'`; the auth
 * hook lets a scoped key reach only those). A record outside the scope is answered exactly like
 * one that does not exist.
 */

/** A key bound to a channel captures only for it: the requested channel must be its id (absent: its id). */
export function captureChannel<T extends string | null | undefined>(p: Principal, requested: T): T | string {
  if (p.channelId === undefined) return requested;
  if (requested !== undefined && requested !== null && requested !== p.channelId) {
    throw new DomainError('AUTH_CHANNEL_MISMATCH', `This key captures for channel ${p.channelId} only.`, [{ field: 'channel', message: `must be ${p.channelId}` }]);
  }
  return p.channelId;
}

/** Whether the caller sees a record of this channel (a channel key: only its own channel's). */
export function seesChannel(p: Principal, channel: string | null | undefined): boolean {
  return p.channelId === undefined || channel === p.channelId;
}

/** Whether the caller sees a record of this location (a location key: only its own location's). */
export function seesLocation(p: Principal, locationId: string | null | undefined): boolean {
  return p.locationId === undefined || locationId === p.locationId;
}

/** A location a request names; a location key resolves only its own (another answers as an unknown one would). */
export async function locationInScope(db: Db, p: Principal, ref: string, field: string): Promise<LocationRow> {
  const [found] = await resolveLocations(db, p.tenantId, [ref], () => field);
  if (!found) throw new Error('resolveLocations answered no location');
  if (!seesLocation(p, found.id)) throw new DomainError('LOCATION_UNKNOWN', 'Some locations do not exist.', [{ field, message: `no location with code or id "${ref}"` }]);
  return found;
}
