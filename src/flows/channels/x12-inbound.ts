import type { Db } from '../../platform/db/database.js';
import type { Actor } from '../../platform/outbox/events.js';
import { receiveInterchange, type X12Receipt } from './steps/x12-interchange.js';

export type { X12Receipt, X12SetOutcome } from './steps/x12-interchange.js';

/**
 * POST /v1/channels/{id}/x12: one interchange from the channel's trading partner, each 850 captured
 * like any order; the answer is the 997 (see `receiveInterchange`, which file imports share).
 */
export async function receiveX12Interchange(db: Db, actor: Actor, channelId: string, text: string, now: Date): Promise<X12Receipt> {
  return receiveInterchange(db, actor, channelId, text, now);
}
