import { Type } from '@fastify/type-provider-typebox';
import { PageQuery } from '../../../platform/http/pagination.js';
import { listOf, nullable } from '../../../platform/http/schemas.js';
import type { NotificationRow } from '../db/schema.js';

export const NotificationId = Type.Object({ id: Type.String({ pattern: '^ntf_[0-9a-z]{26}$', description: 'A notification id (ntf_…)' }) }, { additionalProperties: false });

export const NotificationQuery = Type.Object(
  {
    ...PageQuery,
    order_id: Type.Optional(Type.String({ pattern: '^ord_[0-9a-z]{26}$', description: 'Only the messages about this order' })),
    status: Type.Optional(Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')], { description: 'queued (waiting or to be retried), sent, failed (refused by the server, retries spent, or the template could not render)' })),
  },
  { additionalProperties: false },
);

const summary = {
  id: Type.String(),
  order_id: nullable(Type.String()),
  event_id: Type.String({ description: 'The event that caused the message: one message per event, template and recipient' }),
  template: Type.String({ description: 'order_confirmation, shipping_confirmation, order_cancelled' }),
  channel: Type.Literal('email'),
  recipient: Type.String(),
  subject: Type.String(),
  status: Type.String({ description: 'queued, sent or failed' }),
  attempts: Type.Integer(),
  next_attempt_at: nullable(Type.String({ format: 'date-time', description: 'When a queued message is tried (again)' })),
  last_error: nullable(Type.String({ description: 'What the last failed attempt said (an SMTP reply, a connection error, a template problem)' })),
  transport: nullable(Type.String({ description: 'smtp, or file: kept as an .eml file in the data directory because no SMTP server is configured' })),
  message_id: nullable(Type.String({ description: 'The Message-ID header, the same on every attempt' })),
  created_at: Type.String({ format: 'date-time' }),
  sent_at: nullable(Type.String({ format: 'date-time' })),
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
    attempts: n.attempts,
    next_attempt_at: n.status === 'queued' ? n.nextAttemptAt.toISOString() : null,
    last_error: n.lastError,
    transport: n.transport,
    message_id: n.messageId,
    created_at: n.createdAt.toISOString(),
    sent_at: n.sentAt?.toISOString() ?? null,
  };
}

export function notificationView(n: NotificationRow) {
  return { ...notificationSummary(n), html: n.html, text: n.textBody };
}
