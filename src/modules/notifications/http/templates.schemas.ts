import { Type } from '@fastify/type-provider-typebox';
import { PageQuery } from '../../../platform/http/pagination.js';
import { listOf, nullable } from '../../../platform/http/schemas.js';
import { LOCALE_PATTERN, TEMPLATE_NAMES } from '../domain/catalog.js';
import { TEMPLATE_LIMITS } from '../domain/render.js';
import type { PreferenceRow, TemplateVersionRow } from '../db/templates.schema.js';

const Key = Type.String({ enum: [...TEMPLATE_NAMES], description: 'The template: order_confirmation, order_edited, …' });
const Locale = Type.String({ pattern: LOCALE_PATTERN, description: 'A BCP 47 locale tag: en, de, fr-CA' });

export const TemplateKeyParams = Type.Object({ key: Key, locale: Locale }, { additionalProperties: false });

const part = (what: string, max: number) => Type.String({ minLength: 1, maxLength: max, description: `${what}, in Liquid; absent: the part you have now, else the shipped default's` });
export const TemplateBody = Type.Object(
  {
    subject: Type.Optional(part('The subject (one line)', 2_000)),
    html: Type.Optional(part('The HTML part', TEMPLATE_LIMITS.sourceChars)),
    text: Type.Optional(part('The plain-text part', TEMPLATE_LIMITS.sourceChars)),
    enabled: Type.Optional(Type.Boolean({ description: 'false: this message is not sent in this locale (queued messages are kept as skipped, with the reason). Default true' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const LocaleEntry = Type.Object(
  {
    locale: Type.String(),
    source: Type.String({ description: 'tenant: your own version; shipped: the OMS default' }),
    enabled: Type.Boolean(),
    version: nullable(Type.Integer({ description: 'Your version’s number (each save and reset counts)' })),
    updated_by: nullable(Type.String()),
    updated_at: nullable(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export const TemplateSummary = Type.Object(
  {
    key: Type.String(),
    events: Type.Array(Type.String(), { description: 'The event types that send it' }),
    description: Type.String(),
    locales: Type.Array(LocaleEntry),
    overridden: Type.Boolean({ description: 'You have your own version in at least one locale' }),
    enabled: Type.Boolean({ description: 'Sent in every locale (false: turned off in at least one)' }),
  },
  { additionalProperties: false },
);
export const TemplateList = Type.Object({ data: Type.Array(TemplateSummary) }, { additionalProperties: false });

export const TemplateView = Type.Object(
  {
    key: Type.String(),
    locale: Type.String(),
    source: Type.String({ description: 'tenant or shipped' }),
    enabled: Type.Boolean(),
    version: nullable(Type.Integer()),
    updated_by: nullable(Type.String()),
    updated_at: nullable(Type.String({ format: 'date-time' })),
    subject: Type.String(),
    html: Type.String(),
    text: Type.String(),
    variables: Type.Array(Type.String(), { description: 'The variables this template’s data has (dotted paths; [] marks a list)' }),
  },
  { additionalProperties: false },
);

export const PreviewBody = Type.Object(
  {
    subject: Type.Optional(Type.String({ maxLength: 2_000 })),
    html: Type.Optional(Type.String({ maxLength: TEMPLATE_LIMITS.sourceChars })),
    text: Type.Optional(Type.String({ maxLength: TEMPLATE_LIMITS.sourceChars })),
    order_id: Type.Optional(Type.String({ pattern: '^ord_[0-9a-z]{26}$', description: 'Render with this order’s shop, customer and order data (the event’s own parts stay sample data); absent: all sample data' })),
  },
  { additionalProperties: false },
);
export const PreviewView = Type.Object(
  { subject: Type.String(), html: Type.String(), text: Type.String(), warnings: Type.Array(Type.String()), source: Type.String({ description: 'draft (the parts you sent, the rest stored), tenant or shipped' }) },
  { additionalProperties: false },
);

export const TestSendBody = Type.Object(
  {
    to: Type.String({ format: 'email', maxLength: 254, pattern: '^[^\\s<>,;]+$', description: 'One of your users’ e-mails or an address in settings.notification_test_recipients' }),
    order_id: Type.Optional(Type.String({ pattern: '^ord_[0-9a-z]{26}$' })),
  },
  { additionalProperties: false },
);
export const TestSendView = Type.Object({ notification_id: Type.String(), subject: Type.String(), to: Type.String() }, { additionalProperties: false });

export const PreferencesParams = Type.Object({ id: Type.String({ pattern: '^cus_[0-9a-z]{26}$' }) }, { additionalProperties: false });
export const PreferencesBody = Type.Object(
  {
    locale: Type.Optional(nullable(Locale)),
    email_opt_out: Type.Optional(Type.Boolean({ description: 'true: no e-mail is sent to this customer (each is kept as skipped)' })),
    sms_opt_out: Type.Optional(Type.Boolean({ description: 'true: no text message is sent to this customer' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const PreferencesView = Type.Object(
  { customer_id: Type.String(), locale: nullable(Type.String()), email_opt_out: Type.Boolean(), sms_opt_out: Type.Boolean(), updated_at: nullable(Type.String({ format: 'date-time' })) },
  { additionalProperties: false },
);

export function preferencesView(customerId: string, p: PreferenceRow | undefined) {
  return { customer_id: customerId, locale: p?.locale ?? null, email_opt_out: p?.emailOptOut ?? false, sms_opt_out: p?.smsOptOut ?? false, updated_at: p?.updatedAt.toISOString() ?? null };
}

export const TemplateVersionQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const TemplateVersionView = Type.Object(
  {
    version: Type.Integer(),
    change: Type.Union([Type.Literal('saved'), Type.Literal('reset')], { description: 'saved: your version as saved; reset: back to the shipped default (its parts are null)' }),
    subject: nullable(Type.String()),
    html: nullable(Type.String()),
    text: nullable(Type.String()),
    enabled: nullable(Type.Boolean()),
    updated_by: Type.String(),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const TemplateVersionList = listOf(TemplateVersionView);

export function templateVersionView(v: TemplateVersionRow) {
  return { version: v.version, change: v.subject === null ? ('reset' as const) : ('saved' as const), subject: v.subject, html: v.html, text: v.textBody, enabled: v.enabled, updated_by: v.updatedBy, updated_at: v.updatedAt.toISOString() };
}
