import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { linkSigning } from '../../../platform/kernel/link-signing.js';
import { VERIFICATION_REQUESTED } from '../../../platform/outbox/event-types.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { hashToken, readToken, signToken, VERIFICATION_TTL_MS } from '../domain/verification-token.js';
import type { ReviewCaseRow } from '../db/cases.queries.js';
import { findVerificationByHash, insertVerification, markVerificationUsed, voidVerificationsOfCase, type VerificationRow } from '../db/verifications.queries.js';

/** Customer verification links (ADR 0031): signed, expiring, stored hashed, one live per case. */
const PURPOSE = 'verification';

/**
 * A verification's link. The token is signed over the link's id and expiry, so whoever holds the
 * signing key can make the link again from those two: the event carries only them, and the
 * token — a credential that confirms an order — never reaches webhooks or the broker.
 */
export function verificationUrl(linkId: string, expiresAt: Date): string {
  const { key, publicUrl } = linkSigning(PURPOSE);
  return `${publicUrl}/verify/${signToken(key, { linkId, expiresAt })}`;
}

/**
 * A new link for a verification case; the case's earlier links are void. Answers the link and
 * the event `verification.requested` naming it (the notifications make the link again to send it).
 */
export async function requestVerification(tx: Db, actor: Actor, c: ReviewCaseRow, now: Date): Promise<{ url: string; expiresAt: Date; event: NewEvent }> {
  const { key, publicUrl } = linkSigning(PURPOSE);
  const voided = await voidVerificationsOfCase(tx, actor.tenantId, c.id, now);
  const id = newId('vfl');
  const expiresAt = new Date(now.getTime() + VERIFICATION_TTL_MS);
  const token = signToken(key, { linkId: id, expiresAt });
  await insertVerification(tx, { tenantId: actor.tenantId, id, caseId: c.id, orderId: c.orderId, holdId: c.holdId, tokenHash: hashToken(token), createdBy: actor.actorId, createdAt: now, expiresAt, usedAt: null, voidedAt: null });
  const url = `${publicUrl}/verify/${token}`;
  const event: NewEvent = { type: VERIFICATION_REQUESTED, aggregateType: 'order', aggregateId: c.orderId, data: { case_id: c.id, verification_id: id, expires_at: expiresAt.toISOString(), links_voided: voided } };
  return { url, expiresAt, event };
}

/**
 * The live link a token names, or a problem: malformed, tampered or unknown → 404; expired → 410;
 * used or replaced → 410. Nothing is written.
 */
export async function liveVerification(db: Db, token: string, now: Date): Promise<VerificationRow> {
  const payload = readToken(linkSigning(PURPOSE).key, token);
  if (typeof payload === 'string') throw new DomainError('VERIFICATION_LINK_INVALID', `The link is ${payload}.`, [{ field: 'token', message: `is ${payload}` }]);
  const link = await findVerificationByHash(db, hashToken(token));
  if (!link || link.id !== payload.linkId) throw new DomainError('VERIFICATION_LINK_INVALID', 'No such verification link.', [{ field: 'token', message: 'names no link' }]);
  if (link.usedAt || link.voidedAt) throw new DomainError('VERIFICATION_LINK_USED', link.usedAt ? 'This link was used already.' : 'A newer link replaced this one.', [{ field: 'token', message: link.usedAt ? 'was used' : 'was replaced' }]);
  if (link.expiresAt <= now) throw new DomainError('VERIFICATION_LINK_EXPIRED', `The link expired at ${link.expiresAt.toISOString()}.`, [{ field: 'token', message: 'has expired' }], { expired_at: link.expiresAt.toISOString() });
  return link;
}

/** Uses the link (once): 410 when another request used or replaced it first. */
export async function useVerification(tx: Db, link: VerificationRow, now: Date): Promise<void> {
  const used = await markVerificationUsed(tx, link.tenantId, link.id, now);
  if (!used) throw new DomainError('VERIFICATION_LINK_USED', 'This link was used or replaced meanwhile.', [{ field: 'token', message: 'was used' }]);
}

export { voidVerificationsOfCase };
