import type { Db } from '../../../platform/db/database.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import { findPreferences, queueNotifications, renderMessage, resolveTemplate, TemplateError, type NewNotification } from '../../../modules/notifications/index.js';
import { getSettings } from '../../../modules/tenancy/index.js';
import { compose } from './compose.js';
import { smsBody } from './sms-body.js';

/**
 * The subscriber's work for one event (ADR 0033, 0034), in the relay's transaction: compose the
 * messages it causes, choose each one's locale (the customer's, the tenant's default, en) and
 * template (the tenant's own or the shipped one), render, and queue. A message not to be sent —
 * the customer opted out of that channel (e-mail or SMS), the template is turned off in that locale, the staff action
 * said no_notification — is still rendered and kept, as `skipped` with the reason.
 */
export async function queueMessagesFor(tx: Db, event: RelayedEvent, now: Date): Promise<number> {
  const composed = await compose(tx, event);
  if (composed.length === 0) return 0;
  const settings = await getSettings(tx, event.tenantId);
  const rows: NewNotification[] = [];
  for (const c of composed) {
    const prefs = c.customerId ? await findPreferences(tx, event.tenantId, c.customerId) : undefined;
    const resolved = await resolveTemplate(tx, event.tenantId, c.template, [prefs?.locale, settings.notification_locale]);
    const optedOut = c.channel === 'sms' ? prefs?.smsOptOut : prefs?.emailOptOut;
    const skip = c.skip ?? (optedOut ? `not sent: the customer opted out of ${c.channel === 'sms' ? 'text messages' : 'e-mail'}` : undefined) ?? (resolved.enabled ? undefined : `not sent: the tenant turned ${c.template} off in locale ${resolved.locale}`);
    const base = { tenantId: event.tenantId, id: newId('ntf'), eventId: event.id, template: c.template, channel: c.channel, recipient: c.recipient, orderId: c.orderId, locale: resolved.locale, nextAttemptAt: now, createdAt: now };
    try {
      const rendered = await renderMessage(resolved.template, { ...c.data, locale: resolved.locale });
      // A text message: the subject and the one link (steps/sms-body.ts); an e-mail: both parts.
      const body = c.channel === 'sms' ? { html: '', textBody: smsBody(rendered.subject, c.data) } : { html: rendered.html, textBody: rendered.text };
      rows.push({ ...base, subject: rendered.subject, ...body, ...(skip ? { status: 'skipped' as const, lastError: skip } : {}) });
    } catch (error) {
      // A template that cannot render is recorded as failed (and shown), never retried by the relay.
      if (!(error instanceof TemplateError)) throw error;
      rows.push({ ...base, subject: '', html: '', textBody: '', status: 'failed', lastError: `template ${c.template} (${resolved.locale}, ${resolved.source}): ${error.message}` });
    }
  }
  return queueNotifications(tx, rows);
}
