import { index, integer, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

export type NotificationStatus = 'queued' | 'sent' | 'failed' | 'suppressed' | 'skipped';
export type NotificationTransport = 'smtp' | 'file' | 'sms';
export type NotificationChannel = 'email' | 'sms';
export type BounceKind = 'hard_bounce' | 'soft_bounce' | 'complaint';

/** A message to a customer (migrations/0052_notifications.sql, 0053; ADRs 0033, 0034). */
export const notifications = pgTable(
  'notifications',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    eventId: text('event_id').notNull(),
    template: text('template').notNull(),
    channel: text('channel').$type<NotificationChannel>().notNull(),
    recipient: text('recipient').notNull(),
    orderId: text('order_id'),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    textBody: text('text_body').notNull(),
    messageId: text('message_id'),
    status: text('status').$type<NotificationStatus>().notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leasedUntil: timestamp('leased_until', { withTimezone: true }),
    lastError: text('last_error'),
    transport: text('transport').$type<NotificationTransport>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    bounce: text('bounce').$type<BounceKind>(),
    bounceDetail: text('bounce_detail'),
    bouncedAt: timestamp('bounced_at', { withTimezone: true }),
    /** An SMS's last delivery receipt from the provider (migration 0060): queued, sending, sent, delivered, undelivered, failed … */
    deliveryStatus: text('delivery_status'),
    /** The provider's error code with an undelivered or failed receipt (Twilio's ErrorCode, e.g. 30003, 21610). */
    deliveryErrorCode: text('delivery_error_code'),
    deliveryStatusAt: timestamp('delivery_status_at', { withTimezone: true }),
    /** The locale the message was written in (migration 0053). */
    locale: text('locale'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('notifications_tenant_id_event_id_template_recipient_key').on(t.tenantId, t.eventId, t.template, t.recipient),
    index('notifications_by_order').on(t.tenantId, t.orderId, t.id),
    index('notifications_by_tenant').on(t.tenantId, t.id),
  ],
);

export type NotificationRow = typeof notifications.$inferSelect;

/** Addresses a tenant no longer sends to (migrations/0054_notification_delivery.sql, ADR 0035). */
export const notificationSuppressions = pgTable(
  'notification_suppressions',
  {
    tenantId: text('tenant_id').notNull(),
    address: text('address').notNull(),
    reason: text('reason').$type<SuppressionReason>().notNull(),
    notificationId: text('notification_id'),
    detail: text('detail'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.address] })],
);

export type SuppressionRow = typeof notificationSuppressions.$inferSelect;
/** hard_bounce and complaint: e-mail (ADR 0035); sms_opt_out: the number's owner texted STOP or the provider says it is unsubscribed (21610). */
export type SuppressionReason = 'hard_bounce' | 'complaint' | 'sms_opt_out';
