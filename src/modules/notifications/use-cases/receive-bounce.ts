import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { findNotification } from '../db/notifications.queries.js';
import { addSuppression, recordBounce } from '../db/suppressions.queries.js';
import { readBounceReport } from '../domain/bounce-report.js';
import { verpNotificationIds } from '../domain/verp.js';

export interface BounceOutcome {
  result: 'hard_bounce' | 'soft_bounce' | 'complaint' | 'not_a_failure';
  notificationId: string;
  recipient: string;
  suppressed: boolean;
  detail: string;
}

/**
 * A bounce or complaint that came back (ADR 0035). Decided only on what can be verified: the
 * message is the one its signed VERP return path names (a report without one, or with a forged
 * one, records nothing), and the address suppressed is the one that message went to, as stored
 * here, never an address the report claims. A hard bounce or complaint suppresses it for the
 * tenant; a soft bounce is recorded on the message only.
 */
export async function receiveBounce(db: Db, tenantId: string, raw: string, verp: { key: Buffer; domain: string }, now: Date): Promise<BounceOutcome> {
  const [id] = verpNotificationIds(verp.key, verp.domain, tenantId, raw);
  if (!id) throw new DomainError('NOTIFICATION_BOUNCE_UNVERIFIED');
  const verdict = readBounceReport(raw);
  if (verdict.kind === 'unreadable') throw new DomainError('NOTIFICATION_BOUNCE_UNREADABLE', verdict.detail);
  return inTransaction(db, async (tx) => {
    const message = await findNotification(tx, tenantId, id);
    if (!message) throw new DomainError('NOTIFICATION_NOT_FOUND', `No notification ${id}.`);
    const base = { notificationId: id, recipient: message.recipient, detail: verdict.detail };
    if (verdict.kind === 'not_a_failure') return { ...base, result: verdict.kind, suppressed: false };
    await recordBounce(tx, tenantId, id, verdict.kind, verdict.detail, now);
    // An erased customer's message has no address left to suppress.
    const suppress = verdict.kind !== 'soft_bounce' && !message.recipient.startsWith('erased:');
    if (suppress) await addSuppression(tx, { tenantId, address: message.recipient, reason: verdict.kind === 'complaint' ? 'complaint' : 'hard_bounce', notificationId: id, detail: verdict.detail, createdAt: now });
    return { ...base, result: verdict.kind, suppressed: suppress };
  });
}
