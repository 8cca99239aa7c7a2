import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { findNotification } from '../db/notifications.queries.js';
import { notifications } from '../db/schema.js';
import { addSuppression, suppressedAmong } from '../db/suppressions.queries.js';
import { liftSuppression } from './remove-suppression.js';

/**
 * Twilio's word on texts (ADR 0035, amended): status callbacks for the messages we sent, and
 * inbound messages to our number. Both arrive signed (the route checks `X-Twilio-Signature` before
 * calling these); nothing here trusts an address the request names beyond what is stored.
 */

/** How far along a status is: a callback never moves a message back (they may arrive out of order). */
const RANK: Record<string, number> = { accepted: 0, scheduled: 0, queued: 0, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3, read: 4, canceled: 3 };

/** Twilio's error for a recipient who replied STOP: the provider refuses every later text to them. */
export const TWILIO_UNSUBSCRIBED = '21610';

export interface SmsStatusOutcome {
  notification_id: string;
  delivery_status: string;
  error_code: string | null;
  /** The number was put on the suppression list (21610). */
  suppressed: boolean;
  /** False when the callback was older than what is recorded (nothing changed). */
  applied: boolean;
}

export async function receiveSmsStatus(db: Db, tenantId: string, notificationId: string, form: { status: string; errorCode: string | null }, now: Date): Promise<SmsStatusOutcome> {
  const status = form.status.toLowerCase();
  if (!(status in RANK)) throw new DomainError('REQUEST_INVALID', `MessageStatus ${form.status} is not one of Twilio's statuses.`, [{ field: 'MessageStatus', message: `is not one of ${Object.keys(RANK).join(', ')}` }]);
  return inTransaction(db, async (tx) => {
    const message = await findNotification(tx, tenantId, notificationId);
    if (!message || message.channel !== 'sms') throw new DomainError('NOTIFICATION_NOT_FOUND', `No text message ${notificationId}.`);
    const rank = RANK[status] as number;
    const known = message.deliveryStatus ? (RANK[message.deliveryStatus] ?? 0) : -1;
    const applied = rank >= known;
    if (applied) {
      await tx
        .update(notifications)
        .set({ deliveryStatus: status, deliveryErrorCode: form.errorCode, deliveryStatusAt: now })
        .where(and(eq(notifications.tenantId, tenantId), eq(notifications.id, notificationId), sql`coalesce(${notifications.deliveryStatus}, '') = ${message.deliveryStatus ?? ''}`));
    }
    let suppressed = false;
    if (form.errorCode === TWILIO_UNSUBSCRIBED && !message.recipient.startsWith('erased:')) {
      suppressed = true;
      await addSuppression(tx, { tenantId, address: message.recipient, reason: 'sms_opt_out', notificationId, detail: `Twilio ${TWILIO_UNSUBSCRIBED}: the recipient unsubscribed (replied STOP)`, createdAt: now });
    }
    return { notification_id: notificationId, delivery_status: applied ? status : (message.deliveryStatus ?? status), error_code: applied ? form.errorCode : message.deliveryErrorCode, suppressed, applied };
  });
}

/** Twilio's standard opt-out and opt-in keywords (the whole message, any case). */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const OPT_IN = new Set(['START', 'YES', 'UNSTOP']);

export interface InboundSmsOutcome {
  result: 'opted_out' | 'opted_in' | 'ignored';
  number: string;
}

/** An inbound text: STOP (and its synonyms) suppresses the sender's number; START lifts an opt-out it caused; anything else is ignored. */
export async function receiveInboundSms(db: Db, tenantId: string, from: string, body: string, now: Date): Promise<InboundSmsOutcome> {
  const number = from.replace(/[\s().-]/g, '');
  if (!/^\+[1-9]\d{6,14}$/.test(number)) throw new DomainError('REQUEST_INVALID', 'From is not an E.164 number.', [{ field: 'From', message: 'must be an E.164 phone number' }]);
  const word = body.trim().replace(/\s+/g, ' ').toUpperCase();
  if (OPT_OUT.has(word)) {
    await addSuppression(db, { tenantId, address: number, reason: 'sms_opt_out', notificationId: null, detail: `texted ${word}`, createdAt: now });
    return { result: 'opted_out', number };
  }
  if (OPT_IN.has(word)) {
    // Only an opt-out lifts: a number suppressed for another reason stays (an admin removes it).
    const entry = (await suppressedAmong(db, tenantId, [number])).get(number);
    if (entry?.reason === 'sms_opt_out') await liftSuppression(db, { tenantId, actorId: 'system:sms-inbound' }, number, 'the number texted START', now);
    return { result: 'opted_in', number };
  }
  return { result: 'ignored', number };
}
