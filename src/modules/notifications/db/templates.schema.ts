import { boolean, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** A tenant's own version of a template in one locale (migrations/0053_notification_templates.sql, ADR 0034). */
export const notificationTemplates = pgTable(
  'notification_templates',
  {
    tenantId: text('tenant_id').notNull(),
    template: text('template').notNull(),
    locale: text('locale').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    textBody: text('text_body').notNull(),
    enabled: boolean('enabled').notNull(),
    version: integer('version').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.template, t.locale] })],
);

/** Every write and delete of a tenant's template; null parts: a delete (back to the shipped default). */
export const notificationTemplateVersions = pgTable(
  'notification_template_versions',
  {
    tenantId: text('tenant_id').notNull(),
    template: text('template').notNull(),
    locale: text('locale').notNull(),
    version: integer('version').notNull(),
    subject: text('subject'),
    html: text('html'),
    textBody: text('text_body'),
    enabled: boolean('enabled'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.template, t.locale, t.version] })],
);

/** A customer's language and opt-outs. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    tenantId: text('tenant_id').notNull(),
    customerId: text('customer_id').notNull(),
    locale: text('locale'),
    emailOptOut: boolean('email_opt_out').notNull(),
    smsOptOut: boolean('sms_opt_out').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.customerId] })],
);

export type TemplateOverrideRow = typeof notificationTemplates.$inferSelect;
export type TemplateVersionRow = typeof notificationTemplateVersions.$inferSelect;
export type PreferenceRow = typeof notificationPreferences.$inferSelect;
