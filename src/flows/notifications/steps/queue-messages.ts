import type { Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import { findPreferences, queueNotifications, renderMessage, resolveTemplate, TemplateError, type NewNotification, type TemplateName } from '../../../modules/notifications/index.js';
import { getSettings } from '../../../modules/tenancy/index.js';
import { composeTemplate, isNotApplicable } from './compose.js';
import { smsBody } from './sms-body.js';

/** What queueing one template for one event did: queued (or kept as skipped / failed), already queued, or not applicable (nothing queued). */
export interface QueueOutcome {
  result: 'done' | 'nothing_to_do' | 'not_applicable';
  detail: string;
}

/**
 * One template for one event (ADR 0033, 0034; asked by an automation's `send_template`, ADR 0038),
 * in the caller's transaction: compose the message, choose its locale (the customer's, the
 * tenant's default, en) and template (the tenant's own or the shipped one), render, and queue. A
 * message not to be sent — the customer opted out of that channel (e-mail or SMS), the template is
 * turned off in that locale, the staff action said no_notification — is still rendered and kept,
 * as `skipped` with the reason. The (event, template, recipient) key queues it once.
 */
export async function queueTemplate(tx: Db, event: RelayedEvent, template: TemplateName, now: Date): Promise<QueueOutcome> {
  const c = await composeTemplate(tx, event, template);
  if (isNotApplicable(c)) return { result: 'not_applicable', detail: c.notApplicable };
  const settings = await getSettings(tx, event.tenantId);
  const prefs = c.customerId ? await findPreferences(tx, event.tenantId, c.customerId) : undefined;
  const resolved = await resolveTemplate(tx, event.tenantId, c.template, [prefs?.locale, settings.notification_locale]);
  const optedOut = c.channel === 'sms' ? prefs?.smsOptOut : prefs?.emailOptOut;
  const skip = c.skip ?? (optedOut ? `not sent: the customer opted out of ${c.channel === 'sms' ? 'text messages' : 'e-mail'}` : undefined) ?? (resolved.enabled ? undefined : `not sent: the tenant turned ${c.template} off in locale ${resolved.locale}`);
  const id = newId('ntf');
  const base = { tenantId: event.tenantId, id, eventId: event.id, template: c.template, channel: c.channel, recipient: c.recipient, orderId: c.orderId, locale: resolved.locale, nextAttemptAt: now, createdAt: now };
  let row: NewNotification;
  try {
    const rendered = await renderMessage(resolved.template, { ...c.data, locale: resolved.locale });
    // A text message: the subject and the one link (steps/sms-body.ts); an e-mail: both parts.
    const body = c.channel === 'sms' ? { html: '', textBody: smsBody(rendered.subject, c.data) } : { html: rendered.html, textBody: rendered.text };
    row = { ...base, subject: rendered.subject, ...body, ...(skip ? { status: 'skipped' as const, lastError: skip } : {}) };
  } catch (error) {
    // A template that cannot render is recorded as failed (and shown), never retried by the relay.
    if (!(error instanceof TemplateError)) throw error;
    row = { ...base, subject: '', html: '', textBody: '', status: 'failed', lastError: `template ${c.template} (${resolved.locale}, ${resolved.source}): ${error.message}` };
  }
  const queued = await queueNotifications(tx, [row]);
  if (queued === 0) return { result: 'nothing_to_do', detail: `${template} to ${c.channel === 'sms' ? 'the order’s phone' : 'the order’s e-mail'} was already queued for this event` };
  const what = row.status === 'skipped' ? `kept as skipped (${row.lastError ?? ''})` : row.status === 'failed' ? `recorded as failed (${row.lastError ?? ''})` : `queued by ${c.channel}`;
  return { result: 'done', detail: `${template} ${what}: message ${id}` };
}
