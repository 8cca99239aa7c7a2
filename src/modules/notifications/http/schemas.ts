import { Type } from '@fastify/type-provider-typebox';
import { PageQuery } from '../../../platform/http/pagination.js';
import { listOf, nullable } from '../../../platform/http/schemas.js';
import { TEMPLATE_NAMES } from '../domain/catalog.js';
import type { NotificationRow, SuppressionRow } from '../db/schema.js';

export const NotificationId = Type.Object({ id: Type.String({ pattern: '^ntf_[0-9a-z]{26}$', description: 'A notification id (ntf_…)' }) }, { additionalProperties: false });

export const NotificationQuery = Type.Object(
  {
    ...PageQuery,
    order_id: Type.Optional(Type.String({ pattern: '^ord_[0-9a-z]{26}$', description: 'Only the messages about this order' })),
    status: Type.Optional(Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('suppressed'), Type.Literal('skipped')], { description: 'queued (waiting or to be retried), sent, failed (refused by the server, retries spent, or the template could not render), suppressed (the address is on the suppression list: not sent), skipped (not sent on purpose: opted out, template turned off, no_notification)' })),
    template: Type.Optional(Type.String({ enum: [...TEMPLATE_NAMES], description: 'Only the messages of this template' })),
    channel: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('sms')], { description: 'Only e-mails or only text messages' })),
    recipient: Type.Optional(Type.String({ minLength: 3, maxLength: 254, description: 'Only the messages to this address or phone number (the whole of it, any case)' })),
  },
  { additionalProperties: false },
);

const summary = {
  id: Type.String(),
  order_id: nullable(Type.String()),
  event_id: Type.String({ description: 'The event that caused the message: one message per event, template and recipient' }),
  template: Type.String({ description: 'The template (GET /v1/notification-templates): order_confirmation, shipping_confirmation, …' }),
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms')], { description: 'email; sms (to the order\'s phone, when it has no e-mail)' }),
  recipient: Type.String(),
  subject: Type.String(),
  status: Type.String({ description: 'queued, sent, failed, suppressed or skipped' }),
  locale: nullable(Type.String({ description: 'The locale it was written in' })),
  attempts: Type.Integer(),
  next_attempt_at: nullable(Type.String({ format: 'date-time', description: 'When a queued message is tried (again)' })),
  last_error: nullable(Type.String({ description: 'What the last failed attempt said (an SMTP reply, a connection error, a template problem); for a skipped message, why it was not sent' })),
  transport: nullable(Type.String({ description: 'smtp; sms (the SMS provider); or file: kept as an .eml (.txt for SMS) file in the data directory because no SMTP server (SMS provider) is configured' })),
  message_id: nullable(Type.String({ description: 'The Message-ID header, the same on every attempt' })),
  created_at: Type.String({ format: 'date-time' }),
  sent_at: nullable(Type.String({ format: 'date-time' })),
  bounce: nullable(Type.String({ description: 'What came back for the message, verified by its signed return path: hard_bounce, soft_bounce or complaint' })),
  bounce_detail: nullable(Type.String({ description: 'The report\'s Action, Status and Diagnostic-Code, or its Feedback-Type' })),
  bounced_at: nullable(Type.String({ format: 'date-time' })),
  delivery_status: nullable(Type.String({ description: 'A text\'s last delivery receipt from the SMS provider (queued, sending, sent, delivered, undelivered, failed); null for e-mail or before a receipt' })),
  delivery_error_code: nullable(Type.String({ description: 'The provider\'s error code with an undelivered or failed receipt (Twilio\'s ErrorCode: 30003 unreachable, 21610 unsubscribed …)' })),
  delivery_status_at: nullable(Type.String({ format: 'date-time' })),
};

export const NotificationSummary = Type.Object(summary, { additionalProperties: false });
export const NotificationView = Type.Object({ ...summary, html: Type.String(), text: Type.String() }, { additionalProperties: false });
export const NotificationList = listOf(NotificationSummary);

export function notificationSummary(n: NotificationRow) {
  return {
    id: n.id,
    order_id: n.orderId,
    event_id: n.eventId,
    template: n.template,
    channel: n.channel,
    recipient: n.recipient,
    subject: n.subject,
    status: n.status,
    locale: n.locale,
    attempts: n.attempts,
    next_attempt_at: n.status === 'queued' ? n.nextAttemptAt.toISOString() : null,
    last_error: n.lastError,
    transport: n.transport,
    message_id: n.messageId,
    created_at: n.createdAt.toISOString(),
    sent_at: n.sentAt?.toISOString() ?? null,
    bounce: n.bounce,
    bounce_detail: n.bounceDetail,
    bounced_at: n.bouncedAt?.toISOString() ?? null,
    delivery_status: n.deliveryStatus,
    delivery_error_code: n.deliveryErrorCode,
    delivery_status_at: n.deliveryStatusAt?.toISOString() ?? null,
  };
}

export function notificationView(n: NotificationRow) {
  return { ...notificationSummary(n), html: n.html, text: n.textBody };
}

export const BounceResult = Type.Object(
  {
    result: Type.Union([Type.Literal('hard_bounce'), Type.Literal('soft_bounce'), Type.Literal('complaint'), Type.Literal('not_a_failure')], {
      description: 'hard_bounce and complaint suppress the address; soft_bounce is recorded on the message only; not_a_failure (a DSN for a delivered or relayed message, a not-spam report) changes nothing',
    }),
    notification_id: Type.String(),
    recipient: Type.String({ description: 'The address the message went to (the one suppressed)' }),
    suppressed: Type.Boolean({ description: 'The address is on the suppression list now' }),
    detail: Type.String(),
  },
  { additionalProperties: false },
);

export const SuppressionAddress = Type.Object({ address: Type.String({ minLength: 3, maxLength: 254, description: 'The suppressed address (any case)' }) }, { additionalProperties: false });

export const SuppressionQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const SuppressionView = Type.Object(
  {
    address: Type.String({ description: 'Lower-cased' }),
    reason: Type.String({ description: 'hard_bounce (the mailbox does not exist), complaint (the recipient reported a message as spam) or sms_opt_out (the number texted STOP, or the provider said it is unsubscribed: 21610)' }),
    notification_id: nullable(Type.String({ description: 'The message whose bounce or complaint added the address' })),
    detail: nullable(Type.String()),
    created_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const SuppressionList = listOf(SuppressionView);

export function suppressionView(s: SuppressionRow) {
  return { address: s.address, reason: s.reason, notification_id: s.notificationId, detail: s.detail, created_at: s.createdAt.toISOString() };
}
